/// Elementwise functions of one tensor. Each op's derivative rule is beside its kernel in
/// ``UnaryOp``; the conventions at kinks follow PyTorch.
enum UnaryOp: Sendable {
  case negate, exp, log, squareRoot, abs, relu, sigmoid, tanh, sign, step
  case sin, cos, tan, log1p, expm1, softplus, logSigmoid, square, reciprocal
  case clamp(min: Double?, max: Double?)

  var name: String {
    switch self {
    case .negate: "negate"
    case .exp: "exp"
    case .log: "log"
    case .squareRoot: "sqrt"
    case .abs: "abs"
    case .relu: "relu"
    case .sigmoid: "sigmoid"
    case .tanh: "tanh"
    case .sign: "sign"
    case .step: "step"
    case .sin: "sin"
    case .cos: "cos"
    case .tan: "tan"
    case .log1p: "log1p"
    case .expm1: "expm1"
    case .softplus: "softplus"
    case .logSigmoid: "logSigmoid"
    case .square: "square"
    case .reciprocal: "reciprocal"
    case .clamp: "clamp"
    }
  }

  func apply<T: TensorScalar>(_ x: [T]) -> [T] {
    x.withUnsafeBufferPointer { p in
      switch self {
      case .negate: makeArray(count: p.count) { -p[$0] }
      case .exp: makeArray(count: p.count) { T.exp(p[$0]) }
      case .log: makeArray(count: p.count) { T.log(p[$0]) }
      case .squareRoot: makeArray(count: p.count) { p[$0].squareRoot() }
      case .abs: makeArray(count: p.count) { Swift.abs(p[$0]) }
      case .relu: makeArray(count: p.count) { p[$0] > 0 ? p[$0] : (p[$0].isNaN ? p[$0] : 0) }
      case .sigmoid: makeArray(count: p.count) { stableSigmoid(p[$0]) }
      case .tanh: makeArray(count: p.count) { T.tanh(p[$0]) }
      case .sign:
        makeArray(count: p.count) { p[$0] > 0 ? 1 : (p[$0] < 0 ? -1 : (p[$0].isNaN ? p[$0] : 0)) }
      case .step: makeArray(count: p.count) { p[$0] > 0 ? 1 : 0 }
      case .sin: makeArray(count: p.count) { T.sin(p[$0]) }
      case .cos: makeArray(count: p.count) { T.cos(p[$0]) }
      case .tan: makeArray(count: p.count) { T.tan(p[$0]) }
      case .log1p: makeArray(count: p.count) { T.log(onePlus: p[$0]) }
      case .expm1: makeArray(count: p.count) { T.expMinusOne(p[$0]) }
      case .softplus: makeArray(count: p.count) { stableSoftplus(p[$0]) }
      case .logSigmoid: makeArray(count: p.count) { stableLogSigmoid(p[$0]) }
      case .square: makeArray(count: p.count) { p[$0] * p[$0] }
      case .reciprocal: makeArray(count: p.count) { 1 / p[$0] }
      case .clamp(let lower, let upper): clamped(p, lower.map { T($0) }, upper.map { T($0) })
      }
    }
  }

  /// The derivative rule of this op: ``backward(_:_:_:)``, in a closure that captures
  /// nothing but a clamp's bounds (so recording most ops allocates no closure context).
  var rule: DerivativeRule {
    switch self {
    case .negate: { g, x, y in [UnaryOp.negate.backward(g, x[0], y)] }
    case .exp: { g, x, y in [UnaryOp.exp.backward(g, x[0], y)] }
    case .log: { g, x, y in [UnaryOp.log.backward(g, x[0], y)] }
    case .squareRoot: { g, x, y in [UnaryOp.squareRoot.backward(g, x[0], y)] }
    case .abs: { g, x, y in [UnaryOp.abs.backward(g, x[0], y)] }
    case .relu: { g, x, y in [UnaryOp.relu.backward(g, x[0], y)] }
    case .sigmoid: { g, x, y in [UnaryOp.sigmoid.backward(g, x[0], y)] }
    case .tanh: { g, x, y in [UnaryOp.tanh.backward(g, x[0], y)] }
    case .sign: { g, x, y in [UnaryOp.sign.backward(g, x[0], y)] }
    case .step: { g, x, y in [UnaryOp.step.backward(g, x[0], y)] }
    case .sin: { g, x, y in [UnaryOp.sin.backward(g, x[0], y)] }
    case .cos: { g, x, y in [UnaryOp.cos.backward(g, x[0], y)] }
    case .tan: { g, x, y in [UnaryOp.tan.backward(g, x[0], y)] }
    case .log1p: { g, x, y in [UnaryOp.log1p.backward(g, x[0], y)] }
    case .expm1: { g, x, y in [UnaryOp.expm1.backward(g, x[0], y)] }
    case .softplus: { g, x, y in [UnaryOp.softplus.backward(g, x[0], y)] }
    case .logSigmoid: { g, x, y in [UnaryOp.logSigmoid.backward(g, x[0], y)] }
    case .square: { g, x, y in [UnaryOp.square.backward(g, x[0], y)] }
    case .reciprocal: { g, x, y in [UnaryOp.reciprocal.backward(g, x[0], y)] }
    case .clamp: { [self] g, x, y in [self.backward(g, x[0], y)] }
    }
  }

