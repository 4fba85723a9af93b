import Descent
import Foundation
import Testing

/// A scalar function of one tensor, for second-derivative checks of ops whose gradients
/// depend on their input only through other ops.
struct ScalarFunctionCase: Sendable, CustomTestStringConvertible {
  let name: String
  let shape: [Int]
  let domain: Domain
  let apply: @Sendable (Tensor) -> Tensor
  var testDescription: String { name }

  static let constant = Domain.real.sample([2, 3], seed: 71)
  static let matrix = Domain.real.sample([3, 4], seed: 72)

  static let all: [ScalarFunctionCase] = [
    ScalarFunctionCase(name: "a × b", shape: [2, 3], domain: .real) {
      weightedSum($0 * constant * $0)
    },
    ScalarFunctionCase(name: "b ÷ a, broadcast", shape: [3], domain: .nonzero) {
      weightedSum(constant / $0)
    },
    ScalarFunctionCase(name: "pow(a, b)", shape: [2, 3], domain: .positive) {
      weightedSum($0.pow(constant))
    },
    ScalarFunctionCase(name: "pow(b, a)", shape: [2, 3], domain: .real) {
      weightedSum(constant.abs().pow($0))
    },
    ScalarFunctionCase(name: "sum over an axis of x²", shape: [2, 3], domain: .real) {
      weightedSum(($0 * $0).sum(axis: 1).exp())
    },
    ScalarFunctionCase(name: "mean of x³", shape: [2, 3], domain: .real) {
      ($0 * $0 * $0).mean()
    },
    ScalarFunctionCase(name: "max over an axis of x²", shape: [2, 3], domain: .real) {
      weightedSum(($0 * $0).max(axis: 0, keepingDimensions: true).sigmoid())
    },
    ScalarFunctionCase(name: "logSumExp", shape: [2, 3], domain: .real) {
      weightedSum($0.logSumExp(axis: 1))
    },
    ScalarFunctionCase(name: "softmax", shape: [2, 3], domain: .real) {
      weightedSum($0.softmax(axis: 0))
    },
    ScalarFunctionCase(name: "crossEntropy", shape: [2, 3], domain: .real) {
      crossEntropy(logits: $0, labels: [2, 0])
    },
    ScalarFunctionCase(name: "meanSquaredError", shape: [2, 3], domain: .real) {
      meanSquaredError($0.tanh(), constant)
    },
    ScalarFunctionCase(name: "matmul then tanh", shape: [2, 3], domain: .real) {
      weightedSum($0.matmul(matrix).tanh())
    },
    ScalarFunctionCase(name: "matmul, both transposed", shape: [3, 2], domain: .real) {
      weightedSum(
        Tensor.matmul($0, $0.reshaped([2, 3]), transposeA: true, transposeB: true).tanh())
    },
    ScalarFunctionCase(name: "reshaped, transposed, expanded", shape: [2, 3], domain: .real) {
      weightedSum(
        $0.reshaped([3, 2]).transposed().reshaped([2, 1, 3]).expanded(to: [2, 2, 3]).exp())
    },
    ScalarFunctionCase(name: "sumToShape", shape: [2, 3], domain: .real) {
      weightedSum(($0 * $0).sumToShape([3]).sigmoid())
    },
    ScalarFunctionCase(name: "gatherRows and scatterAddRows", shape: [2, 3], domain: .real) {
      weightedSum(($0.gatherRows([1, 0, 1]) * $0.scatterAddRows([1, 1], rowCount: 3)).tanh())
    },
    ScalarFunctionCase(name: "where", shape: [2, 3], domain: .real) {
      weightedSum(Tensor.where(constant .> 0, $0 * $0, $0.exp()))
    },
    ScalarFunctionCase(name: "maximum(x², b)", shape: [2, 3], domain: .real) {
      weightedSum(Tensor.maximum($0 * $0, constant).tanh() * $0)
    },
    ScalarFunctionCase(name: "minimum(b, x²), broadcast", shape: [3], domain: .real) {
      weightedSum(Tensor.minimum(constant, $0 * $0).tanh() * $0)
    },
    ScalarFunctionCase(name: "xlogy(x, b)", shape: [2, 3], domain: .real) {
      weightedSum(Tensor.xlogy($0 * $0, constant.abs() + 0.5))
    },
    ScalarFunctionCase(name: "xlogy(b, x)", shape: [2, 3], domain: .positive) {
      weightedSum(Tensor.xlogy(constant, $0))
    },
    ScalarFunctionCase(name: "min, amax and amin of x²", shape: [2, 3], domain: .real) {
      weightedSum(($0 * $0).min(axis: 1).sigmoid())
        + weightedSum(($0 * $0).amax(axis: 0).sigmoid())
        + weightedSum(($0 * $0).amin(axes: [0, 1], keepingDimensions: true).sigmoid())
    },
    ScalarFunctionCase(name: "clamp then x·", shape: [2, 3], domain: .real) {
      weightedSum($0.clamp(min: -1, max: 1) * $0)
    },
    ScalarFunctionCase(name: "concatenate and stack", shape: [2, 3], domain: .real) {
      weightedSum(
        Tensor.concatenate([$0, $0 * $0], axis: 1).tanh()
          + Tensor.stack([$0.exp(), $0], axis: -1).reshaped([2, 6]))
    },
    ScalarFunctionCase(name: "slice and padded", shape: [2, 3], domain: .real) {
      weightedSum(
        ($0.slice(axis: 1, 1..<3) * $0.slice(axis: 1, 0..<2)).padded(axis: 0, before: 1, after: 1)
          .sigmoid())
    },
    ScalarFunctionCase(name: "Linear layer", shape: [2, 3], domain: .real) {
      weightedSum(Linear(weight: matrix.transposed(), bias: matrix.sum(axis: 0))($0).tanh())
    },
  ]
}

