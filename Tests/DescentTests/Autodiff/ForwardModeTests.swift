import Descent
import Foundation
import Testing

/// Whether forward and reverse mode agree on a derivative: |a − b| ≤ 1e-12 + 1e-12·max(|a|, |b|)
/// (the issue's bound for float64, |Δ| ≤ 1e-12 + 1e-12·|x|).
private func modesAgree(_ a: Double, _ b: Double) -> Bool {
  isApproximatelyEqual(a, b, atol: 1e-12, rtol: 1e-12)
}

/// Expects the Jacobian of `f` with respect to each input, by forward mode (columns, one JVP
/// each) and by reverse mode (rows, one pullback each), to agree element by element; and one
/// JVP of all inputs at once along random tangents to equal Σ_k J_k v_k from those rows.
func expectModesAgree(
  _ inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
  _ f: @escaping ([Tensor]) -> Tensor
) {
  var combined: [Double]?
  let tangents = inputs.enumerated().map { k, x in
    Domain.real.sample(x.shape, seed: 500 + UInt64(k))
  }
  for (k, x) in inputs.enumerated() {
    let partial = { (t: Tensor) -> Tensor in
      var arguments = inputs
      arguments[k] = t
      return f(arguments)
    }
    let forward = jacobian(of: partial, at: x, mode: .forward)
    let reverse = jacobian(of: partial, at: x, mode: .reverse)
    #expect(forward.shape == reverse.shape, sourceLocation: sourceLocation)
    for (i, (a, b)) in zip(forward.scalars, reverse.scalars).enumerated() where !modesAgree(a, b) {
      Issue.record(
        "input \(k), Jacobian element \(i) of \(forward.shape): forward \(a), reverse \(b)",
        sourceLocation: sourceLocation)
      return
    }
    // J_k v_k from the reverse-mode rows.
    let rows = reverse.shape[0]
    let columns = reverse.shape[1]
    let v = tangents[k].scalars
    let product = (0..<rows).map { r in
      (0..<columns).reduce(0.0) { $0 + reverse.scalars[r * columns + $1] * v[$1] }
    }
    combined = combined.map { zip($0, product).map(+) } ?? product
  }
  let tangent = jvp(of: f, at: inputs, along: tangents).tangent.scalars
  if let combined {
    for (i, (a, b)) in zip(tangent, combined).enumerated() where !modesAgree(a, b) {
      Issue.record(
        "jvp along all inputs, element \(i): forward \(a), Σ J_k v_k by reverse mode \(b)",
        sourceLocation: sourceLocation)
      return
    }
  }
}

/// A function of float64 tensors exercising one op (or one composite), for comparing modes.
struct ModeCase: Sendable, CustomTestStringConvertible {
  let name: String
  let inputs: [(shape: [Int], domain: Domain)]
  let apply: @Sendable ([Tensor]) -> Tensor
  var testDescription: String { name }

  init(
    _ name: String, _ inputs: [(shape: [Int], domain: Domain)],
    _ apply: @escaping @Sendable ([Tensor]) -> Tensor
  ) {
    self.name = name
    self.inputs = inputs
    self.apply = apply
  }

  func sample(seed: UInt64) -> [Tensor] {
    inputs.enumerated().map { $1.domain.sample($1.shape, seed: seed + UInt64($0)) }
  }

  static let condition = Tensor([1, 0, 0, 1, 1, 0], shape: [2, 3], dtype: .float64)

