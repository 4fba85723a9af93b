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

  /// Storage of `count` copies of `value` in `dtype`.
  static func repeating(_ value: Double, count: Int, dtype: DType) -> TensorStorage {
    switch dtype {
    case .float32: .float32(Array(repeating: Float(value), count: count))
    case .float64: .float64(Array(repeating: value, count: count))
    }
  }
}
