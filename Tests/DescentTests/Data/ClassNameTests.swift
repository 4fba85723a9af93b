import Testing

@testable import Descent

/// Targets written as names (`setosa`) become class indices, and `classNames` maps them back.
@Suite("Class names")
struct ClassNameTests {
  @Test("distinct names, sorted, become indices 0..<k, and classNames maps each index back")
  func namesToIndicesAndBack() throws {
    let text = "x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n"
    let data = try Dataset.load(csv: text, source: "flowers.csv")
    #expect(data.classNames == ["setosa", "versicolor", "virginica"])
    #expect(data.targets == [2, 0, 1, 0])
    #expect(data.features == [1, 2, 3, 4])
    let names = data.targets.map { data.className(of: $0) }
    #expect(names == ["virginica", "setosa", "versicolor", "setosa"])
    #expect(data.className(of: 3) == nil)
    #expect(data.className(of: 0.5) == nil)
    #expect(
      data.notes == [
        "target \"species\" holds class names: 0 = setosa, 1 = versicolor, 2 = virginica"
      ])
  }

  @Test("names sort by code point, as scikit-learn's LabelEncoder: capitals first, 10 before 9")
  func lexicographicOrder() throws {
    let data = try Dataset.load(csv: "x,y\n1,b\n2,B\n3,a\n4,n9\n5,n10\n", source: "t.csv")
    #expect(data.classNames == ["B", "a", "b", "n10", "n9"])
    #expect(data.targets == [2, 0, 1, 4, 3])
  }

  @Test("quoted names and spaces around them are read as the bare name")
  func quotedAndTrimmed() throws {
    let data = try Dataset.load(csv: "x,y\n1,\"a, b\"\n2,c \t\n3,\" c \"\n", source: "t.csv")
    // A quoted field keeps its inner spaces only until trimming: " c " is read as "c".
    #expect(data.classNames == ["a, b", "c"])
    #expect(data.targets == [0, 1, 1])
  }

  @Test("a name in a target of numbers is refused as a typo, naming line, column and value")
  func mixedTarget() {
    let error = CSVLoadingTests.loadingError("x,price\n1,250\n2,cheap\n3,300\n")
    #expect(
      error
        == .mixedTarget(file: "data.csv", line: 3, column: "price", columnIndex: 2, value: "cheap"))
    #expect(
      error?.description
        == "data.csv, line 3, column \"price\" (2): \"cheap\" is not a number, unlike the"
        + " target's other cells; correct it, or write every class as a name")
  }

  @Test("a numeric target has no class names")
  func numericTarget() throws {
    let data = try Dataset.load(csv: "x,y\n1,0\n2,1\n", source: "t.csv")
    #expect(data.classNames == nil)
    #expect(data.className(of: 0) == nil)
    #expect(data.notes.isEmpty)
  }

  @Test("selecting rows keeps the class names, notes and missing-value policy")
  func selectingKeepsNames() throws {
    let data = try Dataset.load(
      csv: "x,y\n1,b\n,a\n3,b\n", source: "t.csv", options: CSVOptions(missing: .mean))
    let picked = data.selecting(rows: [2, 0])
    #expect(picked.classNames == ["a", "b"])
    #expect(picked.targets == [1, 1])
    #expect(picked.notes == data.notes)
    #expect(picked.missingValuePolicy == .mean)
  }

  @Test(
    "bundled classification datasets name their classes when their own target is used",
    arguments: [
      (BundledDataset.iris, ["setosa", "versicolor", "virginica"] as [String]?),
      (.breastCancer, ["malignant", "benign"]),
      (.wine, ["class_0", "class_1", "class_2"]),
      (.digits, nil),
      (.diabetes, nil),
    ])
  func bundledClassNames(dataset: BundledDataset, names: [String]?) throws {
    #expect(dataset.classNames == names)
    let data = try dataset.load()
    #expect(data.classNames == names)
    if let names {
      #expect(ClassEncoding(targets: data.targets).classCount == names.count)
    }
  }

  @Test("iris's first and last rows are setosa and virginica; another target has no names")
  func irisNames() throws {
    let iris = try BundledDataset.iris.load()
    #expect(iris.className(of: iris.targets[0]) == "setosa")
    #expect(iris.className(of: iris.targets[149]) == "virginica")
    // breast_cancer.csv's first row is malignant (benign = 0), as in scikit-learn.
    let cancer = try BundledDataset.breastCancer.load()
    #expect(cancer.className(of: cancer.targets[0]) == "malignant")
    #expect(try BundledDataset.iris.load(target: "sepal_length").classNames == nil)
  }
}
