/// Elementwise functions of one tensor. Each op's derivative rule is beside its kernel in
/// ``UnaryOp``; the conventions at kinks follow PyTorch.
enum UnaryOp: Sendable {
  case negate, exp, log, squareRoot, abs, relu, sigmoid, tanh, sign, step

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
    }
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

extension Tensor {
  func unary(_ op: UnaryOp) -> Tensor {
    let out: TensorStorage =
      switch storage {
      case .float32(let a): .float32(op.apply(a))
      case .float64(let a): .float64(op.apply(a))
      }
    return .result(out, shape: shape, op: op.name, inputs: [self]) { g, inputs, y in
      [op.derivative(g, inputs[0], y)]
    }
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
}
