import Foundation
import Testing

@testable import Descent

@Suite("Bundled datasets")
struct BundledDatasetTests {
  @Test(
    "each bundled dataset loads with its documented shape and target",
    arguments: [
      (BundledDataset.iris, 150, 4, "species"),
      (.digits, 1797, 64, "digit"),
      (.diabetes, 442, 10, "progression"),
      (.breastCancer, 569, 30, "benign"),
      (.wine, 178, 13, "cultivar"),
    ])
  func shapes(dataset: BundledDataset, rows: Int, features: Int, target: String) throws {
    let data = try dataset.load()
    #expect(data.rowCount == rows)
    #expect(data.featureCount == features)
    #expect(data.features.count == rows * features)
    #expect(data.targetName == target)
    #expect(dataset.targetName == target)
    #expect(data.name == dataset.name)
    #expect(!data.featureNames.contains(target))
    if case .classification(let classCount) = dataset.task {
      #expect(ClassEncoding(targets: data.targets).classValues == (0..<classCount).map(Double.init))
    }
  }

  @Test("iris's first row is 5.1, 3.5, 1.4, 0.2, species 0")
  func irisFirstRow() throws {
    let iris = try BundledDataset.iris.load()
    #expect(Array(iris.featureRow(0)) == [5.1, 3.5, 1.4, 0.2])
    #expect(iris.targets[0] == 0)
    #expect(iris.featureNames == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
    // The last row of iris.csv: 5.9, 3, 5.1, 1.8, species 2.
    #expect(Array(iris.featureRow(149)) == [5.9, 3, 5.1, 1.8])
    #expect(iris.targets[149] == 2)
  }

  @Test("a bundled dataset loads with another column as target")
  func bundledWithTarget() throws {
    let diabetes = try BundledDataset.diabetes.load(target: "bmi")
    #expect(diabetes.targetName == "bmi")
    #expect(diabetes.featureCount == 10)
    #expect(diabetes.featureNames.last == "progression")
    // First row of diabetes.csv: age 59, sex 2, bmi 32.1, ..., progression 151.
    #expect(diabetes.targets[0] == 32.1)
    #expect(Array(diabetes.featureRow(0)).first == 59)
    #expect(Array(diabetes.featureRow(0)).last == 151)
  }

  @Test("tasks describe the target")
  func tasks() {
    #expect(BundledDataset.iris.task == .classification(classCount: 3))
    #expect(BundledDataset.digits.task.description == "classification, 10 classes")
    #expect(BundledDataset.breastCancer.task == .classification(classCount: 2))
    #expect(BundledDataset.diabetes.task.description == "regression")
    #expect(BundledDataset.wine.source.hasPrefix("UCI Wine"))
    #expect(BundledDataset.allCases.allSatisfy { !$0.source.isEmpty })
  }

  @Test(
    "names are matched ignoring case, with - or _",
    arguments: [
      ("iris", BundledDataset.iris), ("IRIS", .iris), ("breast_cancer", .breastCancer),
      ("breast-cancer", .breastCancer), ("Breast-Cancer", .breastCancer), ("Wine", .wine),
    ])
  func named(name: String, expected: BundledDataset) {
    #expect(BundledDataset.named(name) == expected)
  }

  @Test("names that are no bundled dataset give nil", arguments: ["irs", "breastcancer", ""])
  func unknownName(name: String) {
    #expect(BundledDataset.named(name) == nil)
  }

  @Test("resolve loads a bundled name and a CSV path")
  func resolveNameAndPath() throws {
    let cancer = try BundledDataset.resolve("breast-cancer", target: nil)
    #expect(cancer.rowCount == 569)
    #expect(cancer.name == "breast_cancer")

    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-resolve-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("mine.csv")
    try "y,x\n1,2\n3,4\n".write(to: file, atomically: true, encoding: .utf8)
    let mine = try BundledDataset.resolve(file.path, target: "y")
    #expect(mine.name == "mine")
    #expect(mine.targets == [1, 3])
    #expect(mine.features == [2, 4])
  }

  @Test("resolve reports a missing CSV path as a missing file")
  func resolveMissingPath() {
    #expect(throws: DataError.fileNotFound(path: "no/such/file.csv")) {
      try BundledDataset.resolve("no/such/file.csv", target: nil)
    }
    #expect(throws: DataError.fileNotFound(path: "nowhere.CSV")) {
      try BundledDataset.resolve("nowhere.CSV", target: nil)
    }
  }

  @Test("resolve rejects an unknown name, listing the bundled datasets")
  func resolveUnknownName() {
    let names = ["iris", "digits", "diabetes", "breast_cancer", "wine"]
    #expect(throws: DataError.unknownDataset(name: "irsi", available: names)) {
      try BundledDataset.resolve("irsi", target: nil)
    }
    let message = DataError.unknownDataset(name: "irsi", available: names).description
    #expect(
      message
        == "unknown dataset \"irsi\"; bundled datasets: iris, digits, diabetes, breast_cancer,"
        + " wine (a path to a CSV file also works)")
  }

  @Test("resolve passes an unknown target column through as an error")
  func resolveUnknownTarget() throws {
    let columns = try BundledDataset.wine.load().featureNames + ["cultivar"]
    #expect(
      throws: DataError.unknownTargetColumn(file: "wine.csv", name: "colour", available: columns)
    ) {
      try BundledDataset.resolve("wine", target: "colour")
    }
  }
}
