import Testing

@testable import Descent

@Suite("DataLoader")
struct DataLoaderTests {
  static func dataset(_ n: Int) -> TensorDataset {
    TensorDataset(
      inputs: Tensor((0..<n).map(Double.init), shape: [n, 1]),
      targets: Tensor((0..<n).map { Double($0 % 3) }, shape: [n]))
  }

  static func order(_ loader: DataLoader, epoch: Int) -> [Int] {
    loader.batches(epoch: epoch).flatMap { $0.inputs.scalars.map { Int($0) } }
  }

  // Bug case seeded-shuffle-reproducible (tf.data, github.com/tensorflow/tensorflow/issues):
  // the order must depend only on (seed, epoch), not on random numbers drawn elsewhere.
  @Test("seeded-shuffle-reproducible: the order depends only on the seed and the epoch")
  func seededShuffle() throws {
    let bugCase = try Fixtures.bugCase("seeded-shuffle-reproducible")
    let inputs = try #require(bugCase["case"] as? [String: Any])["inputs"] as? [String: Any]
    let n = try #require(inputs?["n"] as? Int)
    let seeds = try #require(inputs?["seeds"] as? [Int])
    let epochs = try #require(inputs?["epochs"] as? Int)
    let expected = try #require(bugCase["expected"] as? [String: Any])

    let first = DataLoader(Self.dataset(n), batchSize: 3, seed: UInt64(seeds[0]))
    // Unrelated random draws between building and iterating the second loader.
    var elsewhere = RandomGenerator(seed: 99)
    _ = (0..<1000).map { _ in elsewhere.next() }
    let second = DataLoader(Self.dataset(n), batchSize: 3, seed: UInt64(seeds[1]))
    let third = DataLoader(Self.dataset(n), batchSize: 3, seed: UInt64(seeds[2]))
    for epoch in 1...epochs {
      let a = Self.order(first, epoch: epoch)
      #expect(a.sorted() == Array(0..<n), "epoch \(epoch) is a permutation")
      #expect(a == Self.order(second, epoch: epoch))
    }
    #expect(Self.order(first, epoch: 1) != Self.order(first, epoch: 2))
    #expect(Self.order(first, epoch: 1) != Self.order(third, epoch: 1))
    let unshuffled = DataLoader(Self.dataset(n), batchSize: 3, shuffle: false, seed: 42)
    #expect(Self.order(unshuffled, epoch: 1) == expected["shuffle_off_order"] as? [Int])
  }

  @Test("the last partial batch is kept, or dropped with dropLast")
  func lastBatch() {
    let keep = DataLoader(Self.dataset(10), batchSize: 4, seed: 1)
    #expect(keep.batches(epoch: 1).map(\.count) == [4, 4, 2])
    #expect(keep.batchCount == 3)
    let drop = DataLoader(Self.dataset(10), batchSize: 4, dropLast: true, seed: 1)
    #expect(drop.batches(epoch: 1).map(\.count) == [4, 4])
    #expect(drop.batchCount == 2)
    let rows = drop.batches(epoch: 1).flatMap { $0.inputs.scalars }
    #expect(Set(rows).count == 8)
  }

  @Test("batches keep each input with its own target")
  func pairing() {
    let loader = DataLoader(Self.dataset(12), batchSize: 5, seed: 3)
    for batch in loader.batches(epoch: 2) {
      for (x, y) in zip(batch.inputs.scalars, batch.targets.scalars) {
        #expect(Double(Int(x) % 3) == y)
      }
    }
  }
}
