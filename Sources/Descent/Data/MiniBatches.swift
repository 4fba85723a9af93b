/// Cuts the indices `0..<count` into mini-batches for one epoch.
///
/// The indices are shuffled (or left in order) and cut into consecutive batches of `batchSize`;
/// the last batch holds the `count % batchSize` left over, if any, so every index appears in
/// exactly one batch. There are `⌈count / batchSize⌉` batches.
///
///     var rng = RandomGenerator(seed: 0)
///     miniBatches(count: 5, batchSize: 2, shuffle: false, using: &rng)  // [[0, 1], [2, 3], [4]]
///
/// - Parameters:
///   - count: the number of examples (such as the training rows), at least 0.
///   - batchSize: the examples per batch, at least 1; a size above `count` gives one batch.
///   - shuffle: whether to permute the indices first; `false` leaves `rng` untouched.
///   - rng: the generator to shuffle with.
/// - Returns: the batches, each a list of indices into `0..<count`.
/// - Precondition: `count >= 0`, `batchSize >= 1`.
public func miniBatches(
  count: Int, batchSize: Int, shuffle: Bool, using rng: inout RandomGenerator
) -> [[Int]] {
  precondition(count >= 0, "miniBatches: count must not be negative, got \(count)")
  precondition(batchSize >= 1, "miniBatches: batchSize must be at least 1, got \(batchSize)")
  var order = Array(0..<count)
  if shuffle {
    rng.shuffle(&order)
  }
  return stride(from: 0, to: count, by: batchSize).map { start in
    Array(order[start..<min(start + batchSize, count)])
  }
}
