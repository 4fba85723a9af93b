import Descent
import Testing

/// Reading prediction rows for a model with a one-hot encoded column: values the model never
/// saw in training are all zeros, and are named in the notes (issue 12).
@Suite("PredictionInput: one-hot columns")
struct PredictionInputTests {
  /// A regression model on `size` and a `color` column one-hot encoded as blue, green, red.
  static let description = ModelDescription(
    layerSizes: [4, 1], activation: .relu, task: "regression", loss: "meanSquaredError",
    featureNames: ["size", "color=blue", "color=green", "color=red"], targetName: "price",
    classLabels: nil, classValues: nil, featureMeans: [0, 0, 0, 0],
    featureScales: [1, 1, 1, 1], fillValues: nil, targetMean: 0, targetScale: 1,
    decisionThreshold: nil, dataset: "shop.csv")

  @Test("seen values are one-hot and give no note")
  func seenValues() throws {
    let input = try PredictionInput(
      csv: "size,color\n1,red\n2,blue\n", source: "new.csv", for: Self.description)
    #expect(input.features == [1, 0, 0, 1, 2, 1, 0, 0])
    #expect(input.notes.isEmpty)
  }

  @Test("unseen values and missing cells are all zeros, named with their row counts")
  func unseenValues() throws {
    let input = try PredictionInput(
      csv: "size,color\n1,red\n2,teal\n3,mauve\n4,teal\n5,NA\n", source: "new.csv",
      for: Self.description)
    #expect(input.rowCount == 5)
    #expect(
      input.features == [1, 0, 0, 1, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0])
    #expect(
      input.notes == [
        #"column "color" has 3 values the model did not see in training: "teal" (2 rows), "#
          + #""mauve" (1 row), missing cells (1 row); those 4 rows are encoded as no category "#
          + "(all of its one-hot features 0)"
      ])
  }

  @Test("one unseen value in one row, and more than ten values, are counted")
  func counts() throws {
    let one = try PredictionInput(
      csv: "size,color\n1,teal\n", source: "new.csv", for: Self.description)
    #expect(
      one.notes.first?.contains(
        #"1 value the model did not see in training: "teal" (1 row); that row is"#) == true)
    let many = (0..<12).map { "\($0),c\($0)" }.joined(separator: "\n")
    let input = try PredictionInput(
      csv: "size,color\n" + many + "\n", source: "new.csv", for: Self.description)
    let note = try #require(input.notes.first)
    #expect(note.contains("12 values") && note.contains("and 2 more; those 12 rows are"))
  }

  @Test("a non-numeric cell of a one-row file says the model reads the column as numbers")
  func notANumber() throws {
    let error = #expect(throws: DataError.self) {
      try PredictionInput(csv: "size,color\nbig,red\n", source: "bad.csv", for: Self.description)
    }
    #expect(
      error
        == .notANumberForModel(
          file: "bad.csv", line: 2, column: "size", columnIndex: 1, value: "big"))
    let message = "\(error.map(String.init(describing:)) ?? "")"
    #expect(
      message
        == #"bad.csv, line 2, column "size" (1): "big" is not a number; correct it (the model "#
        + "reads this column as numbers)")
    // predict has no --categorical, and a one-row file has no other cells to compare with.
    #expect(!message.contains("--categorical") && !message.contains("other cells"))
  }

  @Test("a regression target that is not a number is refused the same way")
  func targetNotANumber() throws {
    #expect(
      throws: DataError.notANumberForModel(
        file: "bad.csv", line: 3, column: "price", columnIndex: 3, value: "n/a?")
    ) {
      try PredictionInput(
        csv: "size,color,price\n1,red,2\n2,blue,n/a?\n", source: "bad.csv", for: Self.description)
    }
  }

  @Test("a bundled dataset's name reads its rows, as --data does for train")
  func bundledName() throws {
    let iris = try BundledDataset.iris.load()
    let description = ModelDescription(
      layerSizes: [4, 3], activation: .relu, task: "classification", loss: "crossEntropy",
      featureNames: iris.featureNames, targetName: "species",
      classLabels: ["setosa", "versicolor", "virginica"], classValues: [0, 1, 2],
      featureMeans: [0, 0, 0, 0], featureScales: [1, 1, 1, 1], fillValues: nil, targetMean: nil,
      targetScale: nil, decisionThreshold: nil, dataset: "iris")
    for name in ["iris", "Iris"] {
      let input = try PredictionInput(data: name, for: description)
      #expect(input.rowCount == 150)
      #expect(input.features == iris.features)
      #expect(input.targets == iris.targets)
    }
    #expect(
      throws: DataError.unknownDataset(name: "irsi", available: BundledDataset.allCases.map(\.name))
    ) {
      try PredictionInput(data: "irsi", for: description)
    }
    #expect(throws: DataError.fileNotFound(path: "no/such.csv")) {
      try PredictionInput(data: "no/such.csv", for: description)
    }
  }
}