  /// ∂L/∂x as ``derivative(_:_:_:)`` gives it, computed in one pass over the elements (one
  /// buffer, the same arithmetic in the same order, so the same bits) when the graph is not
  /// being recorded and the op has such a kernel.
  func backward(_ g: Tensor, _ x: Tensor, _ y: Tensor) -> Tensor? {
    if !GradientMode.isRecording, g.shape == y.shape {
      switch (g.storage, x.storage, y.storage) {
      case (.float32(let gs), .float32(let xs), .float32(let ys)):
        if let d = fusedDerivative(gs, xs, ys) {
          return Tensor(storage: .float32(d), shape: y.shape)
        }
      case (.float64(let gs), .float64(let xs), .float64(let ys)):
        if let d = fusedDerivative(gs, xs, ys) {
          return Tensor(storage: .float64(d), shape: y.shape)
        }
      default: break
      }
    }
    return derivative(g, x, y)
  }

  /// The elementwise kernels of ``backward(_:_:_:)``: each element's ∂L/∂x by the formula
  /// of ``derivative(_:_:_:)``; nil for ops without one.
  private func fusedDerivative<T: TensorScalar>(_ g: [T], _ x: [T], _ y: [T]) -> [T]? {
    g.withUnsafeBufferPointer { g in
      x.withUnsafeBufferPointer { x in
        y.withUnsafeBufferPointer { y in
          switch self {
          case .negate: makeArray(count: g.count) { -g[$0] }
          case .exp: makeArray(count: g.count) { g[$0] * y[$0] }
          case .log: makeArray(count: g.count) { g[$0] / x[$0] }
          case .squareRoot: makeArray(count: g.count) { g[$0] / (y[$0] * 2) }
          case .relu: makeArray(count: g.count) { g[$0] * (x[$0] > 0 ? 1 : 0) }
          case .sigmoid: makeArray(count: g.count) { g[$0] * y[$0] * (1 - y[$0]) }
          case .tanh: makeArray(count: g.count) { g[$0] * (1 - y[$0] * y[$0]) }
          case .square: makeArray(count: g.count) { g[$0] * x[$0] * 2 }
          case .reciprocal: makeArray(count: g.count) { -(g[$0] * y[$0] * y[$0]) }
          default: nil
          }
        }
      }
    }
  }

  /// ∂L/∂x from the upstream gradient `g`, the input `x` and the output `y`.
  func derivative(_ g: Tensor, _ x: Tensor, _ y: Tensor) -> Tensor? {
    switch self {
    case .negate: -g
    case .exp: g * y
    case .log: g / x
    case .squareRoot: g / (y * 2)
    case .abs: g * x.sign()
    case .relu: g * x.unary(.step)
    case .sigmoid: g * y * (1 - y)
    case .tanh: g * (1 - y * y)
    case .sign, .step: nil
    case .sin: g * x.cos()
    case .cos: -(g * x.sin())
    case .tan: g * (1 + y * y)
    case .log1p: g / (1 + x)
    case .expm1: g * x.exp()
    case .softplus: g * x.sigmoid()
    case .logSigmoid: g * (-x).sigmoid()
    case .square: g * x * 2
    case .reciprocal: -(g * y * y)
    case .clamp(let lower, let upper): g * x.strictlyInside(lower, upper)
    }
  }

  /// The output's tangent from the input's tangent `dx`: f′(x)·dx. The Jacobian of an
  /// elementwise function is diagonal, so this is ``derivative(_:_:_:)`` applied to the
  /// tangent, with the same conventions at kinks (relu′(0) = 0, abs′(0) = 0).
  func tangent(_ dx: Tensor, _ x: Tensor, _ y: Tensor) -> Tensor? {
    derivative(dx, x, y)
  }
}

