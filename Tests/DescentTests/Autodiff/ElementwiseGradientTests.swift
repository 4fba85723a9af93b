import Descent
import Testing

/// An elementwise function of one tensor, with the domain its inputs are drawn from.
struct UnaryCase: Sendable, CustomTestStringConvertible {
  let name: String
  let domain: Domain
  let apply: @Sendable (Tensor) -> Tensor

  var testDescription: String { "\(name) on \(domain)" }

  static let all: [UnaryCase] = [
    UnaryCase(name: "−x", domain: .real) { -$0 },
    UnaryCase(name: "exp", domain: .real) { $0.exp() },
    UnaryCase(name: "log", domain: .positive) { $0.log() },
    UnaryCase(name: "sqrt", domain: .positive) { $0.sqrt() },
    UnaryCase(name: "abs", domain: .nonzero) { $0.abs() },
    UnaryCase(name: "relu", domain: .nonzero) { $0.relu() },
    UnaryCase(name: "sigmoid", domain: .real) { $0.sigmoid() },
    UnaryCase(name: "tanh", domain: .real) { $0.tanh() },
    UnaryCase(name: "x·sign(x)", domain: .nonzero) { $0 * $0.sign() },
    UnaryCase(name: "x + 2.5", domain: .real) { $0 + 2.5 },
    UnaryCase(name: "2.5 + x", domain: .real) { 2.5 + $0 },
    UnaryCase(name: "x − 1.5", domain: .real) { $0 - 1.5 },
    UnaryCase(name: "1.5 − x", domain: .real) { 1.5 - $0 },
    UnaryCase(name: "x × −1.5", domain: .real) { $0 * -1.5 },
    UnaryCase(name: "−1.5 × x", domain: .real) { -1.5 * $0 },
    UnaryCase(name: "x ÷ 1.5", domain: .real) { $0 / 1.5 },
    UnaryCase(name: "1.5 ÷ x", domain: .nonzero) { 1.5 / $0 },
    UnaryCase(name: "pow(x, 3)", domain: .real) { $0.pow(3) },
    UnaryCase(name: "pow(x, 3), negative base", domain: .negative) { $0.pow(3) },
    UnaryCase(name: "pow(x, 4), negative base", domain: .negative) { $0.pow(4) },
    UnaryCase(name: "pow(x, −2)", domain: .nonzero) { $0.pow(-2) },
    UnaryCase(name: "pow(x, 2.5)", domain: .positive) { $0.pow(2.5) },
    UnaryCase(name: "pow(x, 0.5)", domain: .positive) { $0.pow(0.5) },
    UnaryCase(name: "pow(x, 0)", domain: .real) { $0.pow(0) },
    UnaryCase(name: "x·x + x", domain: .real) { $0 * $0 + $0 },
    UnaryCase(name: "sin", domain: .real) { $0.sin() },
    UnaryCase(name: "cos", domain: .real) { $0.cos() },
    // Halved to keep away from the poles at ±π/2.
    UnaryCase(name: "tan(x/2)", domain: .real) { ($0 * 0.5).tan() },
    UnaryCase(name: "log1p", domain: .positive) { $0.log1p() },
    UnaryCase(name: "log1p(x/4), near 0", domain: .real) { ($0 * 0.25).log1p() },
    UnaryCase(name: "expm1", domain: .real) { $0.expm1() },
    UnaryCase(name: "softplus", domain: .real) { $0.softplus() },
    UnaryCase(name: "softplus(8x)", domain: .real) { ($0 * 8).softplus() },
    UnaryCase(name: "logSigmoid", domain: .real) { $0.logSigmoid() },
    UnaryCase(name: "logSigmoid(8x)", domain: .real) { ($0 * 8).logSigmoid() },
    UnaryCase(name: "square", domain: .real) { $0.square() },
    UnaryCase(name: "reciprocal", domain: .nonzero) { $0.reciprocal() },
    UnaryCase(name: "clamp(min: −1, max: 1)", domain: .real) { $0.clamp(min: -1, max: 1) },
    UnaryCase(name: "clamp(min: 0.5)", domain: .real) { $0.clamp(min: 0.5) },
    UnaryCase(name: "clamp(max: −0.25)", domain: .real) { $0.clamp(max: -0.25) },
  ]
}

