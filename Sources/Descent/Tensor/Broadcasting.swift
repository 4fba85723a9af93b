/// NumPy broadcasting: shapes are aligned at their last axes; two sizes fit when they are
/// equal or one of them is 1; missing leading axes count as 1.
///
/// Source: NumPy, "Broadcasting", https://numpy.org/doc/stable/user/basics.broadcasting.html.
enum Broadcasting {
  /// The broadcast shape of `a` and `b`, or nil when they do not fit.
  static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
    if a == b { return a }
    // One shape already the result (a scalar or a bias row against a batch): no new array.
    if Self.isBroadcast(b, to: a) { return a }
    if Self.isBroadcast(a, to: b) { return b }
    let rank = max(a.count, b.count)
    var result = Array(repeating: 0, count: rank)
    for i in 0..<rank {
      let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
      let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
      if da == db || db == 1 {
        result[i] = da
      } else if da == 1 {
        result[i] = db
      } else {
        return nil
      }
    }
    return result
  }

  /// Whether `shape` broadcasts to `target` unchanged: no more axes, and each of its sizes
  /// (aligned from the last axis) is 1 or equal to the target's.
  @inline(__always)
  static func isBroadcast(_ shape: [Int], to target: [Int]) -> Bool {
    let offset = target.count - shape.count
    guard offset >= 0 else { return false }
    for i in 0..<shape.count where shape[i] != 1 && shape[i] != target[i + offset] {
      return false
    }
    return true
  }

  /// Strides for reading a tensor of `shape` as if it had shape `target`: 0 on broadcast axes.
  /// - Precondition: `shape` broadcasts to `target`.
  static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
    let own = Shape.strides(shape)
    let offset = target.count - shape.count
    var result = Array(repeating: 0, count: target.count)
    for i in 0..<shape.count where shape[i] != 1 {
      result[i + offset] = own[i]
    }
    return result
  }

  /// The axes of `target` along which a tensor of `shape` was broadcast, as needed to sum a
  /// gradient back to `shape`: leading axes `shape` lacks, and axes where it has size 1.
  static func reducedAxes(from target: [Int], to shape: [Int]) -> [Int] {
    let offset = target.count - shape.count
    var axes = Array(0..<offset)
    for i in 0..<shape.count where shape[i] == 1 && target[i + offset] != 1 {
      axes.append(i + offset)
    }
    return axes
  }
}

/// Visits the flat offsets of two operands broadcast to `shape`, in row-major order of the
/// output, calling `body(outputIndex, offsetA, offsetB)`.
@inline(__always)
func forEachBroadcastOffset(
  shape: [Int], stridesA: [Int], stridesB: [Int], _ body: (Int, Int, Int) -> Void
) {
  let count = Shape.count(shape)
  guard count > 0 else { return }
  let rank = shape.count
  if rank == 0 {
    body(0, 0, 0)
    return
  }
  var index = Array(repeating: 0, count: rank)
  var offsetA = 0
  var offsetB = 0
  let last = rank - 1
  let lastSize = shape[last]
  let lastA = stridesA[last]
  let lastB = stridesB[last]
  var out = 0
  while out < count {
    var a = offsetA
    var b = offsetB
    for _ in 0..<lastSize {
      body(out, a, b)
      out += 1
      a += lastA
      b += lastB
    }
    // Advance the multi-index over the leading axes.
    var axis = last - 1
    while axis >= 0 {
      index[axis] += 1
      offsetA += stridesA[axis]
      offsetB += stridesB[axis]
      if index[axis] < shape[axis] { break }
      offsetA -= stridesA[axis] * shape[axis]
      offsetB -= stridesB[axis] * shape[axis]
      index[axis] = 0
      axis -= 1
    }
  }
}
