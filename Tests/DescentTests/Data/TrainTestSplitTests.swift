import Testing

@testable import Descent

@Suite("trainTestSplit")
struct TrainTestSplitTests {
  /// Checks that `train` and `test` are sorted, disjoint and together are `0..<count`.
  static func expectPartition(_ split: (train: [Int], test: [Int]), count: Int) {
    #expect(split.train == split.train.sorted())
    #expect(split.test == split.test.sorted())
    #expect(Set(split.train).isDisjoint(with: split.test))
    #expect((split.train + split.test).sorted() == Array(0..<count))
  }

  @Test(
    "an unstratified split puts round(count × fraction) rows in the test set",
    arguments: [(10, 0.3, 3), (150, 0.2, 30), (7, 0.5, 4), (3, 0.01, 1), (3, 0.99, 2)]
      as [(Int, Double, Int)])
  func unstratifiedSize(count: Int, fraction: Double, testCount: Int) {
    var rng = RandomGenerator(seed: 0)
    let split = trainTestSplit(count: count, testFraction: fraction, using: &rng)
    #expect(split.test.count == testCount)
    Self.expectPartition(split, count: count)
  }

  @Test("a stratified split of digits at 0.2 takes round(n_c × 0.2) rows of each class")
  func stratifiedDigits() throws {
    let digits = try BundledDataset.digits.load()
    let labels = ClassEncoding(targets: digits.targets).indices(for: digits.targets)
    var rng = RandomGenerator(seed: 0)
    let split = trainTestSplit(
      count: digits.rowCount, testFraction: 0.2, stratifyBy: labels, using: &rng)
    Self.expectPartition(split, count: digits.rowCount)
    let testCounts = (0..<10).map { digit in split.test.filter { labels[$0] == digit }.count }
    // Class sizes 178, 182, 177, 183, 181, 182, 181, 179, 174, 180, times 0.2, rounded.
    #expect(testCounts == [36, 36, 35, 37, 36, 36, 36, 36, 35, 36])
    #expect(split.test.count == 359)
    #expect(split.train.count == 1797 - 359)
  }

  @Test("the split is the same for a seed and differs for another seed")
  func deterministic() {
    let labels = (0..<60).map { $0 % 3 }
    var first = RandomGenerator(seed: 11)
    var again = RandomGenerator(seed: 11)
    var other = RandomGenerator(seed: 12)
    let a = trainTestSplit(count: 60, testFraction: 0.25, stratifyBy: labels, using: &first)
    let b = trainTestSplit(count: 60, testFraction: 0.25, stratifyBy: labels, using: &again)
    let c = trainTestSplit(count: 60, testFraction: 0.25, stratifyBy: labels, using: &other)
    #expect(a.train == b.train && a.test == b.test)
    #expect(a.test != c.test)
    #expect(a.test.count == 15 && c.test.count == 15)
  }

  @Test("the unstratified split is deterministic for a seed too")
  func unstratifiedDeterministic() {
    var first = RandomGenerator(seed: 3)
    var again = RandomGenerator(seed: 3)
    var other = RandomGenerator(seed: 4)
    let a = trainTestSplit(count: 100, testFraction: 0.2, using: &first)
    let b = trainTestSplit(count: 100, testFraction: 0.2, using: &again)
    let c = trainTestSplit(count: 100, testFraction: 0.2, using: &other)
    #expect(a.test == b.test)
    #expect(a.test != c.test)
  }

  @Test("small classes keep at least one row in each part; a single row goes to training")
  func smallClasses() {
    // Class 5 has two rows, class 9 one row, class 0 ten rows.
    let labels = [Int](repeating: 0, count: 10) + [5, 5, 9]
    var rng = RandomGenerator(seed: 0)
    let split = trainTestSplit(count: 13, testFraction: 0.1, stratifyBy: labels, using: &rng)
    Self.expectPartition(split, count: 13)
    #expect(split.test.filter { labels[$0] == 0 }.count == 1)
    #expect(split.test.filter { labels[$0] == 5 }.count == 1)
    #expect(split.train.filter { labels[$0] == 5 }.count == 1)
    #expect(split.train.contains(12))
  }

  @Test("a test fraction outside (0, 1) traps with a message giving it")
  func fractionOutOfRangeTraps() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent]
    ) {
      var rng = RandomGenerator(seed: 0)
      _ = trainTestSplit(count: 10, testFraction: 1, using: &rng)
    }
    let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains("testFraction must be between 0 and 1 (exclusive), got 1.0"))
  }
}
