import Testing

@testable import Descent

@Suite("miniBatches")
struct MiniBatchesTests {
  @Test(
    "batches cover a permutation of 0..<count, the last one partial",
    arguments: [
      (10, 3, [3, 3, 3, 1]),
      (9, 3, [3, 3, 3]),
      (5, 8, [5]),
      (1, 1, [1]),
      (0, 4, []),
    ] as [(Int, Int, [Int])])
  func coversPermutation(count: Int, batchSize: Int, sizes: [Int]) {
    var rng = RandomGenerator(seed: 7)
    let batches = miniBatches(count: count, batchSize: batchSize, shuffle: true, using: &rng)
    #expect(batches.map(\.count) == sizes)
    #expect(batches.flatMap { $0 }.sorted() == Array(0..<count))
  }

  @Test("without shuffling the batches are consecutive and the generator is untouched")
  func inOrder() {
    var rng = RandomGenerator(seed: 1)
    let before = rng
    let batches = miniBatches(count: 5, batchSize: 2, shuffle: false, using: &rng)
    #expect(batches == [[0, 1], [2, 3], [4]])
    #expect(rng == before)
  }

  @Test("shuffled batches are the same for a seed and differ for another seed")
  func deterministic() {
    var first = RandomGenerator(seed: 42)
    var again = RandomGenerator(seed: 42)
    var other = RandomGenerator(seed: 43)
    let a = miniBatches(count: 100, batchSize: 16, shuffle: true, using: &first)
    let b = miniBatches(count: 100, batchSize: 16, shuffle: true, using: &again)
    let c = miniBatches(count: 100, batchSize: 16, shuffle: true, using: &other)
    #expect(a == b)
    #expect(a != c)
    #expect(a.flatMap { $0 } != Array(0..<100))
  }

  @Test("consecutive epochs from one generator give different orders")
  func epochsDiffer() {
    var rng = RandomGenerator(seed: 5)
    let first = miniBatches(count: 50, batchSize: 10, shuffle: true, using: &rng)
    let second = miniBatches(count: 50, batchSize: 10, shuffle: true, using: &rng)
    #expect(first != second)
  }
}
