import Foundation
import Testing

@testable import Descent

private func number(_ value: Any?) throws -> Double { try Fixtures.number(value) }

private func numbers(_ value: Any?) throws -> [Double] { try Fixtures.numbers(value) }

/// A bug case's inputs and expected values.
private struct Case {
  let inputs: [String: Any]
  let expected: [String: Any]

  init(_ id: String) throws {
    let all = try Fixtures.bugCase(id)
    expected = try #require(all["expected"] as? [String: Any])
    let scenario = try #require(all["case"] as? [String: Any])
    inputs = try #require(scenario["inputs"] as? [String: Any])
  }
}

/// A float64 vector.
private func vector(_ values: [Double]) -> Tensor { Tensor(values, dtype: .float64) }

/// The standard error of an exit test's child process, as text.
private func standardError(_ result: ExitTest.Result?) -> String {
  String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}

/// The gradient-at-kinks and non-scalar-output cases of `bugcases.json`, in forward mode: the
/// conventions must be those of reverse mode.
@Suite("Forward mode at kinks and in the bug cases, read from bugcases.json")
struct ForwardModeBugCaseTests {
  /// relu-grad-at-zero, https://github.com/tensorflow/playground/issues/19.
  @Test("relu-grad-at-zero: jvp of relu at 0 with tangent 1 is 0, as relu′(0) = 0 in reverse")
  func reluAtZero() throws {
    let c = try Case("relu-grad-at-zero")
    let x = vector(try numbers(c.inputs["x"]))
    let atZero = jvp(of: { $0.relu() }, at: vector([0]), along: vector([1])).tangent.item
    #expect(atZero == (try number(c.expected["jvp_at_0"])))
    // L = Σ 3·relu(x): the JVP along each e_i is the gradient's element i, the factor 3 kept.
    let forward = jacobian(of: { (3 * $0.relu()).sum() }, at: x, mode: .forward).scalars
    #expect(forward == (try numbers(c.expected["grad"])))
  }

