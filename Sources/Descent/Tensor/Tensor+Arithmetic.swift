/// Elementwise functions of two tensors, with NumPy broadcasting and dtype promotion.
enum BinaryOp: Sendable {
  case add, subtract, multiply, divide, power, maximum, minimum, xlogy
  case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual

  var name: String {
    switch self {
    case .add: "add"
    case .subtract: "subtract"
    case .multiply: "multiply"
    case .divide: "divide"
    case .power: "pow"
    case .maximum: "maximum"
    case .minimum: "minimum"
    case .xlogy: "xlogy"
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
    case .add, .subtract, .multiply, .divide, .power, .maximum, .minimum, .xlogy: false
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
    // On a tie the first operand is returned (so maximum(−0, 0) is −0, as PyTorch); NaN wins.
    case .maximum: broadcastMap(a, aShape, b, bShape, to: shape) { $0 >= $1 || $0.isNaN ? $0 : $1 }
    case .minimum: broadcastMap(a, aShape, b, bShape, to: shape) { $0 <= $1 || $0.isNaN ? $0 : $1 }
    case .xlogy:
      broadcastMap(a, aShape, b, bShape, to: shape) { $0 == 0 && !$1.isNaN ? 0 : $0 * T.log($1) }
    case .equal: broadcastMap(a, aShape, b, bShape, to: shape) { $0 == $1 ? 1 : 0 }
    case .notEqual: broadcastMap(a, aShape, b, bShape, to: shape) { $0 != $1 ? 1 : 0 }
    case .less: broadcastMap(a, aShape, b, bShape, to: shape) { $0 < $1 ? 1 : 0 }
    case .lessOrEqual: broadcastMap(a, aShape, b, bShape, to: shape) { $0 <= $1 ? 1 : 0 }
    case .greater: broadcastMap(a, aShape, b, bShape, to: shape) { $0 > $1 ? 1 : 0 }
    case .greaterOrEqual: broadcastMap(a, aShape, b, bShape, to: shape) { $0 >= $1 ? 1 : 0 }
    }
  }

  /// The derivative rule of this op, a closure that captures nothing (so recording an op
  /// allocates no closure context): ``derivatives(_:_:_:_:)`` of the op named in its body.
  var rule: DerivativeRule {
    switch self {
    case .add: { g, x, y in BinaryOp.add.derivatives(g, x[0], x[1], y) }
    case .subtract: { g, x, y in BinaryOp.subtract.derivatives(g, x[0], x[1], y) }
    case .multiply: { g, x, y in BinaryOp.multiply.derivatives(g, x[0], x[1], y) }
    case .divide: { g, x, y in BinaryOp.divide.derivatives(g, x[0], x[1], y) }
    case .power: { g, x, y in BinaryOp.power.derivatives(g, x[0], x[1], y) }
    case .maximum: { g, x, y in BinaryOp.maximum.derivatives(g, x[0], x[1], y) }
    case .minimum: { g, x, y in BinaryOp.minimum.derivatives(g, x[0], x[1], y) }
    case .xlogy: { g, x, y in BinaryOp.xlogy.derivatives(g, x[0], x[1], y) }
    default: { _, _, _ in [nil, nil] }
    }
  }

  /// The op between each element of `x` and the number `s` (`s op x` when `scalarFirst`),
  /// as ``apply(_:_:_:_:to:)`` computes it for a one-element operand.
  /// - Precondition: `hasSeparateDerivatives`.
  func apply<T: TensorScalar>(_ x: [T], _ s: T, scalarFirst: Bool) -> [T] {
    x.withUnsafeBufferPointer { p in
      switch (self, scalarFirst) {
      case (.add, false): makeArray(count: p.count) { p[$0] + s }
      case (.add, true): makeArray(count: p.count) { s + p[$0] }
      case (.subtract, false): makeArray(count: p.count) { p[$0] - s }
      case (.subtract, true): makeArray(count: p.count) { s - p[$0] }
      case (.multiply, false): makeArray(count: p.count) { p[$0] * s }
      case (.multiply, true): makeArray(count: p.count) { s * p[$0] }
      case (.divide, false): makeArray(count: p.count) { p[$0] / s }
      case (.divide, true): makeArray(count: p.count) { s / p[$0] }
      default: preconditionFailure("\(name) with a number is not an elementwise kernel")
      }
    }
  }

