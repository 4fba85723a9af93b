/// Mini-batches of a ``TensorDataset``, reshuffled every epoch.
///
/// The order of an epoch depends only on the loader's seed and the epoch number, never on
/// other random draws in the program, so two loaders with the same seed give the same
/// batches epoch by epoch, and each epoch of one loader has its own order.
///
///     let loader = DataLoader(train, batchSize: 32, shuffle: true, seed: 0)
///     for batch in loader.batches(epoch: 1) { … }   // TensorDataset of ≤ 32 rows
public struct DataLoader: Sendable {
  /// The examples.
  public var dataset: TensorDataset
  /// Examples per batch. Must be positive.
  public var batchSize: Int
  /// Whether each epoch visits the examples in a new random order.
  public var shuffle: Bool
  /// Whether to leave out the last batch of an epoch when it is smaller than `batchSize`.
  public var dropLast: Bool
  /// The seed of the shuffling.
  public var seed: UInt64

  /// - Precondition: `batchSize > 0`.
  public init(
    _ dataset: TensorDataset, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false,
    seed: UInt64 = 0
  ) {
    precondition(batchSize > 0, "DataLoader: batch size must be positive, got \(batchSize)")
    self.dataset = dataset
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.dropLast = dropLast
    self.seed = seed
  }

  /// The number of batches per epoch.
  public var batchCount: Int {
    dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
  }

  /// The row indices of each batch of epoch `epoch` (1-based), in order.
  public func batchIndices(epoch: Int) -> [[Int]] {
    var rng = RandomGenerator(
      seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: epoch))
    var batches = miniBatches(
      count: dataset.count, batchSize: batchSize, shuffle: shuffle, using: &rng)
    if dropLast, let last = batches.last, last.count < batchSize { batches.removeLast() }
    return batches
  }

  /// The batches of epoch `epoch` (1-based).
  public func batches(epoch: Int) -> [TensorDataset] {
    batchIndices(epoch: epoch).map { dataset.subset($0) }
  }
}
