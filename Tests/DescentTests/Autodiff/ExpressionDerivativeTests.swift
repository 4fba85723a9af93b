import Descent
import Foundation
import Testing

/// A scalar expression in x, y and z, the elements of a float64 vector `[3]`, as a calculus
/// course writes it, with a point to evaluate it at (away from its kinks).
struct Expression: Sendable, CustomTestStringConvertible {
  let text: String
  let point: [Double]
  let apply: @Sendable (_ x: Tensor, _ y: Tensor, _ z: Tensor) -> Tensor
  var testDescription: String { text }

  init(
    _ text: String, at point: [Double] = [0.7, -1.3, 0.4],
    _ apply: @escaping @Sendable (_ x: Tensor, _ y: Tensor, _ z: Tensor) -> Tensor
  ) {
    self.text = text
    self.point = point
    self.apply = apply
  }

  /// The expression as a function of the vector (x, y, z), with a scalar output.
  func callAsFunction(_ v: Tensor) -> Tensor {
    apply(v.slice(axis: 0, 0..<1), v.slice(axis: 0, 1..<2), v.slice(axis: 0, 2..<3)).sum()
  }

  static let all: [Expression] = [
    Expression("x²y + 3y") { x, y, _ in x * x * y + 3 * y },
    Expression("sin x · cos y") { x, y, _ in x.sin() * y.cos() },
    Expression("e^(xy) − z") { x, y, z in (x * y).exp() - z },
    Expression("log(x² + y² + 1)") { x, y, _ in (x * x + y * y + 1).log() },
    Expression("√(x² + y² + z²)") { x, y, z in (x * x + y * y + z * z).sqrt() },
    Expression("tanh(x + 2y − z)") { x, y, z in (x + 2 * y - z).tanh() },
    Expression("σ(x) · y") { x, y, _ in x.sigmoid() * y },
    Expression("x / (1 + y²)") { x, y, _ in x / (1 + y.square()) },
    Expression("(x² + 1)^y") { x, y, _ in (x * x + 1).pow(y) },
    Expression("|x| · y") { x, y, _ in x.abs() * y },
    Expression("relu(x − y) + relu(y − x)·z") { x, y, z in (x - y).relu() + (y - x).relu() * z },
    Expression("max(x, y) · z") { x, y, z in Tensor.maximum(x, y) * z },
    Expression("min(x², y + 2)") { x, y, _ in Tensor.minimum(x * x, y + 2) },
    Expression("xlogy(x, y² + 1)") { x, y, _ in Tensor.xlogy(x, y * y + 1) },
    Expression("softplus(xy)") { x, y, _ in (x * y).softplus() },
    Expression("log σ(x − z)") { x, _, z in (x - z).logSigmoid() },
    Expression("log1p(x²) + expm1(y/2)") { x, y, _ in (x * x).log1p() + (y / 2).expm1() },
    Expression("tan(x/3)") { x, _, _ in (x / 3).tan() },
    Expression("1 / (1 + z²)") { _, _, z in (1 + z * z).reciprocal() },
    Expression("clamp(xy, −1, 1) + z") { x, y, z in (x * y).clamp(min: -1, max: 1) + z },
    Expression("(x + y + z)²") { x, y, z in (x + y + z).square() },
    Expression("logsumexp(x, y, z)") { x, y, z in
      Tensor.concatenate([x, y, z]).logSumExp(axis: 0)
    },
    Expression("softmax(x, y, z)₂") { x, y, z in
      Tensor.concatenate([x, y, z]).softmax(axis: 0).slice(axis: 0, 1..<2)
    },
    Expression("(xyz)³") { x, y, z in (x * y * z).pow(3) },
    Expression("sin²x + cos²x") { x, _, _ in x.sin().square() + x.cos().square() },
    Expression("e^(−(x² + y²)/2)") { x, y, _ in (-(x * x + y * y) / 2).exp() },
    Expression("x e^(−y) sin z") { x, y, z in x * (-y).exp() * z.sin() },
    Expression("√(1 + x²) − y") { x, y, _ in (1 + x * x).sqrt() - y },
    Expression("cosh x = (eˣ + e⁻ˣ)/2") { x, _, _ in (x.exp() + (-x).exp()) / 2 },
    Expression("(y² + ½)^x") { x, y, _ in (y * y + 0.5).pow(x) },
    Expression("(x − y)/(x + y + 5)") { x, y, _ in (x - y) / (x + y + 5) },
    Expression("max(x, y, z) + mean(x, y, z)²") { x, y, z in
      let v = Tensor.concatenate([x, y, z])
      return v.max() + v.mean().square()
    },
    Expression("Rosenbrock (1 − x)² + 100(y − x²)²", at: [-1.2, 1, 0]) { x, y, _ in
      (1 - x).square() + 100 * (y - x * x).square()
    },
    Expression("Himmelblau (x² + y − 11)² + (x + y² − 7)²", at: [1, 2, 0]) { x, y, _ in
      (x * x + y - 11).square() + (x + y * y - 7).square()
    },
    Expression("‖(x, y, z)‖₂ by a matrix product") { x, y, z in
      let v = Tensor.concatenate([x, y, z]).reshaped([1, 3])
      return v.matmul(v.transposed()).sqrt().reshaped([1])
    },
  ]
}

@Suite("Forward and reverse mode agree on 35 calculus expressions")
struct ExpressionDerivativeTests {
  @Test("∂f/∂x_i by jvp along e_i equals the gradient's element i", arguments: Expression.all)
  func modesAgree(_ f: Expression) throws {
    let point = Tensor(f.point, dtype: .float64)
    let reverse = gradient(of: f.callAsFunction, at: point).scalars
    for i in 0..<3 {
      var e = [0.0, 0, 0]
      e[i] = 1
      let forward = jvp(of: f.callAsFunction, at: point, along: Tensor(e, dtype: .float64))
      let a = forward.tangent.item
      #expect(
        isApproximatelyEqual(a, reverse[i], atol: 1e-12, rtol: 1e-12),
        "∂/∂x\(i): forward \(a), reverse \(reverse[i])")
    }
  }

  @Test(
    "gradientCheck passes: central differences and the forward/reverse identity",
    arguments: Expression.all)
  func gradientCheckPasses(_ f: Expression) {
    let report = gradientCheck(of: f.callAsFunction, at: Tensor(f.point, dtype: .float64))
    #expect(report.passed, "\(report)")
  }

  @Test("the gradient of x²y + 3y at (1, 2) is (2xy, x² + 3) = (4, 4), in both modes")
  func knownGradient() {
    let f = Expression.all[0]
    let point = Tensor([1, 2, 0], dtype: .float64)
    #expect(gradient(of: f.callAsFunction, at: point).scalars == [4, 4, 0])
    #expect(jacobian(of: f.callAsFunction, at: point, mode: .forward).scalars == [4, 4, 0])
  }
}