  /// ∂L/∂a and ∂L/∂b in the output's shape (the engine sums them to each operand's shape).
  /// An operand with no gradient history (a constant, a number) gets nil: nothing would
  /// receive its gradient, so it is not computed.
  func derivatives(_ g: Tensor, _ a: Tensor, _ b: Tensor, _ y: Tensor) -> [Tensor?] {
    let (needsA, needsB) = (a.node != nil, b.node != nil)
    switch self {
    case .add, .subtract, .multiply, .divide:
      return [
        needsA ? separateDerivative(operand: 0, g, a, b, y) : nil,
        needsB ? separateDerivative(operand: 1, g, a, b, y) : nil,
      ]
    case .power:
      // d/da aᵇ = b·aᵇ⁻¹, taken as 0 where b = 0 (so 0⁰ gives 0, not 0·∞).
      let zero = Tensor.zeros(shape: [], dtype: g.dtype)
      let da = needsA ? g * Tensor.where(b .== 0, zero, b * a.pow(b - 1)) : nil
      // d/db aᵇ = aᵇ·log a, taken as 0 where a = 0 (the limit along a → 0⁺ for b > 0).
      let one = Tensor.ones(shape: [], dtype: g.dtype)
      let db = needsB ? g * y * Tensor.where(a .== 0, one, a).log() : nil
      return [da, db]
    case .maximum, .minimum:
      // The operand that loses gets 0, the other 1, and a tie splits ½/½; with a NaN neither
      // loses, so both get the whole gradient (PyTorch's rule: where(a == b, g/2, g), masked
      // to 0 where the operand loses).
      let (aLoses, bLoses) = self == .maximum ? (a .< b, a .> b) : (a .> b, a .< b)
      let half = (a .== b) * 0.5
      return [needsA ? g * (1 - aLoses - half) : nil, needsB ? g * (1 - bLoses - half) : nil]
    case .xlogy:
      let zero = Tensor.zeros(shape: [], dtype: g.dtype)
      let one = Tensor.ones(shape: [], dtype: g.dtype)
      // ∂/∂x = log y, but 0 where x = 0 and y ≤ 0, where x·log y is undefined nearby (0 is
      // the derivative along the line x = 0; PyTorch's choice). y is replaced by 1 there
      // before the log, so that the rule's own derivative is not 0·∞ = NaN.
      let flat = (a .== zero) * (b .<= zero)
      let dx = needsA ? g * Tensor.where(flat, zero, Tensor.where(flat, one, b).log()) : nil
      // ∂/∂y = x/y, taken as 0 wherever x = 0 (PyTorch gives 0/0 = NaN at x = y = 0).
      let xIsZero = a .== zero
      let dy = needsB ? g * Tensor.where(xIsZero, zero, a / Tensor.where(xIsZero, one, b)) : nil
      return [dx, dy]
    default: return [nil, nil]
    }
  }

  /// Whether each operand's derivative is a formula of its own (add, subtract, multiply,
  /// divide), so the backward pass can ask for one without the other
  /// (``separateDerivative(operand:_:_:_:_:)``).
  var hasSeparateDerivatives: Bool {
    switch self {
    case .add, .subtract, .multiply, .divide: true
    default: false
    }
  }

  /// ∂L/∂a (`operand` 0) or ∂L/∂b (1) in the output's shape, for an op with
  /// ``hasSeparateDerivatives``: a + b → g, g; a − b → g, −g; a·b → g·b, g·a;
  /// a / b → g / b, −g·y / b.
  /// - Precondition: `hasSeparateDerivatives`.
  func separateDerivative(operand: Int, _ g: Tensor, _ a: Tensor, _ b: Tensor, _ y: Tensor)
    -> Tensor
  {
    switch (self, operand) {
    case (.add, _), (.subtract, 0): g
    case (.subtract, _): -g
    case (.multiply, 0): g * b
    case (.multiply, _): g * a
    case (.divide, 0): g / b
    case (.divide, _): -g * y / b
    default: preconditionFailure("\(name) has no separate derivatives")
    }
  }

  /// ∂L/∂x for `x op s` (or `s op x` when `scalarFirst`) with the number `s`, as
  /// ``separateDerivative(operand:_:_:_:_:)`` gives it with `s` as a one-element tensor:
  /// g; g or −g; g·s; g / s or −g·y / x.
  /// - Precondition: `hasSeparateDerivatives`.
  func derivative(_ g: Tensor, _ x: Tensor, scalar s: Double, scalarFirst: Bool, _ y: Tensor)
    -> Tensor
  {
    switch (self, scalarFirst) {
    case (.add, _), (.subtract, false): g
    case (.subtract, true): -g
    case (.multiply, _): g * s
    case (.divide, false): g / s
    case (.divide, true): -g * y / x
    default: preconditionFailure("\(name) has no separate derivatives")
    }
  }

