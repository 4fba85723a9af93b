import Foundation
import Testing

@testable import Descent

/// Cases that broke other frameworks, with their expected values and tolerances copied from
/// /work/shared/cases/bugcases.json (computed there with JAX in float64, or by hand). Each test
/// names the case id and the report it came from.
@Suite("Known cases from other frameworks' bug reports")
struct KnownCaseTests {
  /// logsoftmax-ce-grad-extreme-logits, https://github.com/FluxML/NNlib.jl/issues/68:
  /// logits hundreds apart must give a finite loss and gradient (no exp of a raw logit).
  @Test("cross-entropy of logits hundreds apart is finite, with gradient softmax − onehot")
  func crossEntropyExtremeLogits() throws {
    let logits = leaf([-500, 300, 450], shape: [1, 3])
    let loss = crossEntropy(logits: logits, labels: [0])
    expectClose(loss, 950, rtol: 1e-12)
    loss.backward()
    let grad = try #require(logits.grad)
    expectClose(grad.scalars, [-1, 7.175095973164411e-66, 1], atol: 1e-12)
    expectClose(logits.softmax(axis: 1).scalars, [0, 7.175095973164411e-66, 1], atol: 1e-12)
  }

  /// logsoftmax-ce-grad-extreme-logits, parts B and C: g(z) = Σ softmax(z) and
  /// h(z) = softmax(z)[2] at z = [−1200, −900, 2000] have value 1 and gradient 0.
  @Test("softmax of logits thousands apart sums to 1 with a zero gradient")
  func softmaxExtremeLogits() throws {
    let z = leaf([-1200, -900, 2000])
    let total = z.softmax().sum()
    expectClose(total, 1, rtol: 1e-12)
    total.backward()
    expectClose(try #require(z.grad).scalars, [0, 0, 0], atol: 1e-12)
    z.zeroGrad()
    let third = (z.softmax() * Tensor([0, 0, 1], dtype: .float64)).sum()
    third.backward()
    expectClose(try #require(z.grad).scalars, [0, 0, 0], atol: 1e-12)
  }

  /// The kind "softmax/log-softmax/cross-entropy overflow" in float32 too: the same logits
  /// give a finite loss, softmax and gradient.
  @Test("the extreme-logit cases stay finite in float32")
  func extremeLogitsFloat32() throws {
    var logits = Tensor([[-500, 300, 450], [-1200, -900, 2000]], dtype: .float32)
    logits.requiresGrad = true
    let loss = crossEntropy(logits: logits, labels: [0, 1])
    expectClose(loss, (950 + 2900) / 2, rtol: 1e-6)
    loss.backward()
    let grad = try #require(logits.grad)
    #expect(grad.dtype == .float32)
    expectClose(grad.scalars, [-0.5, 0, 0.5, 0, -0.5, 0.5], atol: 1e-7)
    #expect(logits.logSoftmax(axis: 1).scalars.allSatisfy { $0.isFinite })
  }

  /// softmax-rowwise-max-shift, https://github.com/manassharma07/crysx_nn/issues/7:
  /// each row is shifted by its own maximum, so rows far below the batch maximum work.
  @Test("softmax and cross-entropy shift each row by its own maximum")
  func rowwiseMaxShift() throws {
    let logits = leaf([1000, 1001, 998, 0, 1, -2], shape: [2, 3])
    let row: [Double] = [0.2594964603424191, 0.7053845126982412, 0.03511902695933973]
    expectClose(logits.softmax(axis: 1).scalars, row + row, rtol: 1e-12)
    let loss = crossEntropy(logits: logits, labels: [1, 0])
    expectClose(loss, 0.8490122167681864, rtol: 1e-12)
    loss.backward()
    let expected = [
      0.12974823017120954, -0.1473077436508794, 0.017559513479669865,
      -0.37025176982879043, 0.3526922563491206, 0.017559513479669865,
    ]
    expectClose(try #require(logits.grad).scalars, expected, rtol: 1e-12)
  }

  /// sigmoid-grad-formula-swift, https://github.com/tensorflow/swift-apis/pull/341:
  /// σ′ = σ(x)(1 − σ(x)) from the output, not x(1 − x).
  @Test("the gradient of Σ sigmoid(x) is σ(x)(1 − σ(x))", arguments: DType.allCases)
  func sigmoidGradient(_ dtype: DType) throws {
    var x = Tensor([-2, 0, 0.7, 2], dtype: dtype)
    x.requiresGrad = true
    x.sigmoid().sum().backward()
    let expected = [0.1049935854035065, 0.25, 0.22171287329310904, 0.10499358540350662]
    let rtol = dtype == .float64 ? 1e-12 : 1e-6
    expectClose(try #require(x.grad).scalars, expected, rtol: rtol)
  }

  /// The kind of sigmoid-grad-formula-swift ("sigmoid/BCE at extreme logits"): at huge inputs
  /// σ′ = σ(1 − σ) underflows to 0 or a tiny positive number, never NaN.
  @Test("sigmoid's gradient at extreme inputs is finite and tiny", arguments: DType.allCases)
  func sigmoidGradientExtremes(_ dtype: DType) throws {
    var x = Tensor([-1000, -100, 100, 1000], dtype: dtype)
    x.requiresGrad = true
    x.sigmoid().sum().backward()
    let grad = try #require(x.grad).scalars
    #expect(grad.allSatisfy { $0.isFinite && $0 >= 0 && $0 < 1e-40 })
  }

  /// sqrt-grad-magnitude-swift, https://github.com/tensorflow/swift/issues/161:
  /// ∇‖v‖ = v/‖v‖, and sqrt′(x) = 1/(2√x). (The case's forward-mode part, A_jvp, needs a
  /// jvp, which Descent does not have yet.)
  @Test(
    "the magnitude's gradient is v/‖v‖",
    arguments: [
      ([3.0, 4], 5.0, [0.6, 0.8]),
      ([1, 1], 1.4142135623730951, [0.7071067811865475, 0.7071067811865475]),
    ])
  func magnitudeGradient(_ v: [Double], _ value: Double, _ grad: [Double]) throws {
    let x = leaf(v)
    let m = (x * x).sum().sqrt()
    expectClose(m, value, rtol: 1e-12)
    m.backward()
    expectClose(try #require(x.grad).scalars, grad, rtol: 1e-12)
  }

  /// sqrt-grad-magnitude-swift, part C: sqrt′ at 9 and 0.25 is 1/6 and 1.
  @Test("sqrt′ at 9 and 0.25 is 1/6 and 1", arguments: DType.allCases)
  func sqrtDerivative(_ dtype: DType) throws {
    var x = Tensor([9, 0.25], dtype: dtype)
    x.requiresGrad = true
    x.sqrt().sum().backward()
    let rtol = dtype == .float64 ? 1e-12 : 1e-6
    expectClose(try #require(x.grad).scalars, [0.16666666666666666, 1], rtol: rtol)
  }

  /// pow-grad-negative-base, https://github.com/tenstorrent/tt-metal/issues/54439:
  /// d/dx xⁿ = n·xⁿ⁻¹ is finite and exact for a negative base and integer n.
  @Test(
    "xⁿ with a negative base and integer n has the exact value and gradient",
    arguments: [
      (-3.0, 2.0, 9.0, -6.0), (-2, 3, -8, 12), (-5, 1, -5, 1), (-1.5, 4, 5.0625, -13.5),
      (0, 2, 0, 0),
    ])
  func powNegativeBase(_ x: Double, _ n: Double, _ value: Double, _ grad: Double) throws {
    let base = leaf([x], shape: [])
    let y = base.pow(n)
    expectClose(y, value, rtol: 1e-12)
    y.backward()
    expectClose(try #require(base.grad), grad, rtol: 1e-12)
  }

  /// pow-grad-negative-base, parts B and C: with both operands differentiable, ∂/∂b needs
  /// log a and is NaN for a < 0 (as in PyTorch) but must not poison ∂/∂a; a non-integer
  /// exponent of a negative base gives NaN.
  @Test("aᵇ at a = −2, b = −3: ∂/∂a = −0.1875 and ∂/∂b is NaN; (−4)^0.5 is NaN")
  func powBothOperands() throws {
    let a = leaf([-2], shape: [])
    let b = leaf([-3], shape: [])
    let y = a.pow(b)
    expectClose(y, -0.125, rtol: 1e-12)
    y.backward()
    expectClose(try #require(a.grad), -0.1875, rtol: 1e-12)
    #expect(try #require(b.grad).item.isNaN)
    let c = leaf([-4], shape: [])
    let root = c.pow(0.5)
    #expect(root.item.isNaN)
    root.backward()
    #expect(try #require(c.grad).item.isNaN)
  }

  /// pow-zero-base-exponent-grad, https://github.com/ml-explore/mlx/issues/628:
  /// f(a, b) = (a − b)ᵇ where a − b = 0 uses uᵇ·ln u = 0 at u = 0, so no NaN.
  @Test(
    "(a − b)ᵇ at a zero base has finite gradients for both operands",
    arguments: [(1.0, [5.0, 5], [-5.0, -5]), (2.0, [0.0, 0], [0.0, 0])])
  func powZeroBase(_ value: Double, _ gradA: [Double], _ gradB: [Double]) throws {
    let a = leaf([value, value])
    let b = leaf([value, value])
    let y = (a - b).pow(b)
    #expect(y.scalars == [0, 0])
    (y * Tensor([5, 5], dtype: .float64)).sum().backward()
    expectClose(try #require(a.grad).scalars, gradA, atol: 1e-15, rtol: 1e-12)
    expectClose(try #require(b.grad).scalars, gradB, atol: 1e-15, rtol: 1e-12)
  }

  /// pow-zero-base-exponent-grad, part C: d/dy 0^y at y = 1.5 is 0, and 0^1.5 = 0.
  @Test("d/dy 0^y at y = 1.5 is 0")
  func zeroBaseExponentDerivative() throws {
    let y = leaf([1.5], shape: [])
    let p = Tensor(scalar: 0, dtype: .float64).pow(y)
    #expect(p.item == 0)
    p.backward()
    #expect(try #require(y.grad).item == 0)
  }

  /// relu-grad-at-zero, https://github.com/tensorflow/playground/issues/19:
  /// relu′(0) = 0, and the upstream factor 3 is applied.
  @Test("L = Σ 3·relu(x) at [−1.5, 0, 2] is 6 with gradient [0, 0, 3]")
  func reluAtZero() throws {
    let x = leaf([-1.5, 0, 2])
    let loss = (3 * x.relu()).sum()
    #expect(loss.item == 6)
    loss.backward()
    #expect(try #require(x.grad).scalars == [0, 0, 3])
  }

  /// abs-grad-at-zero, https://github.com/pytorch/pytorch/issues/7172, the abs(a − b).sum()
  /// part (Descent has no L1 loss to compare with, and no forward mode yet).
  @Test("L = Σ |a − b| at a zero residual has gradient 0 there")
  func absAtZero() throws {
    let a = leaf([-2, 0, 0.5])
    let b = Tensor([0, 0, 0], dtype: .float64)
    let loss = (a - b).abs().sum()
    #expect(loss.item == 2.5)
    loss.backward()
    #expect(try #require(a.grad).scalars == [-1, 0, 1])
  }

  /// broadcast-bias-row-grad, https://github.com/tracel-ai/burn/issues/181:
  /// Y = X·W + B with X·W [2, 1] and B [1, 3] broadcasting to [2, 3]; L = Σ (Y − T)², T [2, 1].
  @Test(
    "gradients of broadcast operands are summed back to their own shapes", arguments: DType.allCases
  )
  func broadcastBiasRow(_ dtype: DType) throws {
    let x = Tensor([[1, 2, 3], [4, 5, 6]], dtype: dtype)
    var w = Tensor([[0.1], [0.2], [0.3]], dtype: dtype)
    var b = Tensor([[0.01, 0.02, 0.03]], dtype: dtype)
    w.requiresGrad = true
    b.requiresGrad = true
    let t = Tensor([[1], [2]], dtype: dtype)
    let y = x.matmul(w) + b
    let rtol = dtype == .float64 ? 1e-12 : 1e-5
    expectClose(y, shape: [2, 3], [1.41, 1.42, 1.43, 3.21, 3.22, 3.23], rtol: rtol)
    let residual = y - t
    let loss = (residual * residual).sum()
    expectClose(loss, 4.9948, rtol: rtol)
    loss.backward()
    expectClose(try #require(w.grad), shape: [3, 1], [31.8, 41.64, 51.48], rtol: rtol)
    expectClose(try #require(b.grad), shape: [1, 3], [3.24, 3.28, 3.32], rtol: rtol)
  }

  /// reused-intermediate-grad, https://github.com/karpathy/micrograd/issues/2:
  /// a non-leaf used twice must collect both contributions before flowing back.
  @Test("scalar graphs that reuse an intermediate have the right derivative")
  func reusedIntermediate() throws {
    // A: y = x·x; z = y·y + y at x = 2.
    let x = leaf([2], shape: [])
    let y = x * x
    let z = y * y + y
    expectClose(z, 20, atol: 1e-12)
    z.backward()
    expectClose(try #require(x.grad), 36, atol: 1e-12)
    // B: b = a + a; c = b·b at a = 3.
    let a = leaf([3], shape: [])
    let b = a + a
    let c = b * b
    expectClose(c, 36, atol: 1e-12)
    c.backward()
    expectClose(try #require(a.grad), 24, atol: 1e-12)
    // C: u = 3x; v = x·u; w = u + v at x = 1.5.
    let x2 = leaf([1.5], shape: [])
    let u = 3 * x2
    let v = x2 * u
    let w = u + v
    expectClose(w, 11.25, atol: 1e-12)
    w.backward()
    expectClose(try #require(x2.grad), 12, atol: 1e-12)
  }

  /// loop-accumulated-param-grads, https://github.com/tensorflow/swift-apis/issues/394:
  /// r = r + q[i]·p[i] over separate parameters gives each p[i] the gradient q[i].
  @Test("a loop over separate parameters gives every parameter its gradient")
  func loopAccumulatedParameters() throws {
    let q: [Double] = [0.5, 1.5, -2, 4, 0.25, 1]
    let p = [1, -1, 2, 0.5, 3, -2].map { leaf([$0], shape: []) }
    var r = Tensor(scalar: 0, dtype: .float64)
    for i in 0..<6 { r = r + Tensor(scalar: q[i], dtype: .float64) * p[i] }
    expectClose(r, -4.25, atol: 1e-12)
    r.backward()
    for i in 0..<6 { expectClose(try #require(p[i].grad), q[i], atol: 1e-12) }
  }

  /// inplace-overwrite-saved-output, https://github.com/pytorch/pytorch/issues/9391:
  /// s = sigmoid(a); c = 3s; then s is overwritten (s[1] = 2). Descent's tensors are values,
  /// so the graph keeps the output as computed: the gradient is the correct option 2, never
  /// 3·s_mut·(1 − s_mut). `assign` is the only in-place write (optimizers use it).
  @Test("overwriting a saved output after the forward pass leaves the gradient correct")
  func overwriteSavedOutput() throws {
    let a = leaf([0.5, 1, 2])
    var s = a.sigmoid()
    let c = 3 * s
    var mutated = s.scalars
    mutated[1] = 2
    s.assign(Tensor(mutated, dtype: .float64))
    #expect(s.scalars[1] == 2)
    let loss = c.sum()
    expectClose(loss, 6.702944963429227, rtol: 1e-12)
    loss.backward()
    let expected = [0.7050111366047835, 0.5898357997244456, 0.31498075621051985]
    expectClose(try #require(a.grad).scalars, expected, rtol: 1e-12)
  }

  /// inplace-overwrite-saved-output, the same kind through the public API: an optimizer step
  /// between the forward pass and a second backward() does not change the saved values.
  @Test("an SGD step between forward and backward does not change the recorded graph")
  func stepBetweenForwardAndBackward() throws {
    var model = Linear(
      weight: Tensor([[2, -1]], dtype: .float64), bias: Tensor([0.5], dtype: .float64))
    let x = Tensor([[1, 3]], dtype: .float64)
    let y = model(x).sigmoid()
    let loss = (y * y).sum()
    loss.backward()
    let first = try #require(model.weight.grad).scalars
    var sgd = SGD(learningRate: 0.5)
    sgd.step(&model)
    #expect(model.weight.scalars != [2, -1])
    model.zeroGrad()
    loss.backward()
    #expect(try #require(model.weight.grad).scalars == first)
  }

  /// mean-of-empty, https://github.com/pytorch/pytorch/issues/141057:
  /// reductions over zero elements: the mean is NaN, the sum 0, gradients are empty.
  @Test("the mean of nothing is NaN, its gradient is empty, and MSE of an empty batch is NaN")
  func meanOfEmpty() throws {
    let x = leaf([], shape: [0])
    let mean = x.mean()
    #expect(mean.item.isNaN)
    #expect(x.sum().item == 0)
    mean.backward()
    let grad = try #require(x.grad)
    #expect(grad.shape == [0])
    #expect(grad.scalars == [])
    let rows = Tensor.zeros(shape: [0, 3], dtype: .float64)
    let columns = rows.mean(axis: 0)
    #expect(columns.scalars.count == 3)
    #expect(columns.scalars.allSatisfy { $0.isNaN })
    #expect(rows.mean(axis: 1).shape == [0])
    let empty = Tensor([], shape: [0], dtype: .float64)
    #expect(meanSquaredError(empty, empty).item.isNaN)
  }

  /// matmul-shape-mismatch-message, https://github.com/tensorflow/tensorflow/issues/110513,
  /// part C: a valid product has the expected shape. Parts A and B are exit tests in
  /// ``TrapTests``.
  @Test("[2, 3] · [3, 4] is [2, 4]")
  func matmulValidShape() {
    #expect(Tensor.zeros(shape: [2, 3]).matmul(Tensor.zeros(shape: [3, 4])).shape == [2, 4])
  }

  /// grad-of-nonscalar-output-message, https://github.com/ml-explore/mlx/issues/487:
  /// with a seed [1, 1] (a weighted sum) the gradient of x² at [3, −1] is [6, −2]; an output
  /// of shape [1] counts as a scalar. The error for shape [2] is an exit test in ``TrapTests``.
  @Test("the gradient of x² with seed [1, 1] is 2x; a one-element output is a scalar")
  func nonscalarOutputWithSeed() throws {
    let x = leaf([3, -1])
    ((x * x) * Tensor([1, 1], dtype: .float64)).sum().backward()
    #expect(try #require(x.grad).scalars == [6, -2])
    let single = leaf([3])
    (single * single).backward()
    #expect(try #require(single.grad).scalars == [6])
  }
}