  /// Every op that is not elementwise or a reduction (those have tables of their own), with
  /// its options.
  static let shapeOps: [ModeCase] = [
    ModeCase("reshaped", [([2, 3], .real)]) { $0[0].reshaped([3, 2]) },
    ModeCase("reshaped with −1", [([2, 3, 4], .real)]) { $0[0].reshaped([4, -1]) },
    ModeCase("transposed", [([2, 3], .real)]) { $0[0].transposed() },
    ModeCase("transposed(0, 2)", [([2, 3, 4], .real)]) { $0[0].transposed(0, 2) },
    ModeCase("expanded(to:)", [([2, 1], .real)]) { $0[0].expanded(to: [3, 2, 4]) },
    ModeCase("sumToShape", [([2, 3, 4], .real)]) { $0[0].sumToShape([3, 1]) },
    ModeCase("gatherRows, repeated", [([3, 2], .real)]) { $0[0].gatherRows([2, 0, 2, 1]) },
    ModeCase("scatterAddRows, repeated", [([3, 2], .real)]) {
      $0[0].scatterAddRows([1, 0, 1], rowCount: 4)
    },
    ModeCase("where, broadcast", [([2, 3], .real), ([3], .real)]) {
      Tensor.where(condition, $0[0], $0[1])
    },
    ModeCase("where, scalar branch", [([], .real), ([2, 3], .real)]) {
      Tensor.where(condition, $0[0], $0[1])
    },
    ModeCase("concatenate, axis 0", [([1, 3], .real), ([2, 3], .real), ([3, 3], .real)]) {
      Tensor.concatenate($0, axis: 0)
    },
    ModeCase("concatenate, axis −1", [([2, 1], .real), ([2, 3], .real)]) {
      Tensor.concatenate($0, axis: -1)
    },
    ModeCase("concatenate with itself", [([2, 2], .real)]) {
      Tensor.concatenate([$0[0], $0[0].exp(), $0[0]], axis: 1)
    },
    ModeCase("stack, axis 1", [([2, 3], .real), ([2, 3], .real)]) {
      Tensor.stack($0, axis: 1)
    },
    ModeCase("stack scalars", [([], .real), ([], .real), ([], .real)]) { Tensor.stack($0) },
    ModeCase("slice", [([2, 3, 4], .real)]) { $0[0].slice(axis: 2, 1..<3) },
    ModeCase("slice, empty", [([2, 3], .real)]) { $0[0].slice(axis: 1, 1..<1) },
    ModeCase("padded", [([2, 3], .real)]) { $0[0].padded(axis: 1, before: 2, after: 1) },
    ModeCase("matmul", [([2, 3], .real), ([3, 4], .real)]) { $0[0].matmul($0[1]) },
    ModeCase("matmul, Aᵀ", [([3, 2], .real), ([3, 4], .real)]) {
      Tensor.matmul($0[0], $0[1], transposeA: true)
    },
    ModeCase("matmul, Bᵀ", [([2, 3], .real), ([4, 3], .real)]) {
      Tensor.matmul($0[0], $0[1], transposeB: true)
    },
    ModeCase("matmul, Aᵀ and Bᵀ", [([3, 2], .real), ([4, 3], .real)]) {
      Tensor.matmul($0[0], $0[1], transposeA: true, transposeB: true)
    },
    ModeCase("a float32 constant promoted", [([2, 3], .real)]) {
      $0[0] * Tensor([0.5, -1.25, 2], dtype: .float32)
    },
    ModeCase("logSumExp", [([2, 3], .real)]) { $0[0].logSumExp(axis: 1) },
    ModeCase("softmax", [([2, 3], .real)]) { $0[0].softmax(axis: 0) },
    ModeCase("logSoftmax", [([2, 3], .real)]) { $0[0].logSoftmax(axis: -1) },
    ModeCase("Linear layer", [([2, 3], .real), ([4, 3], .real), ([4], .real)]) {
      Linear(weight: $0[1], bias: $0[2])($0[0])
    },
    ModeCase("a constant output", [([2], .real)]) { _ in Tensor([1, 2], dtype: .float64) },
    ModeCase("comparison then product", [([2, 3], .real)]) { ($0[0] .> 0) * $0[0] },
    ModeCase("x·sign(x)", [([2, 3], .nonzero)]) { $0[0] * $0[0].sign() },
  ]

  static let probabilities = Tensor(
    [0.1, 0.7, 0.4, 0.9, 0.25, 0.5], shape: [2, 3], dtype: .float64)
  static let classWeights = Tensor([0.5, 2, 1], dtype: .float64)

  /// Every loss, each with its own ops and their forward rules, over every reduction.
  static let losses: [ModeCase] = Reduction.allCases.flatMap { reduction in
    [
      ModeCase("crossEntropy, \(reduction)", [([2, 3], .real)]) {
        crossEntropy(logits: $0[0], labels: [2, 0], reduction: reduction)
      },
      ModeCase("crossEntropy, weighted and smoothed, \(reduction)", [([2, 3], .real)]) {
        crossEntropy(
          logits: $0[0], labels: [1, 1], weights: classWeights, labelSmoothing: 0.1,
          reduction: reduction)
      },
      ModeCase("negativeLogLikelihood, \(reduction)", [([2, 3], .real), ([3], .positive)]) {
        negativeLogLikelihood(
          logProbabilities: $0[0].logSoftmax(axis: 1), labels: [0, 2], weights: $0[1],
          reduction: reduction)
      },
      ModeCase("meanSquaredError, \(reduction)", [([2, 3], .real), ([2, 3], .real)]) {
        meanSquaredError($0[0], $0[1], reduction: reduction)
      },
      ModeCase("l1Loss, \(reduction)", [([2, 3], .real), ([2, 3], .real)]) {
        l1Loss($0[0], $0[1] + 5, reduction: reduction)
      },
      ModeCase("huberLoss, \(reduction)", [([2, 3], .real), ([2, 3], .real)]) {
        huberLoss($0[0], $0[1], delta: 0.7, reduction: reduction)
      },
      ModeCase("smoothL1Loss, \(reduction)", [([2, 3], .real), ([2, 3], .real)]) {
        smoothL1Loss($0[0], $0[1], beta: 0.7, reduction: reduction)
      },
      ModeCase(
        "binaryCrossEntropy(probabilities:), \(reduction)",
        [([2, 3], .real), ([2, 3], .positive)]
      ) {
        binaryCrossEntropy(
          probabilities: $0[0].sigmoid(), targets: probabilities, weights: $0[1],
          reduction: reduction)
      },
      ModeCase(
        "binaryCrossEntropy(logits:), \(reduction)",
        [([2, 3], .real), ([2, 3], .positive), ([3], .positive)]
      ) {
        binaryCrossEntropy(
          logits: $0[0], targets: probabilities, weights: $0[1], positiveWeight: $0[2],
          reduction: reduction)
      },
      ModeCase("binaryCrossEntropy(logits:) of soft targets, \(reduction)", [([2, 3], .real)]) {
        binaryCrossEntropy(logits: probabilities, targets: $0[0].sigmoid(), reduction: reduction)
      },
    ]
  }
}