/// 1 / (1 + e^−x), evaluated so that neither branch overflows: for x < 0 as e^x / (1 + e^x).
@inline(__always)
func stableSigmoid<T: TensorScalar>(_ x: T) -> T {
  if x >= 0 {
    return 1 / (1 + T.exp(-x))
  }
  let e = T.exp(x)
  return e / (1 + e)
}

/// log(1 + eˣ) as max(x, 0) + log1p(e^−|x|): no exponential overflows, so it is x for large
/// x, e^x for very negative x, ∞ at ∞ and 0 at −∞.
@inline(__always)
func stableSoftplus<T: TensorScalar>(_ x: T) -> T {
  (x > 0 ? x : 0) + T.log(onePlus: T.exp(-Swift.abs(x)))
}

/// log σ(x) = −softplus(−x), as min(x, 0) − log1p(e^−|x|): 0 (not −0) at ∞, −∞ at −∞.
@inline(__always)
func stableLogSigmoid<T: TensorScalar>(_ x: T) -> T {
  (x < 0 ? x : 0) - T.log(onePlus: T.exp(-Swift.abs(x)))
}

/// x limited to `[lower, upper]` as min(max(x, lower), upper): NaN stays NaN, and when
/// lower > upper every element becomes `upper` (as `torch.clamp`).
@inline(__always)
func clamped<T: TensorScalar>(_ x: T, _ lower: T?, _ upper: T?) -> T {
  var v = x
  if let lower, v < lower { v = lower }
  if let upper, v > upper { v = upper }
  return v
}

/// Every element of `x` clamped as by the scalar `clamped`, the bounds already in `T`.
@inline(__always)
func clamped<T: TensorScalar>(_ x: UnsafeBufferPointer<T>, _ lower: T?, _ upper: T?) -> [T] {
  makeArray(count: x.count) { clamped(x[$0], lower, upper) }
}

extension Tensor {
  /// 1 where `lower < x < upper` (a missing bound does not limit), else 0, and 0 at NaN: the
  /// derivative of ``clamp(min:max:)``.
  func strictlyInside(_ lower: Double?, _ upper: Double?) -> Tensor {
    var inside = self .== self
    if let lower { inside = inside * (self .> lower) }
    if let upper { inside = inside * (self .< upper) }
    return inside
  }

  func unary(_ op: UnaryOp) -> Tensor {
    let out: TensorStorage =
      switch storage {
      case .float32(let a): .float32(op.apply(a))
      case .float64(let a): .float64(op.apply(a))
      }
    if node == nil { return Tensor(storage: out, shape: shape) }
    return .result(
      out, shape: shape, op: op.name, input: self, nil, rule: op.rule, elementwise: .unary(op),
      forward: { t, inputs, y in t[0].flatMap { op.tangent($0, inputs[0], y) } })
  }

  /// −x, elementwise.
  public static prefix func - (x: Tensor) -> Tensor { x.unary(.negate) }

  /// eˣ, elementwise. Overflows to +∞ above about 88.7 (float32) or 709.8 (float64).
  /// Derivative: eˣ.
  public func exp() -> Tensor { unary(.exp) }

  /// The natural logarithm, elementwise: log 0 = −∞; of a negative number, NaN.
  /// Derivative: 1/x.
  public func log() -> Tensor { unary(.log) }

  /// √x, elementwise; NaN for negative x. Derivative: 1/(2√x), +∞ at 0 (as PyTorch).
  public func sqrt() -> Tensor { unary(.squareRoot) }

  /// |x|, elementwise. Derivative: sign(x), with abs′(0) = 0 (PyTorch's convention).
  public func abs() -> Tensor { unary(.abs) }

  /// max(x, 0), elementwise; NaN stays NaN. Derivative: 1 where x > 0, else 0, so
  /// relu′(0) = 0 (PyTorch's convention).
  public func relu() -> Tensor { unary(.relu) }

  /// The logistic function σ(x) = 1 / (1 + e^−x), elementwise, computed without overflow
  /// for any finite x. Derivative: σ(x)(1 − σ(x)), from the output.
  public func sigmoid() -> Tensor { unary(.sigmoid) }

  /// The hyperbolic tangent, elementwise. Derivative: 1 − tanh²(x), from the output.
  public func tanh() -> Tensor { unary(.tanh) }

