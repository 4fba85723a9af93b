/// Elementwise functions of two tensors, with NumPy broadcasting and dtype promotion.
enum BinaryOp: Sendable {
  case add, subtract, multiply, divide, power
  case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

  var name: String {
    switch self {
    case .add: "add"
    case .subtract: "subtract"
    case .multiply: "multiply"
    case .divide: "divide"
    case .power: "pow"
    case .equal: "equal"
    case .notEqual: "notEqual"
    case .less: "less"
    case .lessOrEqual: "lessOrEqual"
    case .greater: "greater"
    case .greaterOrEqual: "greaterOrEqual"
    }
  }

  var isComparison: Bool {
    switch self {
    case .add, .subtract, .multiply, .divide, .power: false
    default: true
    }
  }

  func apply<T: TensorScalar>(
    _ a: [T], _ aShape: [Int], _ b: [T], _ bShape: [Int], to shape: [Int]
  ) -> [T] {
    switch self {
    case .add: broadcastMap(a, aShape, b, bShape, to: shape, +)
    case .subtract: broadcastMap(a, aShape, b, bShape, to: shape, -)
    case .multiply: broadcastMap(a, aShape, b, bShape, to: shape, *)
    case .divide: broadcastMap(a, aShape, b, bShape, to: shape, /)
    case .power: broadcastMap(a, aShape, b, bShape, to: shape, elementPower)
    case .equal: broadcastMap(a, aShape, b, bShape, to: shape) { $0 == $1 ? 1 : 0 }
    case .notEqual: broadcastMap(a, aShape, b, bShape, to: shape) { $0 != $1 ? 1 : 0 }
    case .less: broadcastMap(a, aShape, b, bShape, to: shape) { $0 < $1 ? 1 : 0 }
    case .lessOrEqual: broadcastMap(a, aShape, b, bShape, to: shape) { $0 <= $1 ? 1 : 0 }
    case .greater: broadcastMap(a, aShape, b, bShape, to: shape) { $0 > $1 ? 1 : 0 }
    case .greaterOrEqual: broadcastMap(a, aShape, b, bShape, to: shape) { $0 >= $1 ? 1 : 0 }
    }
  }

  /// ∂L/∂a and ∂L/∂b in the output's shape (the engine sums them to each operand's shape).
  func derivatives(_ g: Tensor, _ a: Tensor, _ b: Tensor, _ y: Tensor) -> [Tensor?] {
    switch self {
    case .add: return [g, g]
    case .subtract: return [g, -g]
    case .multiply: return [g * b, g * a]
    case .divide: return [g / b, -g * y / b]
    case .power:
      // d/da aᵇ = b·aᵇ⁻¹, taken as 0 where b = 0 (so 0⁰ gives 0, not 0·∞).
      let zero = Tensor.zeros(shape: [], dtype: g.dtype)
      let da = Tensor.where(b .== 0, zero, b * a.pow(b - 1))
      // d/db aᵇ = aᵇ·log a, taken as 0 where a = 0 (the limit along a → 0⁺ for b > 0).
      let safeBase = Tensor.where(a .== 0, Tensor.ones(shape: [], dtype: g.dtype), a)
      return [g * da, g * y * safeBase.log()]
    default: return [nil, nil]
    }
  }
}

/// xʸ; for an integral exponent, by repeated multiplication so a negative base works
/// (−2³ = −8), otherwise by `T.pow` (NaN for a negative base).
@inline(__always)
func elementPower<T: TensorScalar>(_ x: T, _ y: T) -> T {
  if y == y.rounded(), Swift.abs(y) < T(1 << 30) {
    return T.pow(x, Int(y))
  }
  return T.pow(x, y)
}

extension Tensor {
  func binary(_ op: BinaryOp, _ other: Tensor) -> Tensor {
    guard let shape = Broadcasting.shape(self.shape, other.shape) else {
      preconditionFailure(
        "\(op.name): shapes \(self.shape) and \(other.shape) do not broadcast (sizes must be "
          + "equal or 1, aligned from the last axis)")
    }
    let dtype = DType.promoted(self.dtype, other.dtype)
    let a = self.converted(to: dtype)
    let b = other.converted(to: dtype)
    let out: TensorStorage =
      switch (a.storage, b.storage) {
      case (.float32(let x), .float32(let y)):
        .float32(op.apply(x, a.shape, y, b.shape, to: shape))
      case (.float64(let x), .float64(let y)):
        .float64(op.apply(x, a.shape, y, b.shape, to: shape))
      default: preconditionFailure("unreachable: operands promoted to one dtype")
      }
    if op.isComparison { return Tensor(storage: out, shape: shape) }
    return .result(out, shape: shape, op: op.name, inputs: [a, b]) { g, inputs, y in
      op.derivatives(g, inputs[0], inputs[1], y)
    }
  }