@Suite("Higher-order gradients with backward(createGraph: true)")
struct HigherOrderTests {
  @Test("with createGraph the gradient has a graph of its own")
  func gradientHasGraph() throws {
    let x = leaf([2], shape: [])
    x.pow(3).backward(createGraph: true)
    let g = try #require(x.grad)
    #expect(g.item == 12)
    #expect(g.requiresGrad)
    #expect(!g.isLeaf)
  }

  @Test("without createGraph the gradient is a plain value")
  func gradientWithoutGraph() throws {
    let x = leaf([2], shape: [])
    x.pow(3).backward()
    let g = try #require(x.grad)
    #expect(!g.requiresGrad)
  }

  @Test(
    "the second derivative of x³ is 6x, both through pow and through products",
    arguments: [-1.5, 2, 0.5])
  func secondDerivativeOfCube(_ value: Double) throws {
    let x = leaf([value], shape: [])
    for cube in [x.pow(3), x * x * x] {
      x.zeroGrad()
      cube.backward(createGraph: true)
      let first = try #require(x.grad)
      #expect(Swift.abs(first.item - 3 * value * value) < 1e-12)
      x.zeroGrad()
      first.sum().backward()
      let second = try #require(x.grad)
      #expect(Swift.abs(second.item - 6 * value) < 1e-12)
    }
  }

  @Test(
    "second derivatives of exp, sigmoid and tanh come out of their rules",
    arguments: [-1.2, 0.3, 2])
  func secondDerivativesOfUnaryOps(_ value: Double) throws {
    // (eˣ)″ = eˣ; σ″ = σ(1 − σ)(1 − 2σ); tanh″ = −2 tanh (1 − tanh²).
    let s = 1 / (1 + Foundation.exp(-value))
    let t = Foundation.tanh(value)
    let cases: [(Tensor) -> Tensor] = [{ $0.exp() }, { $0.sigmoid() }, { $0.tanh() }]
    let expected = [Foundation.exp(value), s * (1 - s) * (1 - 2 * s), -2 * t * (1 - t * t)]
    for (f, want) in zip(cases, expected) {
      let x = leaf([value], shape: [])
      f(x).backward(createGraph: true)
      let first = try #require(x.grad)
      x.zeroGrad()
      first.backward()
      expectClose(try #require(x.grad).scalars, [want], rtol: 1e-12)
    }
  }

  @Test(
    "second derivatives of the trigonometric, log1p/expm1, softplus-family, square and reciprocal ops match closed forms",
    arguments: [-0.7, 0.3, 1.2])
  func secondDerivativesOfNewUnaryOps(_ x: Double) throws {
    // σ′ = σ(1 − σ); softplus″ = σ′(x), logSigmoid″ = −σ′(x); tan″ = 2 tan (1 + tan²);
    // log1p″ = −1/(1 + x)²; expm1″ = eˣ; reciprocal″ = 2/x³.
    let s = 1 / (1 + Foundation.exp(-x))
    let t = Foundation.tan(x)
    let cases: [(String, (Tensor) -> Tensor, Double)] = [
      ("sin", { $0.sin() }, -Foundation.sin(x)),
      ("cos", { $0.cos() }, -Foundation.cos(x)),
      ("tan", { $0.tan() }, 2 * t * (1 + t * t)),
      ("log1p", { $0.log1p() }, -1 / ((1 + x) * (1 + x))),
      ("expm1", { $0.expm1() }, Foundation.exp(x)),
      ("softplus", { $0.softplus() }, s * (1 - s)),
      ("logSigmoid", { $0.logSigmoid() }, -s * (1 - s)),
      ("square", { $0.square() }, 2),
      ("reciprocal", { $0.reciprocal() }, 2 / (x * x * x)),
    ]
    for (name, f, want) in cases {
      let leafX = leaf([x], shape: [])
      f(leafX).backward(createGraph: true)
      let first = try #require(leafX.grad, "\(name)")
      leafX.zeroGrad()
      first.backward()
      let second = try #require(leafX.grad, "\(name)").item
      #expect(
        isApproximatelyEqual(second, want, atol: 0, rtol: 1e-12), "\(name): \(second) vs \(want)")
    }
  }

  @Test("a gradient penalty: d/dx of (d/dx Σ x³)² = 2·3x²·6x = 36x³")
  func gradientPenalty() throws {
    let x = leaf([1, -2])
    (x * x * x).sum().backward(createGraph: true)
    let g = try #require(x.grad)
    x.zeroGrad()
    (g * g).sum().backward()
    #expect(try #require(x.grad).scalars == [36, -288])
  }

  @Test("each unary op's derivative rule is itself differentiable", arguments: UnaryCase.all)
  func unary(_ op: UnaryCase) {
    let x = op.domain.sample([2, 3], seed: 70)
    expectGradientsMatch([x], gradientOf { weightedSum(op.apply($0)) })
  }

  @Test(
    "the derivative rules of binary, reduction, shape and loss ops are differentiable",
    arguments: ScalarFunctionCase.all)
  func composite(_ f: ScalarFunctionCase) {
    let x = f.domain.sample(f.shape, seed: 73)
    expectGradientsMatch([x], gradientOf(f.apply))
  }
}
