import Descent
import Foundation
import Testing

private func number(_ value: Any?) throws -> Double { try Fixtures.number(value) }

private func numbers(_ value: Any?) throws -> [Double] { try Fixtures.numbers(value) }

/// A bug case's `expected` and `tolerance` objects and its relative tolerance.
private struct BugCase {
  let expected: [String: Any]
  let inputs: [String: Any]
  let rtol: Double

  init(_ id: String) throws {
    let all = try Fixtures.bugCase(id)
    expected = try #require(all["expected"] as? [String: Any])
    let scenario = try #require(all["case"] as? [String: Any])
    inputs = try #require(scenario["inputs"] as? [String: Any])
    let tolerance = try #require(all["tolerance"] as? [String: Any])
    rtol = (tolerance["rel"] as? Double) ?? 0
  }
}

/// Cases from `bugcases.json` (bundled with the tests) about the elementwise and reduction ops,
/// each test named by its case id, with inputs and expected values read from the fixture.
@Suite("Bug cases about elementwise ops, read from bugcases.json")
struct OpBugCaseTests {
  /// xlogy-log-zero, https://github.com/pytorch/pytorch/issues/80770, part A: PyTorch once
  /// returned ∂/∂x = 0 at x = 0; it is log y.
  @Test("xlogy-log-zero A: xlogy(0, 3) = 0 with ∂/∂x = log 3 and ∂/∂y = 0")
  func xlogyA() throws {
    let c = try BugCase("xlogy-log-zero")
    let a = try #require(c.inputs["A"] as? [String: Any])
    let x = leaf([try number(a["x"])], shape: [])
    let y = leaf([try number(a["y"])], shape: [])
    let z = Tensor.xlogy(x, y)
    #expect(z.item == (try number(c.expected["A_value"])))
    z.backward()
    expectClose(try #require(x.grad), try number(c.expected["A_d_dx"]), rtol: c.rtol)
    #expect(try #require(y.grad).item == (try number(c.expected["A_d_dy"])))
  }

  /// xlogy-log-zero, part B: xlogy(0, 0) = 0, not 0·(−∞) = NaN.
  @Test("xlogy-log-zero B: xlogy(0, 0) = 0", arguments: DType.allCases)
  func xlogyB(_ dtype: DType) throws {
    let c = try BugCase("xlogy-log-zero")
    let b = try #require(c.inputs["B"] as? [String: Any])
    let z = Tensor.xlogy(
      Tensor([try number(b["x"])], dtype: dtype), Tensor([try number(b["y"])], dtype: dtype))
    #expect(z.item == (try number(c.expected["B_value"])))
  }

  /// xlogy-log-zero, part C: plain log at 0 is −∞ with derivative +∞.
  @Test("xlogy-log-zero C: log 0 = −∞ with derivative +∞", arguments: DType.allCases)
  func xlogyC(_ dtype: DType) throws {
    let c = try BugCase("xlogy-log-zero")
    let part = try #require(c.inputs["C"] as? [String: Any])
    var x = Tensor([try number(part["log_at"])], dtype: dtype)
    x.requiresGrad = true
    let y = x.log()
    #expect(y.item == (try number(c.expected["C_value"])))
    y.sum().backward()
    #expect(try #require(x.grad).item == (try number(c.expected["C_derivative"])))
  }

  /// xlogy-log-zero, part D: a cross-entropy on probabilities with zero targets,
  /// −Σ xlogy(t, p) at t = [0, 1, 0], p = [0, 0.2, 0.8]: ln 5, with ∂/∂p = [0, −5, 0]. The
  /// fixture leaves entry 0 unspecified and prefers 0 (JAX and PyTorch give NaN): Descent
  /// gives 0, and entries 1 and 2 are exact.
  @Test("xlogy-log-zero D: −Σ xlogy(t, p) = ln 5 with ∂/∂p = [0, −5, 0]", arguments: DType.allCases)
  func xlogyD(_ dtype: DType) throws {
    let c = try BugCase("xlogy-log-zero")
    let part = try #require(c.inputs["D"] as? [String: Any])
    let t = Tensor(try numbers(part["targets"]), dtype: dtype)
    var p = Tensor(try numbers(part["probs"]), dtype: dtype)
    p.requiresGrad = true
    let loss = -Tensor.xlogy(t, p).sum()
    let rtol = dtype == .float64 ? c.rtol : 1e-6
    expectClose(loss, try number(c.expected["D_value"]), rtol: rtol)
    loss.backward()
    let grad = try #require(p.grad).scalars
    let expected = try #require(c.expected["D_grad_p"] as? [Any])
    #expect((expected[0] as? String)?.contains("0 preferred") == true)
    #expect(grad[0] == 0)
    expectClose(Array(grad[1...]), try expected[1...].map(number), rtol: rtol)
  }

  /// minmax-elementwise-ties, https://github.com/tensorflow/swift-apis/issues/479: Descent
  /// follows the even-split convention of PyTorch and JAX (TensorFlow's first-argument
  /// convention is in the fixture too, and not followed).
  @Test(
    "minmax-elementwise-ties: Σ min(x, y) and Σ max(x, y) split ties ½/½",
    arguments: DType.allCases)
  func minmaxTies(_ dtype: DType) throws {
    let c = try BugCase("minmax-elementwise-ties")
    let split = try #require(c.expected["even_split_convention"] as? [String: Any])
    for (name, f) in [("min", Tensor.minimum), ("max", Tensor.maximum)] {
      var x = Tensor(try numbers(c.inputs["x"]), dtype: dtype)
      var y = Tensor(try numbers(c.inputs["y"]), dtype: dtype)
      x.requiresGrad = true
      y.requiresGrad = true
      let loss = f(x, y).sum()
      #expect(loss.item == (try number(c.expected[name == "min" ? "L1" : "L2"])), "\(name)")
      loss.backward()
      let dx = try #require(x.grad).scalars
      let dy = try #require(y.grad).scalars
      #expect(dx == (try numbers(split["\(name)_dx"])), "\(name)")
      #expect(dy == (try numbers(split["\(name)_dy"])), "\(name)")
      // The case's invariant, whatever the convention: dx + dy = 1 everywhere.
      #expect(zip(dx, dy).allSatisfy { $0 + $1 == 1 }, "\(name)")
    }
  }

  /// bce-logits-grad-at-zero-logit, https://github.com/jax-ml/jax/issues/2140: log-sigmoid's
  /// derivative at 0 is ½; composed from max/abs primitives it came out wrong.
  @Test("bce-logits-grad-at-zero-logit: logSigmoid′(0) = ½ and softplus′(0) = ½")
  func logSigmoidAtZero() throws {
    let c = try BugCase("bce-logits-grad-at-zero-logit")
    let want = try number(c.expected["log_sigmoid_grad_at_0"])
    for f in [{ (x: Tensor) in x.logSigmoid() }, { (x: Tensor) in x.softplus() }] {
      let x = leaf([0], shape: [])
      f(x).backward()
      #expect(try #require(x.grad).item == want)
    }
  }

  /// bce-logits-grad-at-zero-logit: the stable BCE-with-logits max(x, 0) − x·y + log(1 + e^−|x|)
  /// written as softplus(x) − x·y has gradient σ(x) − y everywhere, 0 included.
  @Test("bce-logits-grad-at-zero-logit: softplus(x) − x·y has gradient σ(x) − y, at 0 too")
  func bceThroughSoftplus() throws {
    let c = try BugCase("bce-logits-grad-at-zero-logit")
    let target = try number(c.inputs["y"])
    let x = leaf(try numbers(c.inputs["x"]))
    let loss = x.softplus() - x * target
    expectClose([loss.scalars[0]], [try number(c.expected["loss_at_0"])], rtol: c.rtol)
    loss.sum().backward()
    expectClose(try #require(x.grad).scalars, try numbers(c.expected["grad"]), rtol: c.rtol)
  }

  /// bce-logits-grad-at-zero-logit: the same formula composed from relu and abs gives the
  /// case's wrong value −0.25 at 0 under PyTorch's kink conventions, which Descent shares —
  /// the reason softplus has a derivative rule of its own.
  @Test("bce-logits-grad-at-zero-logit: composed from relu and abs, the gradient at 0 is −0.25")
  func bceComposedIsWrong() throws {
    let c = try BugCase("bce-logits-grad-at-zero-logit")
    let target = try number(c.inputs["y"])
    let wrong = try #require(
      c.expected["WRONG_at_0_when_composed_from_primitives"] as? [String: Any])
    let x = leaf([0], shape: [])
    let composed = x.relu() - x * target + (1 + (-x.abs()).exp()).log()
    composed.backward()
    let key = try #require(wrong.keys.first { $0.hasPrefix("relu'(0)=0 and abs'(0)=0") })
    #expect(try #require(x.grad).item == (try number(wrong[key])))
  }

  /// bce-prob-grad-very-negative-logit, https://github.com/pytorch/pytorch/issues/103316:
  /// mean(−log σ(x)) through logSigmoid keeps the gradient −(1 − σ(x))/n at x = −60.
  @Test(
    "bce-prob-grad-very-negative-logit: mean(−logSigmoid(x)) has gradient −(1 − σ(x))/6",
    arguments: DType.allCases)
  func meanNegativeLogSigmoid(_ dtype: DType) throws {
    let c = try BugCase("bce-prob-grad-very-negative-logit")
    let tolerance = try #require(
      try Fixtures.bugCase(
        "bce-prob-grad-very-negative-logit")["tolerance"] as? [String: Any])
    let rtol = dtype == .float64 ? c.rtol : try number(tolerance["float32_rel"])
    var x = Tensor(try numbers(c.inputs["x"]), dtype: dtype)
    x.requiresGrad = true
    let loss = (-x.logSigmoid()).mean()
    expectClose(loss, try number(c.expected["loss"]), rtol: rtol)
    loss.backward()
    expectClose(try #require(x.grad).scalars, try numbers(c.expected["grad_x"]), rtol: rtol)
  }
}
