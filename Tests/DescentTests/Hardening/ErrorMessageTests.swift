import Testing

@testable import Descent

/// Every error case's message names what it is about: the values, shapes, files, lines and
/// columns involved. Each enum has an exhaustive `name(of:)` switch, so a new case that this
/// table lacks fails to compile here or fails the coverage check.
@Suite("Error messages name the operation, the values involved and what was expected")
struct ErrorMessageTests {
  /// Checks that each error's message contains every fragment, and that the cases cover
  /// every name `name` gives.
  func check<E: CustomStringConvertible>(
    _ table: [(E, [String])], all names: Set<String>, name: (E) -> String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for (error, fragments) in table {
      for fragment in fragments {
        #expect(
          error.description.contains(fragment),
          "\(name(error)): \"\(error)\" lacks \"\(fragment)\"",
          sourceLocation: sourceLocation)
      }
      #expect(!error.description.isEmpty, sourceLocation: sourceLocation)
    }
    #expect(Set(table.map { name($0.0) }) == names, sourceLocation: sourceLocation)
  }

  @Test("DataError")
  func dataError() {
    func name(_ e: DataError) -> String {
      switch e {
      case .fileNotFound: "fileNotFound"
      case .unreadableFile: "unreadableFile"
      case .emptyFile: "emptyFile"
      case .noDataRows: "noDataRows"
      case .noFeatureColumns: "noFeatureColumns"
      case .emptyColumnName: "emptyColumnName"
      case .duplicateColumn: "duplicateColumn"
      case .unknownTargetColumn: "unknownTargetColumn"
      case .raggedRow: "raggedRow"
      case .missingCell: "missingCell"
      case .notANumber: "notANumber"
      case .notANumberForModel: "notANumberForModel"
      case .missingCellForModel: "missingCellForModel"
      case .mixedTarget: "mixedTarget"
      case .notFinite: "notFinite"
      case .headerIsNumeric: "headerIsNumeric"
      case .wrongSeparator: "wrongSeparator"
      case .unknownColumn: "unknownColumn"
      case .unknownClass: "unknownClass"
      case .missingFeatureColumn: "missingFeatureColumn"
      case .conflictingColumnOptions: "conflictingColumnOptions"
      case .allRowsDropped: "allRowsDropped"
      case .unterminatedQuote: "unterminatedQuote"
      case .unknownDataset: "unknownDataset"
      }
    }
    let table: [(DataError, [String])] = [
      (.fileNotFound(path: "/x/a.csv"), ["/x/a.csv"]),
      (.unreadableFile(path: "/x/a.csv", reason: "not UTF-8"), ["/x/a.csv", "not UTF-8"]),
      (.emptyFile(file: "a.csv"), ["a.csv"]),
      (.noDataRows(file: "a.csv"), ["a.csv"]),
      (.noFeatureColumns(file: "a.csv", target: "y"), ["a.csv", "\"y\""]),
      (.emptyColumnName(file: "a.csv", line: 1, columnIndex: 3), ["a.csv", "line 1", "3"]),
      (
        .duplicateColumn(file: "a.csv", line: 1, name: "x", firstIndex: 2, secondIndex: 5),
        ["a.csv", "line 1", "\"x\"", "2", "5"]
      ),
      (
        .unknownTargetColumn(file: "a.csv", name: "z", available: ["x", "y"]),
        ["a.csv", "z", "\"x\""]
      ),
      (.raggedRow(file: "a.csv", line: 7, expected: 3, found: 4), ["a.csv", "line 7", "3", "4"]),
      (
        .missingCell(file: "a.csv", line: 7, column: "x", columnIndex: 2),
        ["a.csv", "line 7", "\"x\"", "2"]
      ),
      (
        .notANumber(file: "a.csv", line: 7, column: "x", columnIndex: 2, value: "abc"),
        ["a.csv", "line 7", "\"x\"", "abc"]
      ),
      (
        .notANumberForModel(file: "a.csv", line: 2, column: "x", columnIndex: 2, value: "abc"),
        ["a.csv", "line 2", "\"x\"", "abc", "the model reads this column as numbers"]
      ),
      (
        .missingCellForModel(file: "a.csv", line: 2, column: "x", columnIndex: 2),
        ["a.csv", "line 2", "\"x\"", "fill it in", "--missing mean"]
      ),
      (
        .mixedTarget(file: "a.csv", line: 7, column: "y", columnIndex: 3, value: "cat"),
        ["a.csv", "line 7", "\"y\"", "cat"]
      ),
      (
        .notFinite(file: "a.csv", line: 7, column: "x", columnIndex: 2, value: "1e999"),
        ["a.csv", "line 7", "\"x\"", "1e999"]
      ),
      (.headerIsNumeric(file: "a.csv", line: 1, fields: ["1", "2"]), ["a.csv", "line 1"]),
      (.wrongSeparator(file: "a.csv", line: 1, separator: ";"), ["a.csv", "line 1", ";"]),
      (
        .unknownColumn(file: "a.csv", name: "q", option: "--ignore", available: ["x"]),
        ["a.csv", "\"q\"", "--ignore", "\"x\""]
      ),
      (
        .unknownClass(
          file: "a.csv", line: 4, column: "y", columnIndex: 5, value: "rose", classes: ["iris"]),
        ["a.csv", "line 4", "\"y\"", "rose", "iris"]
      ),
      (
        .missingFeatureColumn(file: "a.csv", name: "w", available: ["x"]),
        ["a.csv", "\"w\"", "\"x\""]
      ),
      (
        .conflictingColumnOptions(column: "x", roles: ["the target", "in --ignore"]),
        ["x", "the target", "--ignore"]
      ),
      (.allRowsDropped(file: "a.csv", rowCount: 12), ["a.csv", "12"]),
      (.unterminatedQuote(file: "a.csv", line: 9), ["a.csv", "line 9"]),
      (.unknownDataset(name: "mnist", available: ["iris"]), ["mnist", "iris"]),
    ]
    check(
      table,
      all: [
        "fileNotFound", "unreadableFile", "emptyFile", "noDataRows", "noFeatureColumns",
        "emptyColumnName", "duplicateColumn", "unknownTargetColumn", "raggedRow", "missingCell",
        "notANumber", "notANumberForModel", "missingCellForModel", "mixedTarget", "notFinite",
        "headerIsNumeric",
        "wrongSeparator",
        "unknownColumn", "unknownClass", "missingFeatureColumn", "conflictingColumnOptions",
        "allRowsDropped", "unterminatedQuote", "unknownDataset",
      ], name: name)
  }

  @Test("TrainingError and ConfigurationError")
  func trainingError() {
    func name(_ e: TrainingError) -> String {
      switch e {
      case .diverged: "diverged"
      case .lossExploded: "lossExploded"
      case .gradientNotFinite: "gradientNotFinite"
      case .unsupportedSetting: "unsupportedSetting"
      case .interrupted: "interrupted"
      case .checkpoint: "checkpoint"
      case .tooFewRows: "tooFewRows"
      case .singleClass: "singleClass"
      case .noTestRowsForClasses: "noTestRowsForClasses"
      case .modelTooLarge: "modelTooLarge"
      case .targetOutOfRange: "targetOutOfRange"
      }
    }
    let table: [(TrainingError, [String])] = [
      (
        .diverged(epoch: 3, batch: 7, loss: .nan, learningRate: 0.5),
        ["epoch 3", "batch 7", "NaN", "0.5", "0.05"]
      ),
      (
        .lossExploded(epoch: 2, loss: 1234, initialLoss: 2.5, learningRate: 100),
        ["epoch 2", "1234", "2.5", "100", "e.g. 10,", "descent lr-find"]
      ),
      (
        .gradientNotFinite(epoch: 4, batch: 2, parameter: "0.weight", learningRate: 1),
        ["epoch 4", "batch 2", "0.weight", "0.1"]
      ),
      (.unsupportedSetting("early stopping on r2 needs regression"), ["r2", "regression"]),
      (
        .interrupted(epoch: 5, savedEpoch: 4, path: "m.safetensors"),
        ["epoch 5", "epoch 4", "m.safetensors"]
      ),
      (.checkpoint(.missingParameters(["2.bias"])), ["2.bias"]),
      (.tooFewRows(rows: 1, testFraction: 0.2), ["1 rows", "0.2"]),
      (.singleClass(value: 7), ["7"]),
      (.noTestRowsForClasses(classCount: 9, rows: 9), ["9 distinct", "9 rows"]),
      (
        .modelTooLarge(layerSizes: [10, 100000, 100000, 2], limit: 100_000_000),
        ["10-100000-100000-2", "100000000"]
      ),
      (.targetOutOfRange(standardDeviation: 1e200), ["1e+200"]),
    ]
    check(
      table,
      all: [
        "diverged", "lossExploded", "gradientNotFinite", "unsupportedSetting", "interrupted",
        "checkpoint", "tooFewRows", "singleClass", "noTestRowsForClasses", "modelTooLarge",
        "targetOutOfRange",
      ], name: name)
    #expect(
      ConfigurationError.invalid("batch size must be positive, got 0").description.contains("got 0")
    )
  }

  @Test("SafeTensorsError and CheckpointError")
  func fileErrors() {
    func name(_ e: SafeTensorsError) -> String {
      switch e {
      case .fileTooSmall: "fileTooSmall"
      case .headerTooLarge: "headerTooLarge"
      case .headerBeyondFile: "headerBeyondFile"
      case .emptyHeader: "emptyHeader"
      case .headerNotUTF8: "headerNotUTF8"
      case .invalidHeader: "invalidHeader"
      case .invalidEntry: "invalidEntry"
      case .unknownDType: "unknownDType"
      case .shapeOverflow: "shapeOverflow"
      case .byteLengthMismatch: "byteLengthMismatch"
      case .offsetsOutOfBounds: "offsetsOutOfBounds"
      case .overlappingTensors: "overlappingTensors"
      case .gapInData: "gapInData"
      case .missingTensor: "missingTensor"
      case .wrongKind: "wrongKind"
      case .integerNotRepresentable: "integerNotRepresentable"
      case .duplicateName: "duplicateName"
      case .io: "io"
      case .inFile: "inFile"
      }
    }
    let table: [(SafeTensorsError, [String])] = [
      (.fileTooSmall(byteCount: 3), ["3 bytes", "8-byte"]),
      (
        .headerTooLarge(length: 123_456_789_012, limit: 100_000_000), ["123456789012", "100000000"]
      ),
      (.headerBeyondFile(length: 50, available: 2), ["50", "2 bytes"]),
      (.emptyHeader, ["empty"]),
      (.headerNotUTF8, ["UTF-8"]),
      (.invalidHeader("invalid JSON"), ["invalid JSON"]),
      (.invalidEntry(name: "w", reason: "bad offsets"), ["\"w\"", "bad offsets"]),
      (.unknownDType(name: "w", dtype: "C64"), ["\"w\"", "C64", "F32"]),
      (.shapeOverflow(name: "w", shape: [1 << 40, 1 << 40]), ["\"w\"", "1099511627776"]),
      (
        .byteLengthMismatch(name: "w", shape: [3], dtype: "F32", expected: 12, actual: 8),
        ["\"w\"", "[3]", "F32", "12", "8"]
      ),
      (.offsetsOutOfBounds(name: "w", begin: 0, end: 80, dataLength: 40), ["\"w\"", "80", "40"]),
      (.overlappingTensors("a", "b"), ["\"a\"", "\"b\""]),
      (.gapInData(offset: 16, dataLength: 32), ["16", "32"]),
      (.missingTensor(name: "q", available: ["w"]), ["\"q\"", "\"w\""]),
      (
        .wrongKind(name: "w", dtype: "F32", expected: "an integer dtype"),
        ["\"w\"", "F32", "integer"]
      ),
      (.integerNotRepresentable(name: "n", value: 1 << 60), ["\"n\"", "1152921504606846976"]),
      (.duplicateName("w"), ["\"w\""]),
      (.io(path: "/m.safetensors", reason: "no such file"), ["/m.safetensors", "no such file"]),
      (.inFile(path: "/m.safetensors", .emptyHeader), ["/m.safetensors", "empty"]),
    ]
    check(
      table,
      all: [
        "fileTooSmall", "headerTooLarge", "headerBeyondFile", "emptyHeader", "headerNotUTF8",
        "invalidHeader", "invalidEntry", "unknownDType", "shapeOverflow", "byteLengthMismatch",
        "offsetsOutOfBounds", "overlappingTensors", "gapInData", "missingTensor", "wrongKind",
        "integerNotRepresentable", "duplicateName", "io", "inFile",
      ], name: name)

    func checkpointName(_ e: CheckpointError) -> String {
      switch e {
      case .file: "file"
      case .notAModelFile: "notAModelFile"
      case .missingTrainingState: "missingTrainingState"
      case .trainingStateNotModel: "trainingStateNotModel"
      case .missingParameters: "missingParameters"
      case .unexpectedParameters: "unexpectedParameters"
      case .shapeMismatch: "shapeMismatch"
      case .optimizerState: "optimizerState"
      case .description: "description"
      case .incompatible: "incompatible"
      }
    }
    let checkpoints: [(CheckpointError, [String])] = [
      (.file(.emptyHeader), ["empty"]),
      (
        .notAModelFile(path: "data.csv", reason: .headerTooLarge(length: 1 << 62, limit: 100)),
        ["data.csv is not a Descent/safetensors model file", "descent train --save FILE"]
      ),
      (
        .missingTrainingState(path: "m.training-1.safetensors"),
        ["m.training-1.safetensors: no such file", "--resume", "descent predict"]
      ),
      (
        .trainingStateNotModel(path: "m.training-1.safetensors"),
        ["m.training-1.safetensors is the training state", "--resume", "give the model file"]
      ),
      (.missingParameters(["0.weight", "0.bias"]), ["\"0.weight\"", "\"0.bias\""]),
      (.unexpectedParameters(["4.weight"]), ["\"4.weight\""]),
      (
        .shapeMismatch(name: "2.weight", expected: [3, 5], found: [5, 3]),
        ["2.weight", "[3, 5]", "[5, 3]"]
      ),
      (.optimizerState("SGD keeps no field \"w.exp_avg\""), ["SGD", "w.exp_avg"]),
      (.description("version 2"), ["version 2"]),
      (.incompatible("another dataset"), ["another dataset"]),
    ]
    check(
      checkpoints,
      all: [
        "file", "notAModelFile", "missingTrainingState", "trainingStateNotModel",
        "missingParameters",
        "unexpectedParameters", "shapeMismatch", "optimizerState", "description", "incompatible",
      ], name: checkpointName)
  }

  @Test("RegressionError, ExpressionError, DifferentiationError and ChartError")
  func otherErrors() {
    func regressionName(_ e: RegressionError) -> String {
      switch e {
      case .emptyData: "emptyData"
      case .nonFinite: "nonFinite"
      case .shapeMismatch: "shapeMismatch"
      case .singularNormalEquations: "singularNormalEquations"
      case .illConditionedNormalEquations: "illConditionedNormalEquations"
      }
    }
    check(
      [
        (.emptyData(rowCount: 0, featureCount: 3), ["0", "3"]),
        (.nonFinite(row: 4, column: "bmi", value: .infinity), ["4", "bmi"]),
        (.shapeMismatch(what: "targets", expected: 10, got: 9), ["targets", "10", "9"]),
        (
          .singularNormalEquations(rank: 2, featureCount: 3, columns: ["a", "b"]), ["2", "3", "a"]
        ),
        (.illConditionedNormalEquations(conditionNumber: 1e17), ["1.0e17"]),
      ] as [(RegressionError, [String])],
      all: [
        "emptyData", "nonFinite", "shapeMismatch", "singularNormalEquations",
        "illConditionedNormalEquations",
      ], name: regressionName)

    func expressionName(_ e: ExpressionError) -> String {
      switch e {
      case .syntax: "syntax"
      case .unknownFunction: "unknownFunction"
      case .undefinedVariable: "undefinedVariable"
      case .notFinite: "notFinite"
      case .invalidPoint: "invalidPoint"
      }
    }
    check(
      [
        (
          .syntax(text: "x +* y", column: 4, expected: "a number", found: "*"),
          ["4", "a number", "*"]
        ),
        (
          .unknownFunction(text: "ln(x)", column: 1, name: "ln", suggestion: "log"),
          ["'ln'", "column 1", "did you mean 'log'?", "sin, cos"]
        ),
        (.undefinedVariable("z", defined: ["x", "y"]), ["z", "x"]),
        (
          .notFinite(subexpression: "log(x)", order: 1, point: [("x", 0)], reason: "log of 0"),
          ["log(x)", "x"]
        ),
        (.invalidPoint(text: "x=", reason: "no value"), ["x=", "no value"]),
      ] as [(ExpressionError, [String])],
      all: ["syntax", "unknownFunction", "undefinedVariable", "notFinite", "invalidPoint"],
      name: expressionName)

    func differentiationName(_ e: DifferentiationError) -> String {
      switch e {
      case .zeroDirection: "zeroDirection"
      case .nonFiniteDirection: "nonFiniteDirection"
      case .shapeMismatch: "shapeMismatch"
      case .nonScalarOutput: "nonScalarOutput"
      }
    }
    check(
      [
        (.zeroDirection(shape: [2]), ["[2]"]),
        (.nonFiniteDirection(index: 1, value: .nan), ["1", "nan"]),
        (.shapeMismatch(point: [2], direction: [3]), ["[2]", "[3]"]),
        (.nonScalarOutput(shape: [4, 2]), ["[4, 2]"]),
      ] as [(DifferentiationError, [String])],
      all: ["zeroDirection", "nonFiniteDirection", "shapeMismatch", "nonScalarOutput"],
      name: differentiationName)

    func chartName(_ e: ChartError) -> String {
      switch e {
      case .cannotWrite: "cannotWrite"
      case .unsupportedExtension: "unsupportedExtension"
      }
    }
    check(
      [
        (.cannotWrite(path: "/p.svg", reason: "no folder"), ["/p.svg", "no folder"]),
        (.unsupportedExtension(path: "/p.png", supported: ["svg"]), ["/p.png", ".svg"]),
      ] as [(ChartError, [String])],
      all: ["cannotWrite", "unsupportedExtension"], name: chartName)
  }
}
