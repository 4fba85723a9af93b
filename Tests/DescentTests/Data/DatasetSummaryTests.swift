import Testing

@testable import Descent

/// What `descent datasets --show` prints: the first rows and each column's statistics.
@Suite("Dataset summaries")
struct DatasetSummaryTests {
  /// a: 1, missing, 3, 5; b: 10, 20, 30, 30; y: 0, 1, 0, 1.
  static func sample() throws -> Dataset {
    try Dataset.load(
      csv: "a,b,y\n1,10,0\n,20,1\n3,30,0\n5,30,1\n", source: "s.csv",
      options: CSVOptions(missing: .mean))
  }

  @Test("summaries count missing cells and give mean, population deviation, minimum, maximum")
  func columnSummaries() throws {
    let summaries = try Self.sample().columnSummaries()
    #expect(summaries.map(\.name) == ["a", "b", "y"])
    #expect(summaries.map(\.count) == [3, 4, 4])
    #expect(summaries.map(\.missing) == [1, 0, 0])
    // a: mean 3, variance ((−2)² + 0² + 2²) / 3 = 8/3. b: mean 22.5, variance 275/4.
    expectClose(summaries.map(\.mean), [3, 22.5, 0.5], rtol: 1e-15)
    expectClose(
      summaries.map(\.standardDeviation),
      [(8.0 / 3).squareRoot(), (275.0 / 4).squareRoot(), 0.5], rtol: 1e-15)
    #expect(summaries.map(\.minimum) == [1, 10, 0])
    #expect(summaries.map(\.maximum) == [5, 30, 1])
  }

  @Test("a constant column has deviation 0; a column with no value has NaN statistics")
  func edgeColumns() {
    let data = Dataset(
      name: "e", featureNames: ["c", "gone"], targetName: "y",
      features: [7, .nan, 7, .nan], targets: [1, 2])
    let summaries = data.columnSummaries()
    #expect(summaries[0] == ColumnSummary(name: "c", values: [7, 7]))
    #expect(summaries[0].standardDeviation == 0 && summaries[0].mean == 7)
    #expect(summaries[1].count == 0 && summaries[1].missing == 2)
    #expect(summaries[1].mean.isNaN && summaries[1].maximum.isNaN)
  }

  @Test("iris's summaries match NumPy's mean and population standard deviation")
  func irisSummaries() throws {
    // NumPy 2: iris.data[:, 0].mean() = 5.843333…, .std() = 0.8253012917851409.
    let summaries = try BundledDataset.iris.load().columnSummaries()
    #expect(isApproximatelyEqual(summaries[0].mean, 5.843_333_333_333_334, atol: 0, rtol: 1e-14))
    #expect(
      isApproximatelyEqual(
        summaries[0].standardDeviation, 0.825_301_291_785_140_9, atol: 0, rtol: 1e-12))
    #expect(summaries[0].minimum == 4.3 && summaries[0].maximum == 7.9)
    #expect(summaries.last?.name == "species")
    // The table gives the species' counts, not the mean of their indices.
    let table = try BundledDataset.iris.load().summaryTable().split(separator: "\n")
    #expect(
      table.suffix(2) == [
        "species         150        0      -       -    -    -",
        "classes: 0 setosa (50), 1 versicolor (50), 2 virginica (50)",
      ])
  }

  @Test("the preview is a right-aligned table of the first rows, NA for missing cells")
  func preview() throws {
    let data = try Self.sample()
    #expect(
      data.preview(rows: 2) == """
         a   b  y
         1  10  0
        NA  20  1
        … 2 more rows
        """)
    #expect(data.preview(rows: 4).components(separatedBy: "\n").count == 5)
    #expect(!data.preview().contains("more"))
  }

  @Test("the preview shows class names for a class target, and fractions as Swift writes them")
  func previewClassNames() throws {
    let iris = try BundledDataset.iris.load()
    #expect(
      iris.preview(rows: 2) == """
        sepal_length  sepal_width  petal_length  petal_width  species
                 5.1          3.5           1.4          0.2   setosa
                 4.9            3           1.4          0.2   setosa
        … 148 more rows
        """)
  }

  @Test(
    "the summary table rounds to 4 significant digits and counts rows per class, not their mean")
  func summaryTable() throws {
    let data = try Dataset.load(
      csv: "x,kind\n1,b\n2,a\n,b\n4,b\n", source: "t.csv", options: CSVOptions(missing: .median))
    #expect(
      data.summaryTable() == """
        column  count  missing   mean    std  min  max
        x           3        1  2.333  1.247    1    4
        kind        4        0      -      -    -    -
        classes: 0 a (1), 1 b (3)
        """)
  }
}
