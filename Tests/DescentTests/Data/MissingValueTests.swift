import Testing

@testable import Descent

/// Missing cells (empty, `NA`, `N/A`, `?`) under each `MissingValuePolicy`.
@Suite("Missing values")
struct MissingValueTests {
  /// Features with NaN written as nil, so arrays holding NaN can be compared.
  static func withNil(_ values: [Double]) -> [Double?] {
    values.map { $0.isNaN ? nil : $0 }
  }

  static let text = "a,b,y\n1,2,0\n,5,1\n3,NA,0\n4,6,?\n7,8,1\nN/A,9,0\n"

  @Test("by default the first missing cell in file order is an error naming line and column")
  func errorPolicy() {
    let error = CSVLoadingTests.loadingError(Self.text)
    #expect(error == .missingCell(file: "data.csv", line: 3, column: "a", columnIndex: 1))
    #expect(
      error?.description
        == "data.csv, line 3, column \"a\" (1): the cell is missing (empty, NA, N/A or ?);"
        + " fill it in, or choose --missing drop, mean or median")
  }

  @Test("drop removes every row with a missing feature or target cell, and says which")
  func dropPolicy() throws {
    let data = try Dataset.load(
      csv: Self.text, source: "t.csv", options: CSVOptions(missing: .drop))
    #expect(data.features == [1, 2, 7, 8])
    #expect(data.targets == [0, 1])
    #expect(data.missingValuePolicy == .drop)
    #expect(data.notes == ["dropped 4 rows with missing cells (line 3, line 4, line 5, line 7)"])
  }

  @Test(
    "mean and median keep rows with a missing feature as NaN and drop rows with a missing target",
    arguments: [MissingValuePolicy.mean, .median])
  func imputingPolicies(policy: MissingValuePolicy) throws {
    let data = try Dataset.load(
      csv: Self.text, source: "t.csv", options: CSVOptions(missing: policy))
    #expect(Self.withNil(data.features) == [1, 2, nil, 5, 3, nil, 7, 8, nil, 9])
    #expect(data.targets == [0, 1, 0, 1, 0])
    #expect(data.missingValuePolicy == policy)
    #expect(
      data.notes == [
        "dropped 1 row with a missing target (line 5)",
        "column \"a\" has 2 missing cells, filled with the training \(policy.rawValue)",
        "column \"b\" has 1 missing cell, filled with the training \(policy.rawValue)",
      ])
  }

  @Test("mean imputation through the dataset uses the fitted rows only")
  func meanFromTrainingRows() throws {
    // Column a: 1, missing, 3, 100. Over rows 0 and 2 the mean is 2; over all rows it is 34⅔.
    let data = try Dataset.load(
      csv: "a,y\n1,0\n,1\n3,0\n100,1\n", source: "t.csv", options: CSVOptions(missing: .mean))
    let imputer = try #require(data.imputer(fittingRows: [0, 2]))
    #expect(imputer.strategy == .mean)
    #expect(imputer.fillValues == [2])
    #expect(imputer.transform(data.features, featureCount: 1) == [1, 2, 3, 100])
  }

  @Test("median imputation through the dataset uses the fitted rows only")
  func medianFromTrainingRows() throws {
    // Column a: 1, missing, 3, 100. Over rows 0 and 3 the median is 50.5; over all rows, 3.
    let data = try Dataset.load(
      csv: "a,y\n1,0\n,1\n3,0\n100,1\n", source: "t.csv", options: CSVOptions(missing: .median))
    let imputer = try #require(data.imputer(fittingRows: [0, 3]))
    #expect(imputer.strategy == .median)
    #expect(imputer.transform(data.features, featureCount: 1) == [1, 50.5, 3, 100])
  }

  @Test("a missing cell in an ignored column is never read")
  func ignoredMissing() throws {
    let data = try Dataset.load(
      csv: "id,a,y\n,1,0\nNA,2,1\n", source: "t.csv", options: CSVOptions(ignore: ["id"]))
    #expect(data.features == [1, 2])
  }

  @Test("a file whose every row has a missing cell leaves nothing to drop to")
  func allRowsDropped() {
    #expect(throws: DataError.allRowsDropped(file: "t.csv", rowCount: 2)) {
      try Dataset.load(csv: "a,y\n,1\n2,\n", source: "t.csv", options: CSVOptions(missing: .drop))
    }
    #expect(throws: DataError.allRowsDropped(file: "t.csv", rowCount: 1)) {
      try Dataset.load(csv: "a,y\n2,?\n", source: "t.csv", options: CSVOptions(missing: .mean))
    }
    #expect(
      DataError.allRowsDropped(file: "t.csv", rowCount: 2).description
        == "all 2 data rows of t.csv were dropped for a missing cell (a missing target drops its"
        + " row under every --missing policy but error), leaving none")
  }

  @Test("a typo is still an error under every policy, and NaN written out is not missing")
  func typosStillFail() {
    for policy in MissingValuePolicy.allCases {
      #expect(
        throws: DataError.notANumber(
          file: "t.csv", line: 3, column: "a", columnIndex: 1, value: "x")
      ) {
        try Dataset.load(
          csv: "a,y\n1,0\nx,0\n,1\n2,1\n", source: "t.csv", options: CSVOptions(missing: policy))
      }
      #expect(
        throws: DataError.notFinite(
          file: "t.csv", line: 3, column: "a", columnIndex: 1, value: "nan")
      ) {
        try Dataset.load(
          csv: "a,y\n1,0\nnan,1\n", source: "t.csv", options: CSVOptions(missing: policy))
      }
    }
  }

  @Test("lowercase na and n/a are text, not missing cells")
  func caseSensitive() throws {
    let data = try Dataset.load(csv: "element,y\nna,0\nK,1\n", source: "t.csv")
    #expect(data.featureNames == ["element=K", "element=na"])
  }
}

