/// The contiguous, row-major elements of a tensor, in its dtype.
///
/// An enum of Swift arrays, so copies share the buffer until one of them is written
/// (copy on write), which gives ``Tensor`` its value semantics.
@usableFromInline
enum TensorStorage: Sendable {
  case float32([Float])
  case float64([Double])

  @usableFromInline
  var dtype: DType {
    switch self {
    case .float32: .float32
    case .float64: .float64
    }
  }

  @usableFromInline
  var count: Int {
    switch self {
    case .float32(let a): a.count
    case .float64(let a): a.count
    }
  }

  /// Every element widened to `Double` (exact for both dtypes).
  var doubles: [Double] {
    switch self {
    case .float32(let a): a.map(Double.init)
    case .float64(let a): a
    }
  }

  /// Σ x², accumulated in `Double`; NaN or infinite when an element is.
  ///
  /// Vectorized: the elements are summed in blocks of ``sumBlockSize``, each block in 16
  /// interleaved lanes (element i into lane i mod 16) combined in a fixed order, and the block
  /// sums added in block order. Large storage is split across ``Threading/count`` threads by
  /// whole blocks, so the result is the same, bit for bit, for every thread count.
  var sumOfSquares: Double {
    switch self {
    case .float32(let a): a.withUnsafeBufferPointer { blockedSumOfSquares($0) }
    case .float64(let a): a.withUnsafeBufferPointer { blockedSumOfSquares($0) }
    }
  }

  /// Whether every element is finite (no NaN, no infinity).
  var allFinite: Bool {
    switch self {
    case .float32(let a): a.allSatisfy(\.isFinite)
    case .float64(let a): a.allSatisfy(\.isFinite)
    }
  }

  /// The same values in `dtype` (rounding to nearest when narrowing).
  func converted(to dtype: DType) -> TensorStorage {
    switch (self, dtype) {
    case (.float32, .float32), (.float64, .float64): self
    case (.float32(let a), .float64): .float64(a.map(Double.init))
    case (.float64(let a), .float32): .float32(a.map(Float.init))
    }
  }

  /// This storage, leaving empty storage in its place: the caller then holds the only
  /// reference to the elements (unless a copy of the storage is kept elsewhere), so it can
  /// write them in place. Put the result back when done.
  mutating func take() -> TensorStorage {
    let taken = self
    self = .float32([])
    return taken
  }

  /// Calls `body` with the elements, of type `T` (the storage's dtype), for writing in place.
  /// Storage shared with another tensor is copied first (copy on write); storage referenced
  /// nowhere else is written where it is.
  /// - Precondition: `T` is the element type of this storage's dtype.
  @inline(__always)
  mutating func withUnsafeMutableElements<T: TensorScalar, R>(
    as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
  ) rethrows -> R {
    precondition(T.dtype == dtype, "withUnsafeMutableElements: \(T.self) for \(dtype) storage")
    switch self {
    case .float32(var a):
      self = .float32([])
      defer { self = .float32(a) }
      return try a.withUnsafeMutableBufferPointer { try body(rebound($0)) }
    case .float64(var a):
      self = .float32([])
      defer { self = .float64(a) }
      return try a.withUnsafeMutableBufferPointer { try body(rebound($0)) }
    }
  }

  /// Calls `body` with the elements, of type `T` (the storage's dtype), for reading.
  /// - Precondition: `T` is the element type of this storage's dtype.
  @inline(__always)
  func withUnsafeElements<T: TensorScalar, R>(
    as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
  ) rethrows -> R {
    precondition(T.dtype == dtype, "withUnsafeElements: \(T.self) for \(dtype) storage")
    switch self {
    case .float32(let a):
      return try a.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebound($0))) }
    case .float64(let a):
      return try a.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebound($0))) }
    }
  }

  /// The rows at `indices`, in that order, of storage holding `rows` rows: one copy per row
  /// into storage allocated once (``Tensor/gatherRows(_:)`` without the graph).
  /// - Precondition: every index is in `0..<rows`; `rows` divides the element count.
  func gatheringRows(_ indices: [Int], rows: Int) -> TensorStorage {
    for i in indices {
      precondition(i >= 0 && i < rows, "gatherRows: index \(i) out of range for \(rows) rows")
    }
    let width = rows == 0 ? 0 : count / rows
    func gather<T: TensorScalar>(_ x: [T]) -> [T] {
      var out = [T](repeating: 0, count: indices.count * width)
      if out.isEmpty { return out }
      out.withUnsafeMutableBufferPointer { out in
        x.withUnsafeBufferPointer { x in
          for (r, i) in indices.enumerated() {
            (out.baseAddress! + r * width).update(from: x.baseAddress! + i * width, count: width)
          }
        }
      }
      return out
    }
    return switch self {
    case .float32(let a): .float32(gather(a))
    case .float64(let a): .float64(gather(a))
    }
  }

  /// Storage of `count` copies of `value` in `dtype`.
  static func repeating(_ value: Double, count: Int, dtype: DType) -> TensorStorage {
    switch dtype {
    case .float32: .float32(Array(repeating: Float(value), count: count))
    case .float64: .float64(Array(repeating: value, count: count))
    }
  }
}