  /// The output's tangent from the operands' tangents `da` and `db` (nil for zero), in the
  /// broadcast shape: ∂y/∂a · da + ∂y/∂b · db, with the conventions of ``derivatives(_:_:_:_:)``.
  func tangent(_ da: Tensor?, _ db: Tensor?, _ a: Tensor, _ b: Tensor, _ y: Tensor) -> Tensor? {
    switch self {
    case .add: return sum(da, db)
    case .subtract: return sum(da, db.map { -$0 })
    case .multiply: return sum(da.map { $0 * b }, db.map { a * $0 })
    case .divide: return sum(da.map { $0 / b }, db.map { -$0 * y / b })
    case .power:
      let zero = Tensor.zeros(shape: [], dtype: a.dtype)
      let viaBase = da.map { $0 * Tensor.where(b .== 0, zero, b * a.pow(b - 1)) }
      let safeBase = Tensor.where(a .== 0, Tensor.ones(shape: [], dtype: a.dtype), a)
      return sum(viaBase, db.map { $0 * y * safeBase.log() })
    case .maximum, .minimum:
      // Ties split evenly, as in reverse mode: at a == b the tangent is (da + db) / 2.
      let (aLoses, bLoses) = self == .maximum ? (a .< b, a .> b) : (a .> b, a .< b)
      let half = (a .== b) * 0.5
      return sum(da.map { $0 * (1 - aLoses - half) }, db.map { $0 * (1 - bLoses - half) })
    case .xlogy:
      let zero = Tensor.zeros(shape: [], dtype: a.dtype)
      let one = Tensor.ones(shape: [], dtype: a.dtype)
      let flat = (a .== zero) * (b .<= zero)
      let xIsZero = a .== zero
      return sum(
        da.map { $0 * Tensor.where(flat, zero, Tensor.where(flat, one, b).log()) },
        db.map { $0 * Tensor.where(xIsZero, zero, a / Tensor.where(xIsZero, one, b)) })
    default: return nil
    }
  }

  /// The sum of the tangents that are present; nil (zero) when neither is.
  private func sum(_ first: Tensor?, _ second: Tensor?) -> Tensor? {
    guard let first else { return second }
    guard let second else { return first }
    return first + second
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
    let sameDType = self.dtype == other.dtype
    let dtype = sameDType ? self.dtype : DType.promoted(self.dtype, other.dtype)
    let a = sameDType ? self : self.converted(to: dtype)
    let b = sameDType ? other : other.converted(to: dtype)
    let out: TensorStorage =
      switch (a.storage, b.storage) {
      case (.float32(let x), .float32(let y)):
        .float32(op.apply(x, a.shape, y, b.shape, to: shape))
      case (.float64(let x), .float64(let y)):
        .float64(op.apply(x, a.shape, y, b.shape, to: shape))
      default: preconditionFailure("unreachable: operands promoted to one dtype")
      }
    if op.isComparison || (a.node == nil && b.node == nil) {
      return Tensor(storage: out, shape: shape)
    }
    if op.hasSeparateDerivatives {
      return .result(
        out, shape: shape, op: op.name, input: a, b, rule: op.rule, elementwise: .binary(op),
        forward: { t, inputs, y in op.tangent(t[0], t[1], inputs[0], inputs[1], y) })
    }
    return .result(
      out, shape: shape, op: op.name, inputs: [a, b], rule: op.rule,
      forward: { t, inputs, y in op.tangent(t[0], t[1], inputs[0], inputs[1], y) })
  }