@Suite("Imputer")
struct ImputerTests {
  @Test("means and medians skip NaN and use only the fitted rows")
  func fitsOnRows() {
    // Rows (column a, column b): (1, 10), (NaN, 20), (3, NaN), (100, 30), (5, 1000).
    let features: [Double] = [1, 10, .nan, 20, 3, .nan, 100, 30, 5, 1000]
    let rows = [0, 1, 2, 4]
    let mean = Imputer(fitting: features, featureCount: 2, rows: rows, strategy: .mean)
    // a over rows 0, 2, 4: (1 + 3 + 5) / 3 = 3; b over rows 0, 1, 4: (10 + 20 + 1000) / 3.
    #expect(mean.fillValues == [3, 1030.0 / 3])
    #expect(mean.columnsWithoutValues.isEmpty)
    let median = Imputer(fitting: features, featureCount: 2, rows: rows, strategy: .median)
    // a: median of 1, 3, 5 is 3; b: median of 10, 20, 1000 is 20.
    #expect(median.fillValues == [3, 20])
    #expect(
      median.transform(features, featureCount: 2) == [1, 10, 3, 20, 3, 20, 100, 30, 5, 1000])
  }

  @Test("an even count's median is the mean of the two middle values, as NumPy's")
  func evenMedian() {
    let imputer = Imputer(
      fitting: [20, 1, 10, 3, .nan], featureCount: 1, rows: [0, 1, 2, 3, 4], strategy: .median)
    #expect(imputer.fillValues == [6.5])
    let huge = Imputer(
      fitting: [1.5e308, 1.7e308], featureCount: 1, rows: [0, 1], strategy: .median)
    #expect(huge.fillValues == [1.6e308])
    let hugeMean = Imputer(
      fitting: [1.5e308, 1.7e308], featureCount: 1, rows: [0, 1], strategy: .mean)
    #expect(hugeMean.fillValues[0].isFinite)
    #expect(isApproximatelyEqual(hugeMean.fillValues[0], 1.6e308, atol: 0, rtol: 1e-15))
  }

  @Test("a column with no value in the fitted rows fills with 0 and is reported")
  func columnWithoutValues() {
    let features: [Double] = [1, .nan, 2, .nan, 3, 7]
    let imputer = Imputer(fitting: features, featureCount: 2, rows: [0, 1], strategy: .mean)
    #expect(imputer.fillValues == [1.5, 0])
    #expect(imputer.columnsWithoutValues == [1])
    #expect(imputer.transform(features, featureCount: 2) == [1, 0, 2, 0, 3, 7])
    #expect(
      imputer.notes(featureNames: ["a", "b"]) == [
        "column \"b\" has no value in the training rows; its missing cells are filled with 0"
      ])
  }

  @Test("a dataset without NaN needs no imputer")
  func noImputerNeeded() throws {
    let data = try Dataset.load(csv: "a,y\n1,0\n2,1\n", source: "t.csv")
    #expect(data.imputer(fittingRows: [0, 1]) == nil)
  }

  @Test("the drop and error policies are not imputation strategies")
  func wrongStrategyTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = Imputer(fitting: [1], featureCount: 1, rows: [0], strategy: .drop)
    }
  }
}