  /// −1, 0 or 1 by the sign of each element (0 for ±0; NaN stays NaN). Not differentiable:
  /// no gradient flows through it.
  public func sign() -> Tensor { unary(.sign) }

  /// sin x (x in radians), elementwise. Derivative: cos x.
  public func sin() -> Tensor { unary(.sin) }

  /// cos x (x in radians), elementwise. Derivative: −sin x.
  public func cos() -> Tensor { unary(.cos) }

  /// tan x (x in radians), elementwise; very large near the poles x = π/2 + kπ.
  /// Derivative: 1 + tan²x, from the output.
  public func tan() -> Tensor { unary(.tan) }

  /// log(1 + x), elementwise, accurate for tiny x (log1p(1e−20) = 1e−20, where log(1 + x)
  /// gives 0): log1p(−1) = −∞; below −1, NaN. Derivative: 1/(1 + x), +∞ at −1 (as PyTorch).
  public func log1p() -> Tensor { unary(.log1p) }

  /// eˣ − 1, elementwise, accurate for tiny x (expm1(1e−20) = 1e−20, where eˣ − 1 gives 0):
  /// −1 at −∞; overflows to +∞ above about 88.7 (float32) or 709.8 (float64).
  /// Derivative: eˣ (0 at −∞, +∞ where eˣ overflows).
  public func expm1() -> Tensor { unary(.expm1) }

  /// softplus(x) = log(1 + eˣ), elementwise, a smooth relu. Computed as
  /// max(x, 0) + log1p(e^−|x|), so no exponential overflows: softplus(1e4) = 1e4,
  /// softplus(−1e4) = 0 (e^−10000 underflows), softplus(∞) = ∞, softplus(−∞) = 0,
  /// softplus(0) = log 2.
  ///
  /// Derivative: σ(x), its own rule rather than the derivative of the max/abs formula, whose
  /// kink conventions at 0 (relu′(0) = 0, abs′(0) = 0) would give 0 instead of σ(0) = ½
  /// (bug case bce-logits-grad-at-zero-logit, jax-ml/jax#2140). 1 at ∞ and 0 at −∞.
  /// Matches PyTorch's `softplus` (β = 1) except that PyTorch switches to x above its
  /// threshold 20; here the formula is exact everywhere.
  public func softplus() -> Tensor { unary(.softplus) }

  /// log σ(x) = −softplus(−x) = −log(1 + e^−x), elementwise, the log-probability of a logit.
  /// Computed as min(x, 0) − log1p(e^−|x|): logSigmoid(0) = −log 2, logSigmoid(1e4) = 0,
  /// logSigmoid(−1e4) = −1e4, logSigmoid(∞) = 0, logSigmoid(−∞) = −∞; never log of 0 for
  /// finite x.
  ///
  /// Derivative: σ(−x) = 1 − σ(x), exactly ½ at 0, 0 at ∞ and 1 at −∞ (as PyTorch's
  /// `logsigmoid` and jax.nn.log_sigmoid after jax-ml/jax#2140).
  public func logSigmoid() -> Tensor { unary(.logSigmoid) }

  /// x², elementwise. Derivative: 2x.
  public func square() -> Tensor { unary(.square) }

  /// 1/x, elementwise: ±∞ at ±0. Derivative: −1/x², from the output (−∞ at ±0, as PyTorch).
  public func reciprocal() -> Tensor { unary(.reciprocal) }

  /// Each element limited to `[min, max]`: min(max(x, min), max), as `torch.clamp` with
  /// number bounds. Either bound may be omitted; NaN stays NaN; when `min > max` every element
  /// becomes `max` (as PyTorch). The bounds are converted to this tensor's dtype.
  ///
  /// Derivative: 1 strictly inside the bounds, 0 outside them, at them (x == min or
  /// x == max), and at NaN. That is PyTorch's current rule for number bounds (2.15:
  /// `clamp_min`, `clamp_max` and `clamp` pass the gradient where `x > min` and `x < max`);
  /// older PyTorch passed 1 at the bounds.
  ///
  ///     Tensor([-2, -1, 0, 1, 2]).clamp(min: -1, max: 1)   // [-1, -1, 0, 1, 1], ∂ = [0, 0, 1, 0, 0]
  /// - Precondition: at least one bound is given.
  public func clamp(min: Double? = nil, max: Double? = nil) -> Tensor {
    precondition(
      min != nil || max != nil, "clamp: give a min, a max or both (shape \(shape))")
    return unary(.clamp(min: min, max: max))
  }
}
