/// Splits the row indices `0..<count` at random into a training set and a test set.
///
/// Unstratified, the rows are shuffled and the first `round(count × testFraction)` go to the
/// test set. Stratified by `labels`, each class is shuffled on its own and contributes
/// `round(n_c × testFraction)` of its `n_c` rows, so the test set keeps the classes'
/// proportions up to rounding. Rounding is to nearest, halves away from zero. A group (the whole
/// set, or a class) of at least 2 rows always puts at least 1 row in each part; a group of one
/// row goes to the training set. Classes are visited in ascending label order, so the result
/// depends only on the arguments and the generator's state.
///
///     var rng = RandomGenerator(seed: 0)
///     let labels = ClassEncoding(targets: data.targets).indices(for: data.targets)
///     let (train, test) = trainTestSplit(
///       count: data.rowCount, testFraction: 0.2, stratifyBy: labels, using: &rng)
///
/// - Parameters:
///   - count: the number of rows, at least 0.
///   - testFraction: the share of rows for the test set, strictly between 0 and 1.
///   - labels: `[count]` class labels (any integers) to stratify by, or `nil`.
///   - rng: the generator to shuffle with; advanced by the draws.
/// - Returns: disjoint index lists whose union is `0..<count`, each sorted ascending.
/// - Precondition: `0 < testFraction < 1`, `count >= 0`; `labels`, if given, has `count`
///   entries.
public func trainTestSplit(
  count: Int, testFraction: Double, stratifyBy labels: [Int]? = nil,
  using rng: inout RandomGenerator
) -> (train: [Int], test: [Int]) {
  precondition(
    testFraction > 0 && testFraction < 1,
    "trainTestSplit: testFraction must be between 0 and 1 (exclusive), got \(testFraction)")
  precondition(count >= 0, "trainTestSplit: count must not be negative, got \(count)")
  let groups: [[Int]]
  if let labels {
    precondition(
      labels.count == count,
      "trainTestSplit: \(labels.count) labels given for \(count) rows")
    var rowsByLabel: [Int: [Int]] = [:]
    for (row, label) in labels.enumerated() {
      rowsByLabel[label, default: []].append(row)
    }
    groups = rowsByLabel.keys.sorted().map { rowsByLabel[$0] ?? [] }
  } else {
    groups = [Array(0..<count)]
  }
  var train: [Int] = []
  var test: [Int] = []
  for var group in groups {
    rng.shuffle(&group)
    let testCount = testSize(of: group.count, fraction: testFraction)
    test.append(contentsOf: group[..<testCount])
    train.append(contentsOf: group[testCount...])
  }
  return (train.sorted(), test.sorted())
}

/// `round(n × fraction)`, kept in `1...(n − 1)` when `n >= 2`, and 0 when `n < 2`.
private func testSize(of n: Int, fraction: Double) -> Int {
  guard n >= 2 else { return 0 }
  let rounded = Int((Double(n) * fraction).rounded(.toNearestOrAwayFromZero))
  return min(max(rounded, 1), n - 1)
}
