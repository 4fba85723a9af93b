import Descent
import Foundation
import Testing

/// A bug case from `bugcases.json`, with number readers for its JSON (numbers, or the strings
/// "inf", "-inf", "nan").
private struct LossBugCase {
  let inputs: [String: Any]
  let expected: [String: Any]
  let tolerance: [String: Any]

  init(_ id: String) throws {
    let all = try Fixtures.bugCase(id)
    let scenario = try #require(all["case"] as? [String: Any])
    inputs = try #require(scenario["inputs"] as? [String: Any])
    expected = try #require(all["expected"] as? [String: Any])
    tolerance = try #require(all["tolerance"] as? [String: Any])
  }

  static func number(_ value: Any?) throws -> Double { try Fixtures.number(value) }

  static func numbers(_ value: Any?) throws -> [Double] { try Fixtures.numbers(value) }

  /// The part `key` of the inputs (such as "A").
  func part(_ key: String) throws -> [String: Any] {
    try #require(inputs[key] as? [String: Any], "no input part \(key)")
  }

  func expected(_ key: String) throws -> Double { try Self.number(expected[key]) }
  func expectedList(_ key: String) throws -> [Double] { try Self.numbers(expected[key]) }
  func tolerance(_ key: String) throws -> Double { try Self.number(tolerance[key]) }
}

/// The bug cases in `bugcases.json` that concern losses, each a named test reading its inputs,
/// expected values and tolerances from the fixture (computed there with JAX in float64), and
/// the rest of each case's kind as it applies to the losses here. Every loss's behaviour at
/// ±1e4, ±∞ and 0 is in ``LossExtremeTests``, at its kinks in ``LossKinkTests``.
@Suite("Bug cases about losses, read from bugcases.json")
struct LossBugCaseTests {
  // MARK: logsoftmax-ce-grad-extreme-logits (kind: softmax/log-softmax/cross-entropy overflow)

  /// https://github.com/FluxML/NNlib.jl/issues/68, part A: logits [−500, 300, 450], label 0.
  /// Loss 950 and gradient softmax − onehot, for every reduction (a batch of one).
  @Test(
    "logsoftmax-ce-grad-extreme-logits A: crossEntropy is 950 with gradient p − onehot",
    arguments: Reduction.allCases)
  func extremeLogitsCrossEntropy(_ reduction: Reduction) throws {
    let c = try LossBugCase("logsoftmax-ce-grad-extreme-logits")
    let a = try c.part("A")
    let logits = leaf(try LossBugCase.numbers(a["logits"]), shape: [1, 3])
    let label = Int(try LossBugCase.number(a["target_class"]))
    let loss = crossEntropy(logits: logits, labels: [label], reduction: reduction)
    expectLossClose(loss.scalars, [try c.expected("A_loss")], rtol: try c.tolerance("A_loss_rel"))
    loss.sum().backward()
    expectLossClose(
      try #require(logits.grad).scalars, try c.expectedList("A_grad_logits"),
      atol: try c.tolerance("grad_abs"), rtol: 0)
  }

  /// Part A through the two-step spelling: negativeLogLikelihood of Tensor.logSoftmax.
  @Test("logsoftmax-ce-grad-extreme-logits A: negativeLogLikelihood(logSoftmax) agrees")
  func extremeLogitsNegativeLogLikelihood() throws {
    let c = try LossBugCase("logsoftmax-ce-grad-extreme-logits")
    let a = try c.part("A")
    let logits = leaf(try LossBugCase.numbers(a["logits"]), shape: [1, 3])
    let label = Int(try LossBugCase.number(a["target_class"]))
    let loss = negativeLogLikelihood(
      logProbabilities: logits.logSoftmax(axis: 1), labels: [label])
    expectLossClose(loss, try c.expected("A_loss"), rtol: try c.tolerance("A_loss_rel"))
    loss.backward()
    expectLossClose(
      try #require(logits.grad).scalars, try c.expectedList("A_grad_logits"),
      atol: try c.tolerance("grad_abs"), rtol: 0)
  }

