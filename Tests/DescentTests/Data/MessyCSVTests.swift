import Foundation
import Testing

@testable import Descent

/// CSV as people have it: a byte-order mark, CRLF line ends, quoted fields, trailing spaces,
/// an id column, class names, a categorical column and a missing cell, all at once.
@Suite("Messy CSV")
struct MessyCSVTests {
  /// The file: BOM, CRLF, a quoted header name holding a comma, quoted cells, trailing
  /// spaces and tabs, an `id` column, string labels, two categorical columns and one missing
  /// cell (row 3's height, line 4).
  static let text =
    "\u{FEFF}id,\"height, cm\",color,size,species  \r\n"
    + "1, 150.5 ,red,\"S\",setosa\r\n"
    + "2,160,\"blue\",M,versicolor \t\r\n"
    + "3,,green,L,virginica\r\n"
    + "4,170,red,M,\"setosa\"\r\n"
    + "5,155,blue,S,versicolor\r\n"

  static let options = CSVOptions(ignore: ["id"], missing: .mean)

  @Test("loads to the exact expected matrix, names and notes")
  func exactMatrix() throws {
    let data = try Dataset.load(csv: Self.text, source: "flowers.csv", options: Self.options)
    #expect(data.name == "flowers")
    #expect(
      data.featureNames == [
        "height, cm", "color=blue", "color=green", "color=red", "size=L", "size=M", "size=S",
      ])
    #expect(data.targetName == "species")
    #expect(data.classNames == ["setosa", "versicolor", "virginica"])
    #expect(data.targets == [0, 1, 2, 0, 1])
    let expected: [Double?] = [
      150.5, 0, 0, 1, 0, 0, 1,
      160, 1, 0, 0, 0, 1, 0,
      nil, 0, 1, 0, 1, 0, 0,
      170, 0, 0, 1, 0, 1, 0,
      155, 1, 0, 0, 0, 0, 1,
    ]
    #expect(MissingValueTests.withNil(data.features) == expected)
    #expect(
      data.notes == [
        "ignored column \"id\"",
        "column \"height, cm\" has 1 missing cell, filled with the training mean",
        "column \"color\" is not numeric: one-hot encoded as color=blue, color=green, color=red",
        "column \"size\" is not numeric: one-hot encoded as size=L, size=M, size=S",
        "target \"species\" holds class names: 0 = setosa, 1 = versicolor, 2 = virginica",
      ])
    // Imputed from rows 0, 1 and 3 only: (150.5 + 160 + 170) / 3 = 160.1666…, not the mean of
    // every present height (158.875).
    let trainingMean: Double = (150.5 + 160 + 170) / 3
    let imputer = try #require(data.imputer(fittingRows: [0, 1, 2, 3]))
    #expect(imputer.fillValues[0] == trainingMean)
    #expect(imputer.transform(data.features, featureCount: 7)[14] == trainingMean)
  }

  @Test("the same file loads under drop without the missing row, and errors by default")
  func otherPolicies() throws {
    let dropped = try Dataset.load(
      csv: Self.text, source: "flowers.csv", options: CSVOptions(ignore: ["id"], missing: .drop))
    // Row 3 (line 4) held the only green and the only virginica: both are gone.
    #expect(dropped.featureNames == ["height, cm", "color=blue", "color=red", "size=M", "size=S"])
    #expect(dropped.classNames == ["setosa", "versicolor"])
    #expect(dropped.targets == [0, 1, 0, 1])
    #expect(dropped.features[0..<5] == [150.5, 0, 1, 0, 1])
    #expect(dropped.notes[1] == "dropped 1 row with missing cells (line 4)")
    #expect(
      throws: DataError.missingCell(
        file: "flowers.csv", line: 4, column: "height, cm", columnIndex: 2)
    ) {
      try Dataset.load(
        csv: Self.text, source: "flowers.csv", options: CSVOptions(ignore: ["id"]))
    }
  }

  /// 60 rows in the format: the species follows the color (with the height as a
  /// second cue), every 7th height is missing, an id column and a constant column.
  static func trainingFile() -> String {
    let species = ["setosa", "versicolor", "virginica"]
    let colors = ["red", "blue", "green"]
    var text = "\u{FEFF}id,height,color,unit,species\r\n"
    for row in 0..<60 {
      let kind = row % 3
      let height = row % 7 == 3 ? "NA" : String(140 + 15 * kind + row % 5)
      text += "\(1000 + row),\(height),\"\(colors[kind])\",cm ,\(species[kind])\r\n"
    }
    return text
  }

  @Test(
    "a file with class names, a categorical column, missing cells and an id trains end to end",
    arguments: [MissingValuePolicy.drop, .mean, .median])
  func trainsEndToEnd(policy: MissingValuePolicy) throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-messy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("flowers.csv")
    try Self.trainingFile().write(to: file, atomically: true, encoding: .utf8)

    let dataset = try BundledDataset.resolve(
      file.path, options: CSVOptions(ignore: ["id"], missing: policy))
    #expect(
      dataset.featureNames == ["height", "color=blue", "color=green", "color=red", "unit=cm"])
    #expect(dataset.classNames == ["setosa", "versicolor", "virginica"])
    // Rows 3, 10, 17, …, 59 (9 rows) have no height.
    #expect(dataset.rowCount == (policy == .drop ? 51 : 60))
    // Missing heights stay NaN in the dataset; the run fills them from its training split.
    #expect(dataset.features.contains { $0.isNaN } == (policy != .drop))

    var configuration = TrainingConfiguration()
    configuration.hiddenSizes = [8]
    configuration.epochs = 40
    configuration.learningRate = 0.05
    var run = try TrainingRun(dataset: dataset, configuration: configuration)
    let summary = try run.run()
    #expect(summary.task == .classification(classCount: 3))
    #expect(summary.constantFeatures == ["unit=cm"])
    #expect(summary.classNames == ["setosa", "versicolor", "virginica"])
    let accuracy = try #require(summary.test.accuracy)
    #expect(accuracy >= 0.9)
  }
}