  /// `op` between this tensor and the number `value` in this tensor's dtype (`value op self`
  /// when `scalarFirst`): the same elements as with `scalarLike(value)` as an operand, but
  /// recorded without a tensor for the number (the node makes one if asked for its inputs).
  /// - Precondition: `op.hasSeparateDerivatives`.
  func binary(_ op: BinaryOp, scalar value: Double, scalarFirst: Bool) -> Tensor {
    if node?.forwardTangents != nil {
      let constant = scalarLike(value)
      return scalarFirst ? constant.binary(op, self) : binary(op, constant)
    }
    let out: TensorStorage =
      switch storage {
      case .float32(let x): .float32(op.apply(x, Float(value), scalarFirst: scalarFirst))
      case .float64(let x): .float64(op.apply(x, value, scalarFirst: scalarFirst))
      }
    guard node != nil, GradientMode.isRecording else { return Tensor(storage: out, shape: shape) }
    let node = GradNode(
      op: op.name, input: self, scalar: value, scalarFirst: scalarFirst, output: out,
      shape: shape, rule: op.rule, elementwise: .binary(op))
    return Tensor(storage: out, shape: shape, node: node)
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
  public static func + (a: Tensor, b: Double) -> Tensor {
    a.binary(.add, scalar: b, scalarFirst: false)
  }
  /// Adds a Swift number to every element.
  public static func + (a: Double, b: Tensor) -> Tensor {
    b.binary(.add, scalar: a, scalarFirst: true)
  }
  /// Subtracts a Swift number from every element.
  public static func - (a: Tensor, b: Double) -> Tensor {
    a.binary(.subtract, scalar: b, scalarFirst: false)
  }
  /// Subtracts every element from a Swift number.
  public static func - (a: Double, b: Tensor) -> Tensor {
    b.binary(.subtract, scalar: a, scalarFirst: true)
  }
  /// Multiplies every element by a Swift number.
  public static func * (a: Tensor, b: Double) -> Tensor {
    a.binary(.multiply, scalar: b, scalarFirst: false)
  }
  /// Multiplies every element by a Swift number.
  public static func * (a: Double, b: Tensor) -> Tensor {
    b.binary(.multiply, scalar: a, scalarFirst: true)
  }
  /// Divides every element by a Swift number.
  public static func / (a: Tensor, b: Double) -> Tensor {
    a.binary(.divide, scalar: b, scalarFirst: false)
  }
  /// Divides a Swift number by every element.
  public static func / (a: Double, b: Tensor) -> Tensor {
    b.binary(.divide, scalar: a, scalarFirst: true)
  }

  /// xʸ elementwise, broadcasting. An integral exponent works for negative bases (as
  /// PyTorch's `pow`); otherwise a negative base gives NaN.
  ///
  /// Derivatives: ∂/∂x = y·xʸ⁻¹ (0 where y = 0); ∂/∂y = xʸ·log x (0 where x = 0).
  /// - Precondition: the shapes broadcast.
  public func pow(_ exponent: Tensor) -> Tensor { binary(.power, exponent) }

  /// xʸ elementwise for a number y. See ``pow(_:)-(Tensor)``.
  public func pow(_ exponent: Double) -> Tensor { binary(.power, scalarLike(exponent)) }

  /// The elementwise maximum of `a` and `b`, broadcasting, in the promoted dtype
  /// (`torch.maximum`). NaN in either operand gives NaN.
  ///
  /// Derivatives: the upstream gradient goes to the larger operand; where `a == b` it is split
  /// evenly, ½ to each, so that the two gradients always add up to the upstream one (as
  /// `torch.maximum` and `jnp.maximum`; TensorFlow gives all of it to `a`, see bug case
  /// minmax-elementwise-ties, tensorflow/swift-apis#479). Where either is NaN, both get the
  /// whole upstream gradient (as PyTorch).
  ///
  ///     Tensor.maximum(Tensor([7, 1, 5]), Tensor([7, 3, 4]))   // [7, 3, 5]; ∂a = [½, 0, 1]
  ///
  /// Not a substitute for ``relu()``: maximum(x, 0) passes ½ at x = 0, relu passes 0.
  /// - Precondition: the shapes broadcast.
  public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { a.binary(.maximum, b) }

  /// The elementwise minimum of `a` and `b`, broadcasting, in the promoted dtype
  /// (`torch.minimum`). NaN in either operand gives NaN.
  ///
  /// Derivatives: the upstream gradient goes to the smaller operand, split ½/½ where
  /// `a == b` (as `torch.minimum`); both get it where either is NaN. See
  /// ``maximum(_:_:)``.
  /// - Precondition: the shapes broadcast.
  public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { a.binary(.minimum, b) }

  /// x·log y elementwise, broadcasting, with the value 0 wherever x = 0 (unless y is NaN),
  /// even where log y is −∞ or NaN: `torch.xlogy` and `scipy.special.xlogy`. The building
  /// block of cross-entropy between probabilities, −Σ t·log p, where a zero target must
  /// contribute 0, not 0·(−∞) = NaN.
  ///
  ///     xlogy(0, 0) = 0,   xlogy(0, 3) = 0,   xlogy(1, 0) = −∞,   xlogy(2, −1) = NaN
  ///
  /// Derivatives (source: PyTorch's derivatives.yaml after pytorch/pytorch#80770, bug case
  /// xlogy-log-zero):
  /// - ∂/∂x = log y, also at x = 0 (∂/∂x at (0, 3) is log 3, not 0); taken as 0 where x = 0
  ///   and y ≤ 0, where the function is not defined nearby.
  /// - ∂/∂y = x/y, taken as 0 wherever x = 0 (PyTorch gives NaN at x = y = 0; a zero target
  ///   with a zero probability then leaves the other gradients of a cross-entropy clean).
  /// - Precondition: the shapes broadcast.
  public static func xlogy(_ x: Tensor, _ y: Tensor) -> Tensor { x.binary(.xlogy, y) }
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