  /// abs-grad-at-zero, https://github.com/pytorch/pytorch/issues/7172.
  @Test("abs-grad-at-zero: jvp of abs at 0 with tangent 1 is 0, and Σ|a − b| agrees in both modes")
  func absAtZero() throws {
    let c = try Case("abs-grad-at-zero")
    let atZero = jvp(of: { $0.abs() }, at: vector([0]), along: vector([1])).tangent.item
    #expect(atZero == (try number(c.expected["jvp_abs_at_0"])))
    let a = vector(try numbers(c.inputs["a"]))
    let b = vector(try numbers(c.inputs["b"]))
    let loss = { (a: Tensor) in (a - b).abs().sum() }
    #expect(
      jacobian(of: loss, at: a, mode: .forward).scalars == (try numbers(c.expected["grad_a"])))
    #expect(
      jacobian(of: loss, at: a, mode: .reverse).scalars == (try numbers(c.expected["grad_a"])))
    // The same loss through l1Loss: identical in both modes, 0 at the zero residual.
    let l1 = { (a: Tensor) in l1Loss(a, b, reduction: .sum) }
    for mode in [DifferentiationMode.forward, .reverse] {
      #expect(jacobian(of: l1, at: a, mode: mode).scalars == (try numbers(c.expected["grad_a"])))
    }
  }

  /// sqrt-grad-magnitude-swift, https://github.com/tensorflow/swift/issues/161.
  @Test("sqrt-grad-magnitude-swift: ‖v‖ at (3, 4) along (1, 0) is 0.6; sqrt′ at 9 and ¼")
  func magnitude() throws {
    let c = try Case("sqrt-grad-magnitude-swift")
    let magnitude = { (v: Tensor) in (v * v).sum().sqrt() }
    let a = try #require(c.inputs["A"] as? [String: Any])
    let (value, tangent) = jvp(
      of: magnitude, at: vector(try numbers(a["v"])),
      along: vector(try numbers(c.inputs["A_jvp_direction"])))
    expectClose(value, try number(c.expected["A_value"]))
    expectClose(tangent, try number(c.expected["A_jvp"]))
    let part = try #require(c.inputs["C"] as? [String: Any])
    let at = try numbers(part["sqrt_derivative_at"])
    let derivative = jvp(of: { $0.sqrt() }, at: vector(at), along: vector([1, 1])).tangent
    expectClose(derivative.scalars, try numbers(c.expected["C"]))
  }

  /// pow-grad-negative-base, https://github.com/tenstorrent/tt-metal/issues/54439: x^n for
  /// negative x and integral n is finite in forward mode too.
  @Test("pow-grad-negative-base: jvp of x³ at −2 is 12; the A pairs and B match reverse mode")
  func powNegativeBase() throws {
    let c = try Case("pow-grad-negative-base")
    let jvpCase = try #require(c.inputs["A_jvp"] as? [String: Any])
    let n = try number(jvpCase["n"])
    let tangent = jvp(
      of: { $0.pow(n) }, at: vector([try number(jvpCase["x"])]),
      along: vector([try number(jvpCase["tangent"])])
    ).tangent
    #expect(tangent.item == (try number(c.expected["A_jvp"])))
    let pairs = try #require(c.inputs["A"] as? [String: Any])
    let list = try #require(pairs["pairs_x_n"] as? [[Double]])
    let grads = try numbers(c.expected["A_grads"])
    for (pair, want) in zip(list, grads) {
      let got = jvp(of: { $0.pow(pair[1]) }, at: vector([pair[0]]), along: vector([1])).tangent
      #expect(got.item == want, "x = \(pair[0]), n = \(pair[1])")
    }
    // B: a^b at (−2, −3): ∂/∂a is −0.1875, not poisoned by ∂/∂b = NaN (log of −2).
    let b = try #require(c.inputs["B"] as? [String: Any])
    let (base, exponent) = (vector([try number(b["a"])]), vector([try number(b["b"])]))
    let alongA = jvp(of: { $0.pow(exponent) }, at: base, along: vector([1])).tangent.item
    let alongB = jvp(of: { base.pow($0) }, at: exponent, along: vector([1])).tangent.item
    #expect(alongA == (try number(c.expected["B_d_da"])))
    let expectedAlongB = try number(c.expected["B_d_db"])
    #expect(alongB.isNaN && expectedAlongB.isNaN)
  }

  /// pow-zero-base-exponent-grad, https://github.com/ml-explore/mlx/issues/628.
  @Test("pow-zero-base-exponent-grad: (a − b)^b at a zero base has finite tangents")
  func powZeroBase() throws {
    let c = try Case("pow-zero-base-exponent-grad")
    for part in ["A", "B"] {
      let inputs = try #require(c.inputs[part] as? [String: Any])
      let a = vector(try numbers(inputs["a"]))
      let b = vector(try numbers(inputs["b"]))
      let cotangent = try numbers(inputs["cotangent"])
      let f = { (t: [Tensor]) in (t[0] - t[1]).pow(t[1]) }
      // Elementwise, so the JVP along all-ones times the cotangent is the vjp.
      let ones = vector([1, 1])
      let zeros = vector([0, 0])
      let alongA = jvp(of: f, at: [a, b], along: [ones, zeros]).tangent.scalars
      let alongB = jvp(of: f, at: [a, b], along: [zeros, ones]).tangent.scalars
      #expect(zip(alongA, cotangent).map(*) == (try numbers(c.expected["\(part)_grad_a"])))
      #expect(zip(alongB, cotangent).map(*) == (try numbers(c.expected["\(part)_grad_b"])))
    }
    let part = try #require(c.inputs["C"] as? [String: Any])
    let base = vector([try number(part["base"])])
    let d = jvp(of: { base.pow($0) }, at: vector([try number(part["y"])]), along: vector([1]))
    #expect(d.tangent.item == (try number(c.expected["C_derivative"])))
  }

  /// minmax-elementwise-ties, https://github.com/tensorflow/swift-apis/issues/479.
  @Test("minmax-elementwise-ties: the tangents of min and max split ties evenly")
  func minmaxTies() throws {
    let c = try Case("minmax-elementwise-ties")
    let split = try #require(c.expected["even_split_convention"] as? [String: Any])
    let x = vector(try numbers(c.inputs["x"]))
    let y = vector(try numbers(c.inputs["y"]))
    let ones = vector([1, 1, 1, 1])
    let zeros = vector([0, 0, 0, 0])
    for (name, f) in [("min", Tensor.minimum), ("max", Tensor.maximum)] {
      let g = { (t: [Tensor]) in f(t[0], t[1]) }
      let dx = jvp(of: g, at: [x, y], along: [ones, zeros]).tangent.scalars
      let dy = jvp(of: g, at: [x, y], along: [zeros, ones]).tangent.scalars
      #expect(dx == (try numbers(split["\(name)_dx"])), "\(name)")
      #expect(dy == (try numbers(split["\(name)_dy"])), "\(name)")
      #expect(jvp(of: g, at: [x, y], along: [ones, ones]).tangent.scalars == [1, 1, 1, 1])
    }
  }

  @Test("max and min reductions: the tangent is the mean of the tied positions' tangents")
  func reductionTies() {
    let x = vector([1, 3, 3])
    #expect(jvp(of: { $0.max() }, at: x, along: vector([0, 1, 0])).tangent.item == 0.5)
    #expect(jvp(of: { $0.max() }, at: x, along: vector([5, 1, 3])).tangent.item == 2)
    let same = vector([2, 2, 2])
    #expect(jvp(of: { $0.amin() }, at: same, along: vector([3, 0, 0])).tangent.item == 1)
    // Agreement with reverse mode's even split, including ties.
    for mode in [DifferentiationMode.forward, .reverse] {
      #expect(jacobian(of: { $0.max() }, at: x, mode: mode).scalars == [0, 0.5, 0.5])
    }
  }

  /// bce-logits-grad-at-zero-logit, https://github.com/jax-ml/jax/issues/2140.
  @Test("bce-logits-grad-at-zero-logit: logSigmoid and softplus have tangent ½ at 0")
  func logSigmoidAtZero() throws {
    let c = try Case("bce-logits-grad-at-zero-logit")
    let want = try number(c.expected["log_sigmoid_grad_at_0"])
    for f in [{ (x: Tensor) in x.logSigmoid() }, { (x: Tensor) in x.softplus() }] {
      #expect(jvp(of: f, at: vector([0]), along: vector([1])).tangent.item == want)
    }
    let target = try number(c.inputs["y"])
    let x = vector(try numbers(c.inputs["x"]))
    let composed = { (x: Tensor) in (x.softplus() - x * target).sum() }
    let library = { (x: Tensor) in
      binaryCrossEntropy(
        logits: x, targets: Tensor(repeating: target, shape: x.shape, dtype: .float64),
        reduction: .sum)
    }
    for loss in [composed, library] {
      expectClose(
        jacobian(of: loss, at: x, mode: .forward).scalars, try numbers(c.expected["grad"]),
        rtol: 1e-12)
    }
  }

  /// grad-of-nonscalar-output-message, https://github.com/ml-explore/mlx/issues/487:
  /// without a seed the error names the output's shape and says what is needed.
  @Test("grad-of-nonscalar-output-message: gradient of x² at [3, −1] traps, naming [2]")
  func nonScalarGradientTraps() async throws {
    let c = try Case("grad-of-nonscalar-output-message")
    // An exit test cannot capture the fixture's values: the child uses the same literal.
    #expect(try numbers(c.inputs["x"]) == [3, -1])
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = gradient(of: { $0 * $0 }, at: Tensor([3, -1], dtype: .float64))
    }
    let message = standardError(result)
    #expect(message.contains("shape [2]"))
    #expect(message.contains("not a scalar"))
    #expect(message.contains("cotangent"))
  }

  @Test(
    "grad-of-nonscalar-output-message: with a seed, and for a one-element output, in both modes")
  func nonScalarWithSeed() throws {
    let c = try Case("grad-of-nonscalar-output-message")
    let x = vector(try numbers(c.inputs["x"]))
    let seed = vector(try numbers(c.inputs["seed"]))
    let want = try numbers(c.expected["with_seed"])
    let (_, pullback) = vjp(of: { $0 * $0 }, at: x)
    #expect(pullback(seed).scalars == want)
    // Forward mode: x² is elementwise, so J·seed is the same vector.
    #expect(jvp(of: { $0 * $0 }, at: x, along: seed).tangent.scalars == want)
    // A one-element output [1] counts as a scalar: gradient [6].
    let single = vector(try numbers(c.inputs["x_single"]))
    #expect(gradient(of: { $0 * $0 }, at: single).scalars == [6])
    #expect(jvp(of: { $0 * $0 }, at: single, along: vector([1])).tangent.scalars == [6])
    // directionalDerivative throws for the non-scalar output, naming its shape.
    #expect {
      try directionalDerivative(of: { $0 * $0 }, at: x, along: seed)
    } throws: { error in
      "\(error)".contains("shape [2]")
    }
  }

  @Test("an op without a forward rule traps in forward mode, naming itself")
  func missingForwardRuleTraps() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let square = { (x: Tensor) -> Tensor in
        .result(
          (x * x).detached().storage, shape: x.shape, op: "reverseOnlySquare", inputs: [x],
          rule: { g, inputs, _ in [g * inputs[0] * 2] })
      }
      _ = jvp(of: square, at: Tensor([1, 2]), along: Tensor([1, 0]))
    }
    let message = standardError(result)
    #expect(message.contains("'reverseOnlySquare' has no forward-mode rule"))
  }
}
