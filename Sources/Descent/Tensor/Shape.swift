/// Helpers for shapes: element counts, row-major strides, axis normalization.
enum Shape {
  /// The number of elements of a tensor of `shape` (1 for a scalar, shape `[]`).
  static func count(_ shape: [Int]) -> Int {
    var n = 1
    for d in shape { n *= d }
    return n
  }

  /// Row-major strides, in elements: the last axis has stride 1.
  static func strides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[i] = s
      s *= shape[i]
    }
    return strides
  }

  /// Maps a possibly negative axis (−1 is the last) into `0..<rank`, trapping with a message
  /// naming `op` and `shape` when it is out of range.
  static func normalize(axis: Int, rank: Int, op: String, shape: [Int]) -> Int {
    let a = axis < 0 ? axis + rank : axis
    precondition(
      a >= 0 && a < rank,
      "\(op): axis \(axis) is out of range for a tensor of shape \(shape) (rank \(rank))")
    return a
  }

  /// Sorted, distinct, normalized axes.
  static func normalize(axes: [Int], rank: Int, op: String, shape: [Int]) -> [Int] {
    let normalized = axes.map { normalize(axis: $0, rank: rank, op: op, shape: shape) }
    let unique = Array(Set(normalized)).sorted()
    precondition(
      unique.count == normalized.count, "\(op): repeated axis in \(axes) for shape \(shape)")
    return unique
  }
}
