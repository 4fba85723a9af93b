import Testing

@testable import Descent

@Suite("ClassEncoding")
struct ClassEncodingTests {
  @Test("distinct target values, sorted, become class indices 0..<k")
  func encodesSortedValues() {
    let encoding = ClassEncoding(targets: [2, 0, 2, 1, 0])
    #expect(encoding.classValues == [0, 1, 2])
    #expect(encoding.classCount == 3)
    #expect(encoding.indices(for: [2, 0, 2, 1, 0]) == [2, 0, 2, 1, 0])
  }

  @Test("values that are not 0..<k are renumbered by rank")
  func renumbersArbitraryValues() {
    let encoding = ClassEncoding(targets: [7, -1, 3, 7])
    #expect(encoding.classValues == [-1, 3, 7])
    #expect(encoding.indices(for: [7, -1, 3, 7]) == [2, 0, 1, 2])
    #expect(encoding.index(of: 3) == 1)
    #expect(encoding.index(of: 4) == nil)
    #expect(encoding.index(of: 8) == nil)
  }

  @Test("bundled classification datasets encode to their class counts")
  func bundledClassCounts() throws {
    let wine = try BundledDataset.wine.load()
    let encoding = ClassEncoding(targets: wine.targets)
    #expect(encoding.classValues == [0, 1, 2])
    let labels = encoding.indices(for: wine.targets)
    // Class sizes of UCI Wine: 59, 71 and 48.
    #expect(labels.filter { $0 == 0 }.count == 59)
    #expect(labels.filter { $0 == 1 }.count == 71)
    #expect(labels.filter { $0 == 2 }.count == 48)
  }

  @Test(
    "classification is detected from integer values with at most 20 distinct",
    arguments: [
      ([0, 1, 2, 1, 0], true),
      ([-1, 1, 1], true),
      ((0..<20).map(Double.init), true),
      ((0..<21).map(Double.init), false),
      ([0, 0.5, 1], false),
      ([0, 1, .nan], false),
      ([0, .infinity], false),
      ([], false),
    ] as [([Double], Bool)])
  func detectsClassification(targets: [Double], expected: Bool) {
    #expect(ClassEncoding.looksLikeClassification(targets) == expected)
  }

  @Test("the bundled datasets are detected as their task says")
  func bundledDetection() throws {
    for dataset in BundledDataset.allCases {
      let targets = try dataset.load().targets
      let isClassification = dataset.task != .regression
      #expect(ClassEncoding.looksLikeClassification(targets) == isClassification, "\(dataset)")
    }
  }
}