  /// Part A with label smoothing ε and class weights w: the target distribution is
  /// (1 − ε)·onehot + ε/3, so the loss is w[0]·(1 − ε)·950 + (ε/3)·Σ_c w[c]·(−log p_c) over
  /// w[0], with log p = log(A_softmax) (computed as [−950, −150, 0]), and the gradient is
  /// w[0](1 − ε)(p − onehot) + (ε/3)(p·Σw − w), over w[0], from the case's softmax.
  @Test(
    "logsoftmax-ce-grad-extreme-logits A: crossEntropy with smoothing and weights stays finite",
    arguments: [false, true])
  func extremeLogitsSmoothed(_ weighted: Bool) throws {
    let c = try LossBugCase("logsoftmax-ce-grad-extreme-logits")
    let a = try c.part("A")
    let values = try LossBugCase.numbers(a["logits"])
    let logits = leaf(values, shape: [1, 3])
    let label = Int(try LossBugCase.number(a["target_class"]))
    let w: [Double] = weighted ? [2, 0.5, 1] : [1, 1, 1]
    let epsilon = 0.1
    let loss = crossEntropy(
      logits: logits, labels: [label], weights: weighted ? Tensor(w, dtype: .float64) : nil,
      labelSmoothing: epsilon)
    let p = try c.expectedList("A_softmax")
    let largest = values.max() ?? 0
    let logP = values.map { $0 - largest }  // exact here: the other exponentials vanish
    let smooth = zip(w, logP).reduce(0) { $0 - $1.0 * $1.1 }
    let nll = try c.expected("A_loss")
    let expectedLoss = ((1 - epsilon) * w[label] * nll + epsilon / 3 * smooth) / w[label]
    expectLossClose(loss, expectedLoss, rtol: try c.tolerance("A_loss_rel"))
    loss.backward()
    let total = w.reduce(0, +)
    let expectedGradient = (0..<3).map { j in
      let onehot: Double = j == label ? 1 : 0
      let nllPart = w[label] * (1 - epsilon) * (p[j] - onehot)
      return (nllPart + epsilon / 3 * (p[j] * total - w[j])) / w[label]
    }
    let gradient = try #require(logits.grad).scalars
    #expect(gradient.allSatisfy { $0.isFinite })
    expectLossClose(gradient, expectedGradient, atol: try c.tolerance("grad_abs"), rtol: 1e-12)
  }

  /// Parts B and C as rows of a batch: z = [−1200, −900, 2000] is a confident row; as a
  /// cross-entropy batch with part A its loss and gradient stay finite in every reduction.
  @Test(
    "logsoftmax-ce-grad-extreme-logits B/C: a batch with logits thousands apart stays finite",
    arguments: Reduction.allCases)
  func extremeLogitsBatch(_ reduction: Reduction) throws {
    let c = try LossBugCase("logsoftmax-ce-grad-extreme-logits")
    let rowA = try LossBugCase.numbers(c.part("A")["logits"])
    let rowB = try LossBugCase.numbers(c.part("B_and_C")["z"])
    let logits = leaf(rowA + rowB, shape: [2, 3])
    // Row B with label 2 (its largest logit) costs log(1 + e^−2900 + e^−3200) = 0.
    let loss = crossEntropy(logits: logits, labels: [0, 2], reduction: reduction)
    let expected: [Double] =
      switch reduction {
      case .mean: [950 / 2]
      case .sum: [950]
      case .none: [950, 0]
      }
    expectLossClose(loss.scalars, expected, rtol: try c.tolerance("A_loss_rel"))
    loss.sum().backward()
    let scale = reduction == .mean ? 0.5 : 1
    let rowAGradient = try c.expectedList("A_grad_logits").map { $0 * scale }
    let rowBGradient: [Double] = [0, 0, 0]  // softmax [0, 0, 1] − onehot(2)
    expectLossClose(
      try #require(logits.grad).scalars, rowAGradient + rowBGradient,
      atol: try c.tolerance("grad_abs"), rtol: 0)
  }

  // MARK: softmax-rowwise-max-shift (kind: softmax/log-softmax/cross-entropy overflow)