/// An elementwise function of two tensors, with the domains of both operands.
struct BinaryCase: Sendable, CustomTestStringConvertible {
  let name: String
  let domains: (Domain, Domain)
  let apply: @Sendable (Tensor, Tensor) -> Tensor

  var testDescription: String { name }

  static let all: [BinaryCase] = [
    BinaryCase(name: "a + b", domains: (.real, .real)) { $0 + $1 },
    BinaryCase(name: "a − b", domains: (.real, .real)) { $0 - $1 },
    BinaryCase(name: "a × b", domains: (.real, .real)) { $0 * $1 },
    BinaryCase(name: "a ÷ b", domains: (.real, .nonzero)) { $0 / $1 },
    BinaryCase(name: "pow(a, b)", domains: (.positive, .real)) { $0.pow($1) },
    BinaryCase(name: "maximum(a, b)", domains: (.real, .real)) { Tensor.maximum($0, $1) },
    BinaryCase(name: "minimum(a, b)", domains: (.real, .real)) { Tensor.minimum($0, $1) },
    BinaryCase(name: "xlogy(a, b)", domains: (.real, .positive)) { Tensor.xlogy($0, $1) },
  ]
}

/// Two operand shapes that broadcast.
struct ShapePair: Sendable, CustomTestStringConvertible {
  let a: [Int]
  let b: [Int]
  var testDescription: String { "\(a) with \(b)" }

  static let all: [ShapePair] = [
    ShapePair(a: [2, 3], b: [2, 3]),
    ShapePair(a: [2, 3], b: [3]),
    ShapePair(a: [3], b: [2, 3]),
    ShapePair(a: [2, 1], b: [1, 3]),
    ShapePair(a: [4, 1, 3], b: [2, 3]),
    ShapePair(a: [], b: [2, 3]),
    ShapePair(a: [2, 3], b: []),
    ShapePair(a: [2, 3], b: [1]),
  ]
}

@Suite("Gradients of elementwise ops match finite differences")
struct ElementwiseGradientTests {
  @Test(
    "the gradient of each unary op and scalar form matches central differences",
    arguments: UnaryCase.all)
  func unary(_ op: UnaryCase) {
    let x = op.domain.sample([2, 3], seed: 1)
    expectGradientsMatch([x]) { weightedSum(op.apply($0[0])) }
  }

  @Test(
    "the gradients of each binary op reach both broadcast operands in their own shapes",
    arguments: BinaryCase.all, ShapePair.all)
  func binary(_ op: BinaryCase, _ shapes: ShapePair) {
    let a = op.domains.0.sample(shapes.a, seed: 2)
    let b = op.domains.1.sample(shapes.b, seed: 3)
    expectGradientsMatch([a, b]) { weightedSum(op.apply($0[0], $0[1])) }
  }

  @Test("pow with a tensor of integral exponents differentiates a negative base")
  func powNegativeBaseTensorExponent() {
    let base = Domain.negative.sample([2, 3], seed: 4)
    let exponent = Tensor([2, 3, -1, 4, -2, 1], shape: [2, 3], dtype: .float64)
    expectGradientsMatch([base]) { weightedSum($0[0].pow(exponent)) }
  }

  @Test("a float32 operand promoted to float64 still gets its gradient through the conversion")
  func mixedDtypes() {
    let a = Domain.real.sample([2, 3], seed: 5)
    let b = Tensor([0.5, -1.25, 2], dtype: .float32)
    expectGradientsMatch([a]) { weightedSum($0[0] * b + b) }
  }
}