  /// A scalar tensor of this tensor's dtype, for mixing with Swift numbers (which, as in
  /// PyTorch, do not promote the dtype).
  func scalarLike(_ value: Double) -> Tensor {
    Tensor(storage: .repeating(value, count: 1, dtype: dtype), shape: [])
  }

  /// Elementwise sum, broadcasting. Promotes float32 with float64 to float64.
  /// - Precondition: the shapes broadcast.
  public static func + (a: Tensor, b: Tensor) -> Tensor { a.binary(.add, b) }
  /// Elementwise difference, broadcasting.
  /// - Precondition: the shapes broadcast.
  public static func - (a: Tensor, b: Tensor) -> Tensor { a.binary(.subtract, b) }
  /// Elementwise product, broadcasting.
  /// - Precondition: the shapes broadcast.
  public static func * (a: Tensor, b: Tensor) -> Tensor { a.binary(.multiply, b) }
  /// Elementwise quotient, broadcasting; x/0 is ±∞ or NaN by IEEE 754.
  /// - Precondition: the shapes broadcast.
  public static func / (a: Tensor, b: Tensor) -> Tensor { a.binary(.divide, b) }

  /// Adds a Swift number to every element (the tensor's dtype is kept).
  public static func + (a: Tensor, b: Double) -> Tensor { a + a.scalarLike(b) }
  /// Adds a Swift number to every element.
  public static func + (a: Double, b: Tensor) -> Tensor { b.scalarLike(a) + b }
  /// Subtracts a Swift number from every element.
  public static func - (a: Tensor, b: Double) -> Tensor { a - a.scalarLike(b) }
  /// Subtracts every element from a Swift number.
  public static func - (a: Double, b: Tensor) -> Tensor { b.scalarLike(a) - b }
  /// Multiplies every element by a Swift number.
  public static func * (a: Tensor, b: Double) -> Tensor { a * a.scalarLike(b) }
  /// Multiplies every element by a Swift number.
  public static func * (a: Double, b: Tensor) -> Tensor { b.scalarLike(a) * b }
  /// Divides every element by a Swift number.
  public static func / (a: Tensor, b: Double) -> Tensor { a / a.scalarLike(b) }
  /// Divides a Swift number by every element.
  public static func / (a: Double, b: Tensor) -> Tensor { b.scalarLike(a) / b }

  /// xʸ elementwise, broadcasting. An integral exponent works for negative bases (as
  /// PyTorch's `pow`); otherwise a negative base gives NaN.
  ///
  /// Derivatives: ∂/∂x = y·xʸ⁻¹ (0 where y = 0); ∂/∂y = xʸ·log x (0 where x = 0).
  /// - Precondition: the shapes broadcast.
  public func pow(_ exponent: Tensor) -> Tensor { binary(.power, exponent) }

  /// xʸ elementwise for a number y. See ``pow(_:)-(Tensor)``.
  public func pow(_ exponent: Double) -> Tensor { binary(.power, scalarLike(exponent)) }
}

// MARK: - Comparisons

extension Tensor {
  /// 1 where `a == b`, else 0, broadcasting; in the promoted dtype, with no gradient.
  public static func .== (a: Tensor, b: Tensor) -> Tensor { a.binary(.equal, b) }
  /// 1 where `a != b`, else 0, broadcasting; no gradient.
  public static func .!= (a: Tensor, b: Tensor) -> Tensor { a.binary(.notEqual, b) }
  /// 1 where `a < b`, else 0, broadcasting; no gradient.
  public static func .< (a: Tensor, b: Tensor) -> Tensor { a.binary(.less, b) }
  /// 1 where `a <= b`, else 0, broadcasting; no gradient.
  public static func .<= (a: Tensor, b: Tensor) -> Tensor { a.binary(.lessOrEqual, b) }
  /// 1 where `a > b`, else 0, broadcasting; no gradient.
  public static func .> (a: Tensor, b: Tensor) -> Tensor { a.binary(.greater, b) }
  /// 1 where `a >= b`, else 0, broadcasting; no gradient.
  public static func .>= (a: Tensor, b: Tensor) -> Tensor { a.binary(.greaterOrEqual, b) }

  /// 1 where the element equals `b`, else 0; no gradient.
  public static func .== (a: Tensor, b: Double) -> Tensor { a .== a.scalarLike(b) }
  /// 1 where the element is less than `b`, else 0; no gradient.
  public static func .< (a: Tensor, b: Double) -> Tensor { a .< a.scalarLike(b) }
  /// 1 where the element is greater than `b`, else 0; no gradient.
  public static func .> (a: Tensor, b: Double) -> Tensor { a .> a.scalarLike(b) }
}
