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

  /// Σ x², accumulated in `Double` in element order; NaN or infinite when an element is.
  var sumOfSquares: Double {
    var sum = 0.0
    switch self {
    case .float32(let a):
      for x in a { sum += Double(x) * Double(x) }
    case .float64(let a):
      for x in a { sum += x * x }
    }
    return sum
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
