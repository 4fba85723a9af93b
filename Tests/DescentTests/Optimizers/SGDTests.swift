import Descent
import Testing

/// A model that is just named parameters, for driving an optimizer by hand: its output
/// Σ c ⊙ p has gradient c with respect to p whatever p is.
private struct Parameters: Module {
  var p: Tensor
  var frozen: Tensor

  init(_ values: [Double], frozen: [Double] = [5], dtype: DType = .float64) {
    p = Tensor(values, dtype: dtype)
    p.requiresGrad = true
    self.frozen = Tensor(frozen, dtype: dtype)
    self.frozen.requiresGrad = true
  }

  func callAsFunction(_ input: Tensor) -> Tensor { (input * p).sum() }

  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "p", &p)
    body(prefix + "frozen", &frozen)
  }
}

@Suite("Stochastic gradient descent")
struct SGDTests {
  /// One step of `sgd` on `model` after a backward pass whose gradient for `p` is `c`.
  private func step(_ sgd: inout SGD, _ model: inout Parameters, gradient c: [Double]) {
    sgd.zeroGrad(&model)
    model(Tensor(c, dtype: model.p.dtype)).backward()
    sgd.step(&model)
  }

  @Test("one plain step is p − η·∇")
  func plainStep() {
    var model = Parameters([1, -2])
    var sgd = SGD(learningRate: 0.1)
    step(&sgd, &model, gradient: [0.5, 1])
    // [1 − 0.05, −2 − 0.1].
    expectClose(model.p.scalars, [0.95, -2.1], rtol: 1e-15)
  }

  @Test("weight decay adds λ·p to the gradient: p − η(∇ + λp)")
  func weightDecay() {
    var model = Parameters([1, -2])
    var sgd = SGD(learningRate: 0.1, weightDecay: 0.1)
    step(&sgd, &model, gradient: [0.5, 1])
    // g = [0.5 + 0.1, 1 − 0.2] = [0.6, 0.8]; p = [1 − 0.06, −2 − 0.08].
    expectClose(model.p.scalars, [0.94, -2.08], rtol: 1e-15)
  }

  @Test("momentum keeps a buffer b = μ·b + g (b = g at the first step) and steps by η·b")
  func momentumTwoSteps() {
    var model = Parameters([1, -2])
    var sgd = SGD(learningRate: 0.1, momentum: 0.9)
    step(&sgd, &model, gradient: [0.5, 1])
    // Step 1: b = [0.5, 1]; p = [0.95, −2.1].
    expectClose(model.p.scalars, [0.95, -2.1], rtol: 1e-15)
    expectClose(sgd.momentumBuffers["p"]?.scalars ?? [], [0.5, 1], rtol: 1e-15)
    step(&sgd, &model, gradient: [0.5, 1])
    // Step 2: b = 0.9·[0.5, 1] + [0.5, 1] = [0.95, 1.9]; p = [0.95 − 0.095, −2.1 − 0.19].
    expectClose(sgd.momentumBuffers["p"]?.scalars ?? [], [0.95, 1.9], rtol: 1e-15)
    expectClose(model.p.scalars, [0.855, -2.29], rtol: 1e-15)
  }

  @Test("momentum with weight decay folds λ·p into g before the buffer, over two steps")
  func momentumWithWeightDecay() {
    var model = Parameters([1, -2])
    var sgd = SGD(learningRate: 0.1, momentum: 0.5, weightDecay: 0.2)
    step(&sgd, &model, gradient: [1, 1])
    // g = [1.2, 0.6] = b; p = [0.88, −2.06].
    expectClose(model.p.scalars, [0.88, -2.06], rtol: 1e-15)
    step(&sgd, &model, gradient: [1, 1])
    // g = [1 + 0.176, 1 − 0.412] = [1.176, 0.588]; b = [0.6 + 1.176, 0.3 + 0.588].
    expectClose(sgd.momentumBuffers["p"]?.scalars ?? [], [1.776, 0.888], rtol: 1e-14)
    expectClose(model.p.scalars, [0.88 - 0.1776, -2.06 - 0.0888], rtol: 1e-14)
  }

  @Test("dampening scales the gradient added to the buffer after the first step by 1 − τ")
  func dampening() {
    var model = GradientProbe([1, -2])
    var sgd = SGD(learningRate: 0.1, momentum: 0.5, dampening: 0.5)
    model.step(&sgd, gradient: [1, 1])
    // Step 1: b = g = [1, 1] (no dampening); p = [0.9, −2.1].
    expectClose(model.p.scalars, [0.9, -2.1], rtol: 1e-15)
    model.step(&sgd, gradient: [1, 1])
    // Step 2: b = 0.5·1 + 0.5·1 = 1; p = [0.8, −2.2].
    expectClose(sgd.momentumBuffers["p"]?.scalars ?? [], [1, 1], rtol: 1e-15)
    expectClose(model.p.scalars, [0.8, -2.2], rtol: 1e-15)
  }

  @Test("Nesterov momentum steps by η·(g + μ·b)")
  func nesterov() {
    var model = GradientProbe([1, -2])
    var sgd = SGD(learningRate: 0.1, momentum: 0.5, nesterov: true)
    model.step(&sgd, gradient: [1, 1])
    // Step 1: b = 1; step 1 + 0.5 = 1.5; p = [0.85, −2.15].
    expectClose(model.p.scalars, [0.85, -2.15], rtol: 1e-15)
    model.step(&sgd, gradient: [1, 1])
    // Step 2: b = 0.5 + 1 = 1.5; step 1 + 0.75 = 1.75; p = [0.675, −2.325].
    expectClose(model.p.scalars, [0.675, -2.325], rtol: 1e-14)
  }

  @Test("parameters without a gradient are left alone, with no momentum buffer")
  func noGradientUntouched() {
    var model = Parameters([1, -2], frozen: [5])
    var sgd = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.5)
    step(&sgd, &model, gradient: [0.5, 1])
    #expect(model.frozen.grad == nil)
    #expect(model.frozen.scalars == [5])
    #expect(sgd.momentumBuffers["frozen"] == nil)
    #expect(sgd.momentumBuffers["p"] != nil)
  }

  @Test(
    "a step keeps parameters as leaves with their gradients and dtype", arguments: DType.allCases)
  func keepsLeaves(_ dtype: DType) {
    var model = Parameters([1, -2], dtype: dtype)
    var sgd = SGD(learningRate: 0.1)
    step(&sgd, &model, gradient: [0.5, 1])
    #expect(model.p.isLeaf && model.p.requiresGrad)
    #expect(model.p.dtype == dtype)
    #expect(model.p.grad?.scalars == [0.5, 1])
    sgd.zeroGrad(&model)
    #expect(model.p.grad == nil)
  }

  @Test("steps on a Linear layer update weight and bias by their gradients")
  func linearLayer() throws {
    var model = Linear(
      weight: Tensor([[1, 2]], dtype: .float64), bias: Tensor([0], dtype: .float64))
    let x = Tensor([[1, 2], [3, 4], [5, 6]], dtype: .float64)
    model(x).sum().backward()
    var sgd = SGD(learningRate: 0.01)
    sgd.step(&model)
    // ∇W = [9, 12], ∇b = [3].
    expectClose(model.weight.scalars, [0.91, 1.88], rtol: 1e-15)
    expectClose(model.bias.scalars, [-0.03], rtol: 1e-15)
  }
}
