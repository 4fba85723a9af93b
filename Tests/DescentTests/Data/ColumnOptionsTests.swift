import Testing

@testable import Descent

/// `CSVOptions`' column roles: the target, ignored columns, categorical columns.
@Suite("Column options")
struct ColumnOptionsTests {
  static func error(_ text: String, _ options: CSVOptions) -> DataError? {
    do {
      _ = try Dataset.load(csv: text, source: "data.csv", options: options)
      return nil
    } catch {
      return error
    }
  }

  @Test("ignored columns are left out before anything else, whatever they hold, with a note")
  func ignore() throws {
    let text = "id,a,note,b,y\n1,5,x,6,0\n2,7,3,8,1\nabc,9,,10,0\n"
    let data = try Dataset.load(
      csv: text, source: "t.csv", options: CSVOptions(ignore: ["id", "note"]))
    #expect(data.featureNames == ["a", "b"])
    #expect(data.features == [5, 6, 7, 8, 9, 10])
    #expect(data.targets == [0, 1, 0])
    #expect(data.notes == ["ignored columns \"id\", \"note\""])
  }

  @Test("without a target, the last column not ignored is the target")
  func defaultTargetSkipsIgnored() throws {
    let data = try Dataset.load(
      csv: "x,y,id\n1,2,3\n4,5,6\n", source: "t.csv", options: CSVOptions(ignore: ["id"]))
    #expect(data.targetName == "y")
    #expect(data.featureNames == ["x"])
    #expect(data.targets == [2, 5])
    #expect(data.notes == ["ignored column \"id\""])
  }

  @Test(
    "a column named in an option must exist; the error lists the header",
    arguments: [
      (CSVOptions(ignore: ["ID"]), "--ignore", "ID"),
      (CSVOptions(categorical: ["colour"]), "--categorical", "colour"),
    ])
  func unknownColumns(options: CSVOptions, option: String, name: String) {
    let error = Self.error("id,color,y\n1,red,0\n", options)
    #expect(
      error
        == .unknownColumn(
          file: "data.csv", name: name, option: option, available: ["id", "color", "y"]))
    #expect(
      error?.description
        == "data.csv has no column \"\(name)\" (named in \(option)); available columns: \"id\","
        + " \"color\", \"y\"")
  }

  @Test(
    "a column may have only one role",
    arguments: [
      (
        CSVOptions(categorical: ["id"], ignore: ["id"]), "id",
        ["in --ignore", "in --categorical"]
      ),
      (CSVOptions(target: "id", ignore: ["id"]), "id", ["the target", "in --ignore"]),
      (CSVOptions(categorical: ["y"]), "y", ["the target", "in --categorical"]),
      (
        CSVOptions(ignore: ["id", "color", "y"]), "y",
        ["the target (the last column)", "in --ignore"]
      ),
    ])
  func conflicts(options: CSVOptions, column: String, roles: [String]) {
    #expect(
      Self.error("id,color,y\n1,red,0\n", options)
        == .conflictingColumnOptions(column: column, roles: roles))
  }

  @Test("conflict messages name the column and its roles on one line")
  func conflictMessages() {
    #expect(
      DataError.conflictingColumnOptions(column: "id", roles: ["in --ignore", "in --categorical"])
        .description
        == "column \"id\" is in --ignore and in --categorical; a column can be only one of the"
        + " target, ignored or categorical")
    #expect(
      DataError.conflictingColumnOptions(column: "y", roles: ["the target", "in --categorical"])
        .description
        == "column \"y\" is the target and in --categorical; a column can be only one of the"
        + " target, ignored or categorical (a target whose cells are not numbers is read as"
        + " class names without it)")
  }

  @Test("ignoring every feature column leaves no features")
  func ignoreAllFeatures() {
    #expect(
      Self.error("a,b,y\n1,2,3\n", CSVOptions(ignore: ["a", "b"]))
        == .noFeatureColumns(file: "data.csv", target: "y"))
  }

  @Test("the convenience loaders forward the target as the only option")
  func conveniences() throws {
    let text = "a,y,b\n1,2,3\n"
    #expect(
      try Dataset.load(csv: text, source: "t.csv", target: "y")
        == Dataset.load(csv: text, source: "t.csv", options: CSVOptions(target: "y")))
    #expect(CSVOptions() == CSVOptions(target: nil, categorical: [], ignore: [], missing: .error))
    #expect(MissingValuePolicy(rawValue: "median") == .median)
    #expect(MissingValuePolicy.allCases.map(\.rawValue) == ["error", "drop", "mean", "median"])
  }

  @Test("options apply to bundled datasets too")
  func bundledWithOptions() throws {
    let iris = try BundledDataset.resolve("iris", options: CSVOptions(ignore: ["sepal_width"]))
    #expect(iris.featureNames == ["sepal_length", "petal_length", "petal_width"])
    #expect(Array(iris.featureRow(0)) == [5.1, 1.4, 0.2])
    #expect(iris.classNames == ["setosa", "versicolor", "virginica"])
  }
}
