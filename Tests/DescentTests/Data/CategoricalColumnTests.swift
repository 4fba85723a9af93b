import Testing

@testable import Descent

/// Feature columns of categories are one-hot encoded in place, as columns `name=value`.
@Suite("Categorical columns")
struct CategoricalColumnTests {
  @Test("a column where no cell is a number is one-hot encoded in its place, with a note")
  func detected() throws {
    let text = "a,color,b,y\n1,red,2,0\n3,blue,4,1\n5,green,6,0\n7,red,8,1\n"
    let data = try Dataset.load(csv: text, source: "t.csv")
    #expect(data.featureNames == ["a", "color=blue", "color=green", "color=red", "b"])
    #expect(
      data.features == [
        1, 0, 0, 1, 2,
        3, 1, 0, 0, 4,
        5, 0, 1, 0, 6,
        7, 0, 0, 1, 8,
      ])
    #expect(data.targets == [0, 1, 0, 1])
    #expect(
      data.notes == [
        "column \"color\" is not numeric: one-hot encoded as color=blue, color=green, color=red"
      ])
  }

  @Test("--categorical forces a column of numbers, such as zip codes, to categories by text")
  func forcedZipCodes() throws {
    let text = "zip,y\n02139,0\n10001,1\n2139,0\n"
    let numeric = try Dataset.load(csv: text, source: "t.csv")
    #expect(numeric.featureNames == ["zip"])
    #expect(numeric.features == [2139, 10001, 2139])

    let data = try Dataset.load(
      csv: text, source: "t.csv", options: CSVOptions(categorical: ["zip"]))
    // Sorted as text: "02139" < "10001" < "2139"; "02139" and "2139" stay distinct.
    #expect(data.featureNames == ["zip=02139", "zip=10001", "zip=2139"])
    #expect(data.features == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    #expect(
      data.notes == [
        "column \"zip\" is named in --categorical: one-hot encoded as zip=02139, zip=10001,"
          + " zip=2139"
      ])
  }

  @Test("categories sort by code point, and a long list of them is shortened in the note")
  func manyCategories() throws {
    let values = (0..<12).map { "v\($0)" } + ["B", "a"]
    let text = "c,y\n" + values.map { "\($0),1\n" }.joined()
    let data = try Dataset.load(csv: text, source: "t.csv")
    let sorted = [
      "B", "a", "v0", "v1", "v10", "v11", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
    ]
    #expect(data.featureNames == sorted.map { "c=\($0)" })
    // Each row has its one 1 in its category's column.
    for (row, value) in values.enumerated() {
      let hot = try #require(sorted.firstIndex(of: value))
      #expect(Array(data.featureRow(row)) == (0..<14).map { $0 == hot ? 1 : 0 })
    }
    #expect(
      data.notes == [
        "column \"c\" is not numeric: one-hot encoded as c=B, c=a, c=v0, c=v1, c=v10, c=v11,"
          + " c=v2, c=v3, c=v4, c=v5 and 4 more"
      ])
  }

  @Test("a word in a column of numbers is refused as a typo, suggesting --categorical")
  func mixedColumn() {
    let error = CSVLoadingTests.loadingError("size,y\n3,0\nlarge,1\n4,0\n")
    #expect(
      error
        == .notANumber(file: "data.csv", line: 3, column: "size", columnIndex: 1, value: "large"))
    #expect(error?.description.contains("name the column in --categorical") == true)
  }

  @Test(
    "a missing categorical cell is the category <missing> under mean or median, placed last",
    arguments: [MissingValuePolicy.mean, .median])
  func missingCategory(policy: MissingValuePolicy) throws {
    let text = "color,y\nred,0\nNA,1\nblue,0\n"
    let data = try Dataset.load(csv: text, source: "t.csv", options: CSVOptions(missing: policy))
    #expect(data.featureNames == ["color=blue", "color=red", "color=<missing>"])
    #expect(data.features == [0, 1, 0, 0, 0, 1, 1, 0, 0])
    #expect(!data.features.contains { $0.isNaN })
    #expect(data.imputer(fittingRows: [0, 1, 2]) == nil)
    #expect(
      data.notes == [
        "column \"color\" is not numeric: one-hot encoded as color=blue, color=red,"
          + " color=<missing>",
        "column \"color\" has 1 missing cell, encoded as the category color=<missing>",
      ])
  }

  @Test("categories come from the loaded rows: one seen only in a dropped row has no column")
  func categoriesOfKeptRows() throws {
    let text = "color,x,y\nred,1,0\ngreen,,1\nblue,2,0\n"
    let data = try Dataset.load(csv: text, source: "t.csv", options: CSVOptions(missing: .drop))
    #expect(data.featureNames == ["color=blue", "color=red", "x"])
    #expect(data.features == [0, 1, 1, 1, 0, 2])
  }

  @Test("a column with a single category is one constant column, which standardizes to 0")
  func singleCategory() throws {
    let data = try Dataset.load(csv: "unit,x,y\ncm,1,0\ncm,2,1\ncm,4,0\n", source: "t.csv")
    #expect(data.featureNames == ["unit=cm", "x"])
    let scaler = Standardizer(fitting: data.features, featureCount: 2, rows: [0, 1, 2])
    #expect(scaler.constantFeatures == [0])
    let z = scaler.transform(data.features, featureCount: 2)
    #expect(z.allSatisfy { $0.isFinite })
    #expect(stride(from: 0, to: z.count, by: 2).map { z[$0] } == [0, 0, 0])
  }
}