  /// https://github.com/manassharma07/crysx_nn/issues/7: rows a thousand apart; each row is
  /// shifted by its own maximum. Equal class weights do not change the mean.
  @Test(
    "softmax-rowwise-max-shift: crossEntropy per row, with and without equal class weights",
    arguments: [false, true])
  func rowwiseShift(_ weighted: Bool) throws {
    let c = try LossBugCase("softmax-rowwise-max-shift")
    let rows = try #require(c.inputs["logits"] as? [Any])
    let labels = try LossBugCase.numbers(c.inputs["targets"]).map { Int($0) }
    let logits = leaf(try rows.flatMap(LossBugCase.numbers), shape: [2, 3])
    let rtol = try c.tolerance("rel")
    let weights = weighted ? Tensor([2, 2, 2], dtype: .float64) : nil
    let loss = crossEntropy(logits: logits, labels: labels, weights: weights)
    expectLossClose(loss, try c.expected("mean_ce"), rtol: rtol)
    loss.backward()
    let gradient = try #require(c.expected["grad_logits"] as? [Any]).flatMap(LossBugCase.numbers)
    expectLossClose(try #require(logits.grad).scalars, gradient, rtol: rtol)
    // reduction none: the rows' losses, which average to mean_ce.
    let perRow = crossEntropy(logits: logits, labels: labels, reduction: .none).scalars
    #expect(perRow.allSatisfy { $0.isFinite })
    expectLossClose([(perRow[0] + perRow[1]) / 2], [try c.expected("mean_ce")], rtol: rtol)
  }

  // MARK: bce-prob-grad-very-negative-logit (kind: sigmoid/BCE at extreme logits)

  /// https://github.com/pytorch/pytorch/issues/103316: BCE of σ(x) with targets 1; the
  /// gradient through the sigmoid must be −(1 − σ(x))/6, also at x = −60, where PyTorch's
  /// 1e-12 floor on p(1 − p) gives about −1.5e-15. Both spellings must agree, in both dtypes.
  @Test(
    "bce-prob-grad-very-negative-logit: BCE(σ(x)) and BCE(logits) both give −(1 − σ(x))/n",
    arguments: DType.allCases, [false, true])
  func veryNegativeLogit(_ dtype: DType, fromLogits: Bool) throws {
    let c = try LossBugCase("bce-prob-grad-very-negative-logit")
    var x = Tensor(try LossBugCase.numbers(c.inputs["x"]), dtype: dtype)
    x.requiresGrad = true
    let y = Tensor(try LossBugCase.numbers(c.inputs["targets"]), dtype: dtype)
    let loss =
      fromLogits
      ? binaryCrossEntropy(logits: x, targets: y)
      : binaryCrossEntropy(probabilities: x.sigmoid(), targets: y)
    let rtol = try c.tolerance(dtype == .float64 ? "rel" : "float32_rel")
    expectLossClose(loss, try c.expected("loss"), rtol: rtol)
    loss.backward()
    let gradient = try #require(x.grad)
    #expect(gradient.dtype == dtype)
    // In float32, σ(15) is a probability a few ulps (6e-8 each) below 1, so 1 − σ(15) ≈ 3.06e-7
    // is known only to about 20 % once it is a probability: through the probabilities that
    // element is good to an ulp of p (the sigmoid's rounding) over n = 6, not to 1e-5.
    let atol = dtype == .float32 && !fromLogits ? 0x1p-24 / 6 : 0
    expectLossClose(gradient.scalars, try c.expectedList("grad_x"), atol: atol, rtol: rtol)
  }

  // MARK: sigmoid-grad-formula-swift (kind: sigmoid/BCE at extreme logits)

  /// https://github.com/tensorflow/swift-apis/pull/341, as it reaches a loss: at the case's
  /// points, the derivative of BCE(σ(x), y) with respect to p, times σ′(x) from the case,
  /// is σ(x) − y: the loss's rule and the sigmoid's compose exactly. (The sigmoid itself is
  /// tested with the ops.) Targets 0 and 1.
  @Test("sigmoid-grad-formula-swift: ∂BCE/∂p · σ′(x) = σ(x) − y at the case's points")
  func sigmoidThroughLoss() throws {
    let c = try LossBugCase("sigmoid-grad-formula-swift")
    let xs = try LossBugCase.numbers(c.inputs["x"])
    let slopes = try c.expectedList("grad")
    let rtol = try c.tolerance("rel")
    for y in [0.0, 1.0] {
      let p = leaf(xs.map { 1 / (1 + Foundation.exp(-$0)) })
      let targets = Tensor([Double](repeating: y, count: xs.count), dtype: .float64)
      binaryCrossEntropy(probabilities: p, targets: targets, reduction: .sum).backward()
      let chained = zip(try #require(p.grad).scalars, slopes).map { $0 * $1 }
      expectLossClose(chained, p.scalars.map { $0 - y }, rtol: rtol)
    }
  }

  // MARK: bce-logits-grad-at-zero-logit (kind: max/min/relu gradient at ties)

  /// https://github.com/jax-ml/jax/issues/2140: at x = 0 a stable BCE composed from max/abs
  /// gets the wrong slope; the loss's own rule gives σ(x) − y everywhere.
  @Test(
    "bce-logits-grad-at-zero-logit: loss log 2 at x = 0 and gradient σ(x) − y",
    arguments: DType.allCases)
  func zeroLogit(_ dtype: DType) throws {
    let c = try LossBugCase("bce-logits-grad-at-zero-logit")
    var x = Tensor(try LossBugCase.numbers(c.inputs["x"]), dtype: dtype)
    x.requiresGrad = true
    let y = try LossBugCase.number(c.inputs["y"])
    let targets = Tensor(repeating: y, shape: x.shape, dtype: dtype)
    let rtol = dtype == .float64 ? try c.tolerance("rel") : 1e-6
    let perElement = binaryCrossEntropy(logits: x, targets: targets, reduction: .none)
    expectLossClose([perElement.scalars[0]], [try c.expected("loss_at_0")], rtol: rtol)
    perElement.sum().backward()
    let gradient = try #require(x.grad).scalars
    expectLossClose(gradient, try c.expectedList("grad"), rtol: rtol)
    let wrong = try #require(
      c.expected["WRONG_at_0_when_composed_from_primitives"] as? [String: Any])
    #expect(try !wrong.values.map(LossBugCase.number).contains(gradient[0]))
  }

  /// The same case's "also": d/dx log σ(x) at 0 is 0.5; BCE with target 1 is −log σ(x).
  @Test("bce-logits-grad-at-zero-logit: d/dx log σ(x) at 0 is 0.5 (BCE with target 1)")
  func logSigmoidAtZero() throws {
    let c = try LossBugCase("bce-logits-grad-at-zero-logit")
    let x = leaf([0])
    binaryCrossEntropy(logits: x, targets: Tensor([1], dtype: .float64)).backward()
    #expect(try #require(x.grad).scalars == [-(try c.expected("log_sigmoid_grad_at_0"))])
  }

  // MARK: abs-grad-at-zero (kind: abs gradient at 0), the L1 part

  /// https://github.com/pytorch/pytorch/issues/7172: the L1 loss and Σ|a − b| must agree at a
  /// zero residual, with abs′(0) = 0, exactly.
  @Test("abs-grad-at-zero: l1Loss with sum reduction is 2.5 with gradient [−1, 0, 1], as Σ|a − b|")
  func absAtZero() throws {
    let c = try LossBugCase("abs-grad-at-zero")
    let aValues = try LossBugCase.numbers(c.inputs["a"])
    let b = Tensor(try LossBugCase.numbers(c.inputs["b"]), dtype: .float64)
    let a = leaf(aValues)
    let loss = l1Loss(a, b, reduction: .sum)
    #expect(loss.item == (try c.expected("L")))
    loss.backward()
    let expected = try c.expectedList("grad_a")
    #expect(try #require(a.grad).scalars == expected)
    let composed = leaf(aValues)
    (composed - b).abs().sum().backward()
    #expect(try #require(composed.grad).scalars == expected)
    // The mean divides the same gradient by the count.
    let meanLeaf = leaf(aValues)
    l1Loss(meanLeaf, b).backward()
    #expect(try #require(meanLeaf.grad).scalars == expected.map { $0 / 3 })
  }

  // MARK: xlogy-log-zero (kind: log(0)), the cross-entropy part D

  /// https://github.com/pytorch/pytorch/issues/80770, part D: probabilities [0, 0.2, 0.8] and
  /// target class 1. negativeLogLikelihood of log p is ln 5, never NaN, and the gradient of
  /// the entries with p > 0 is exact (−5 and 0), unpolluted by log 0 = −∞. The entry at p = 0
  /// is left unspecified by the case; here it is 0/0 = NaN from log′(0) · 0, as in JAX and
  /// PyTorch.
  @Test("xlogy-log-zero D: negativeLogLikelihood(log p) with a zero probability is ln 5")
  func logZero() throws {
    let c = try LossBugCase("xlogy-log-zero")
    let d = try c.part("D")
    let targets = try LossBugCase.numbers(d["targets"])
    let label = try #require(targets.firstIndex(of: 1))
    let p = leaf(try LossBugCase.numbers(d["probs"]), shape: [1, 3])
    let loss = negativeLogLikelihood(logProbabilities: p.log(), labels: [label])
    expectLossClose(loss, try c.expected("D_value"), rtol: try c.tolerance("rel"))
    loss.backward()
    let gradient = try #require(p.grad).scalars
    // The first entry is a sentence ("unspecified …"), so only the others are numbers.
    let entries = try #require(c.expected["D_grad_p"] as? [Any])
    let expected = try entries.dropFirst().map(LossBugCase.number)
    expectLossClose(Array(gradient[1...]), expected, rtol: try c.tolerance("rel"))
  }

  /// The log(0) kind in binary cross-entropy: 0 · log 0 never appears; p = y = 0 and p = y = 1
  /// cost 0 with gradient 0, and a wrong certain answer costs the clamp, 100.
  @Test("log(0) in binaryCrossEntropy(probabilities:): p = y ∈ {0, 1} costs 0, not NaN")
  func binaryLogZero() throws {
    let p = leaf([0, 1, 0, 1])
    let loss = binaryCrossEntropy(
      probabilities: p, targets: Tensor([0, 1, 1, 0], dtype: .float64), reduction: .none)
    #expect(loss.scalars == [0, 0, 100, 100])
    loss.sum().backward()
    let gradient = try #require(p.grad).scalars
    #expect(Array(gradient[..<2]) == [0, 0])
    #expect(gradient.allSatisfy { !$0.isNaN })
  }
}