/// `buffer` seen as elements of `T`, which is its own element type (checked by the callers).
@inline(__always)
private func rebound<U, T>(_ buffer: UnsafeMutableBufferPointer<U>) -> UnsafeMutableBufferPointer<T>
{
  UnsafeMutableBufferPointer(
    start: UnsafeMutableRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: T.self),
    count: buffer.count)
}

/// `buffer` seen as elements of `T`, which is its own element type (checked by the callers).
@inline(__always)
private func rebound<U, T>(_ buffer: UnsafeBufferPointer<U>) -> UnsafeMutableBufferPointer<T> {
  UnsafeMutableBufferPointer(
    start: UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.assumingMemoryBound(to: T.self),
    count: buffer.count)
}

/// The elements summed per block by ``TensorStorage/sumOfSquares``: a fixed size, so that the
/// sum does not depend on how the blocks are shared among threads.
let sumBlockSize = 1 << 14

/// Σ x² over `x` in `Double`, block by block (see ``TensorStorage/sumOfSquares``).
func blockedSumOfSquares<T: TensorScalar>(_ x: UnsafeBufferPointer<T>) -> Double {
  let blocks = (x.count + sumBlockSize - 1) / sumBlockSize
  if blocks <= 1 { return laneSumOfSquares(x) }
  var sums = [Double](repeating: 0, count: blocks)
  sums.withUnsafeMutableBufferPointer { sums in
    forEachPart(count: blocks, minimumPerPart: 2) { range in
      for block in range {
        let start = block * sumBlockSize
        let end = Swift.min(start + sumBlockSize, x.count)
        sums[block] = laneSumOfSquares(UnsafeBufferPointer(rebasing: x[start..<end]))
      }
    }
  }
  var total = 0.0
  for sum in sums { total += sum }
  return total
}

/// Σ x² over `x` in `Double`: element i goes into lane i mod 16 (two 8-lane vectors), the
/// lanes are combined in a fixed order, then the tail past the last multiple of 16 is added.
@inline(__always)
func laneSumOfSquares<T: TensorScalar>(_ x: UnsafeBufferPointer<T>) -> Double {
  guard let base = x.baseAddress else { return 0 }
  let n = x.count
  var i = 0
  var tail = 0.0
  if T.self == Float.self {
    let raw = UnsafeRawPointer(base)
    var low = SIMD8<Double>()
    var high = SIMD8<Double>()
    while i + 16 <= n {
      let a = SIMD8<Double>(raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
      let b = SIMD8<Double>(raw.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self))
      low += a * a
      high += b * b
      i += 16
    }
    tail = (low + high).sum()
  } else {
    let raw = UnsafeRawPointer(base)
    var lanes = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>())
    while i + 16 <= n {
      let a = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
      let b = raw.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
      let c = raw.loadUnaligned(fromByteOffset: i * 8 + 64, as: SIMD4<Double>.self)
      let d = raw.loadUnaligned(fromByteOffset: i * 8 + 96, as: SIMD4<Double>.self)
      lanes.0 += a * a
      lanes.1 += b * b
      lanes.2 += c * c
      lanes.3 += d * d
      i += 16
    }
    tail = ((lanes.0 + lanes.1) + (lanes.2 + lanes.3)).sum()
  }
  while i < n {
    let v = Double(base[i])
    tail += v * v
    i += 1
  }
  return tail
}