@Suite("Forward mode agrees with reverse mode on every op (float64, |Δ| ≤ 1e-12 + 1e-12·|x|)")
struct ForwardModeTests {
  @Test("each unary op and scalar form", arguments: UnaryCase.all)
  func unary(_ op: UnaryCase) {
    expectModesAgree([op.domain.sample([2, 3], seed: 101)]) { op.apply($0[0]) }
  }

  @Test(
    "each binary op, with both operands broadcast", arguments: BinaryCase.all, ShapePair.all)
  func binary(_ op: BinaryCase, _ shapes: ShapePair) {
    let a = op.domains.0.sample(shapes.a, seed: 102)
    let b = op.domains.1.sample(shapes.b, seed: 103)
    expectModesAgree([a, b]) { op.apply($0[0], $0[1]) }
  }

  @Test("each reduction over the given axes", arguments: ReductionCase.all)
  func reduction(_ reduction: ReductionCase) {
    expectModesAgree([Domain.real.sample([2, 3, 4], seed: 104)]) { reduction.apply($0[0]) }
  }

  @Test("each shape, selection, matrix and conversion op", arguments: ModeCase.shapeOps)
  func shapeOp(_ op: ModeCase) {
    expectModesAgree(op.sample(seed: 105), op.apply)
  }

  @Test("every loss, over every reduction", arguments: ModeCase.losses)
  func loss(_ loss: ModeCase) {
    expectModesAgree(loss.sample(seed: 110), loss.apply)
  }

  @Test("the composites of the higher-order table", arguments: ScalarFunctionCase.all)
  func composite(_ f: ScalarFunctionCase) {
    expectModesAgree([f.domain.sample(f.shape, seed: 106)]) { f.apply($0[0]) }
  }

  @Test("the value of jvp is f(x), and jvp of a function that ignores x has a zero tangent")
  func valueAndZeroTangent() {
    let x = Domain.real.sample([2, 3], seed: 107)
    let v = Domain.real.sample([2, 3], seed: 108)
    let (value, tangent) = jvp(of: { $0.tanh() * 2 }, at: x, along: v)
    #expect(value.scalars == (x.tanh() * 2).scalars)
    #expect(!value.requiresGrad && !tangent.requiresGrad)
    let constant = jvp(of: { _ in Tensor([1, 2, 3], dtype: .float64) }, at: x, along: v)
    #expect(constant.tangent.scalars == [0, 0, 0])
    #expect(constant.tangent.shape == [3])
  }

  @Test("a float32 point gives a float32 tangent; the direction is converted to its dtype")
  func float32() {
    let x = Tensor([0.5, -1, 2])
    let v = Tensor([1, 0, -1], dtype: .float64)
    let (value, tangent) = jvp(of: { $0.exp() }, at: x, along: v)
    #expect(value.dtype == .float32 && tangent.dtype == .float32)
    expectClose(tangent.scalars, [Foundation.exp(0.5), 0, -Foundation.exp(2)], rtol: 1e-6)
  }

  @Test("converting to float32 has the identity Jacobian in both modes, in float32")
  func convertedToFloat32() {
    let x = Domain.real.sample([3], seed: 109)
    for mode in [DifferentiationMode.forward, .reverse] {
      let j = jacobian(of: { $0.converted(to: .float32) }, at: x, mode: mode)
      #expect(j.scalars == [1, 0, 0, 0, 1, 0, 0, 0, 1], "\(mode)")
    }
  }

  @Test("jvp of a tensor that requires gradients leaves its grad alone and is differentiable")
  func leafInput() throws {
    let x = leaf([0.3, -0.4])
    let (_, tangent) = jvp(of: { $0.sin() }, at: x, along: Tensor([1, 1], dtype: .float64))
    #expect(x.grad == nil)
    #expect(tangent.requiresGrad)
    // d/dx Σ cos(x) = −sin(x): reverse mode over forward mode.
    tangent.sum().backward()
    expectClose(try #require(x.grad).scalars, [0.3, -0.4].map { -Foundation.sin($0) })
  }

  @Test("the direction's shape must match the point's: the trap names both shapes")
  func shapeMismatchTraps() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = jvp(of: { $0 }, at: Tensor([1, 2, 3]), along: Tensor([1, 2]))
    }
    let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains("primal shape [3] and tangent shape [2] differ"))
  }
}
