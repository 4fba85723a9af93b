import Testing

@testable import Descent

@Suite("Dataset")
struct DatasetTests {
  static let sample = Dataset(
    name: "sample", featureNames: ["a", "b"], targetName: "y",
    features: [1, 2, 3, 4, 5, 6], targets: [10, 20, 30])

  @Test("row and feature counts come from the targets and the feature names")
  func counts() {
    #expect(Self.sample.rowCount == 3)
    #expect(Self.sample.featureCount == 2)
  }

  @Test("featureRow returns the row-major slice of one row")
  func featureRow() {
    #expect(Array(Self.sample.featureRow(1)) == [3, 4])
    #expect(Array(Self.sample.featureRow(2)) == [5, 6])
  }

  @Test("selecting rows keeps their order, features and targets together")
  func selectingRows() {
    let picked = Self.sample.selecting(rows: [2, 0, 2])
    #expect(picked.features == [5, 6, 1, 2, 5, 6])
    #expect(picked.targets == [30, 10, 30])
    #expect(picked.featureNames == ["a", "b"])
    #expect(picked.targetName == "y")
    #expect(picked.name == "sample")
  }

  @Test("sizes that disagree trap with a message naming them")
  func mismatchedSizesTrap() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent]
    ) {
      _ = Dataset(
        name: "bad", featureNames: ["a", "b"], targetName: "y", features: [1, 2, 3],
        targets: [1, 2])
    }
    let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains("3 feature values do not fill 2 rows × 2 features (4 values)"))
  }
}
