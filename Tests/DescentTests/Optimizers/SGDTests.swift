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

/// The problem of /work/shared/cases/make_optim_reference.py: six float32 parameters,
/// L(w) = Σ a(w − c)² + 0.1·Σ w³/3, so ∇L = 2a(w − c) + 0.1·w².
private struct ReferenceProblem: Module {
  static let w0: [Double] = [0.5, -1.5, 2.0, 0.0, 3.0, -0.25]
  static let a = Tensor([1.0, 0.5, 2.0, 0.1, 1.5, 3.0])
  static let c = Tensor([1.0, 0.0, -1.0, 2.0, 0.5, -0.5])

  var w: Tensor = {
    var w = Tensor(ReferenceProblem.w0)
    w.requiresGrad = true
    return w
  }()

  func callAsFunction(_ input: Tensor) -> Tensor {
    let d = w - Self.c
    return (Self.a * d * d).sum() + 0.1 * (w * w * w / 3).sum()
  }

  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "w", &w)
  }
}

/// Parameter values after some steps of torch.optim.SGD on ``ReferenceProblem`` (torch
/// 2.15.0, float32), copied from /work/shared/cases/optim_reference.json.
struct SGDReference: Sendable, CustomTestStringConvertible {
  let name: String
  let momentum: Double
  let weightDecay: Double
  /// (step, parameters after that step).
  let trajectory: [(Int, [Double])]
  var testDescription: String { name }

  static let all: [SGDReference] = [
    SGDReference(
      name: "sgd lr=0.05", momentum: 0, weightDecay: 0,
      trajectory: [
        (
          1,
          [
            0.5487499833106995, -1.4362499713897705, 1.3799999952316284, 0.020000001415610313,
            2.5799999237060547, -0.3253124952316284,
          ]
        ),
        (
          2,
          [
            0.5923693776130676, -1.3747515678405762, 0.8944779634475708, 0.03979800269007683,
            2.234717845916748, -0.3782478868961334,
          ]
        ),
        (
          10,
          [
            0.8097077012062073, -0.958427906036377, -0.6868765354156494, 0.1907111406326294,
            0.9238595366477966, -0.49656713008880615,
          ]
        ),
        (
          100,
          [
            0.9544469118118286, -0.010525884106755257, -1.0263338088989258, 1.0638155937194824,
            0.4919334948062897, -0.5042375326156616,
          ]
        ),
      ]),
    SGDReference(
      name: "sgd lr=0.05 momentum=0.9", momentum: 0.9, weightDecay: 0,
      trajectory: [
        (
          1,
          [
            0.5487499833106995, -1.4362499713897705, 1.3799999952316284, 0.020000001415610313,
            2.5799999237060547, -0.3253124952316284,
          ]
        ),
        (
          2,
          [
            0.6362443566322327, -1.3173764944076538, 0.33647799491882324, 0.057798001915216446,
            1.8567179441452026, -0.4460291266441345,
          ]
        ),
        (
          10,
          [
            1.2122693061828613, 0.3369964063167572, -1.3024537563323975, 0.7461062073707581,
            -0.4036225974559784, -0.36768487095832825,
          ]
        ),
        (
          100,
          [
            0.9560393691062927, 0.007302708458155394, -1.016481637954712, 1.234532117843628,
            0.47977280616760254, -0.5029090046882629,
          ]
        ),
      ]),
    SGDReference(
      name: "sgd lr=0.05 momentum=0.9 weight_decay=0.01", momentum: 0.9, weightDecay: 0.01,
      trajectory: [
        (
          1,
          [
            0.5485000014305115, -1.4355000257492065, 1.378999948501587, 0.020000001415610313,
            2.5785000324249268, -0.3251875042915344,
          ]
        ),
        (
          2,
          [
            0.6355214715003967, -1.3152605295181274, 0.3341022729873657, 0.057787999510765076,
            1.8528424501419067, -0.4456661343574524,
          ]
        ),
        (
          10,
          [
            1.2049940824508667, 0.34908029437065125, -1.2867544889450073, 0.742811381816864,
            -0.39696621894836426, -0.3669143617153168,
          ]
        ),
        (
          100,
          [
            0.9518061280250549, 0.007077773101627827, -1.0146377086639404, 1.2079548835754395,
            0.4778517484664917, -0.5020545125007629,
          ]
        ),
      ]),
  ]
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

  @Test("100 steps follow PyTorch's torch.optim.SGD trajectory", arguments: SGDReference.all)
  func pytorchReference(_ reference: SGDReference) {
    var model = ReferenceProblem()
    var sgd = SGD(
      learningRate: 0.05, momentum: reference.momentum, weightDecay: reference.weightDecay)
    let input = Tensor.zeros(shape: [])
    var checkpoints = reference.trajectory[...]
    for stepNumber in 1...100 {
      sgd.zeroGrad(&model)
      model(input).backward()
      sgd.step(&model)
      if let (at, expected) = checkpoints.first, at == stepNumber {
        checkpoints.removeFirst()
        // The README's tolerance for float32 parameters: |Δ| ≤ 1e-6 + 1e-5·|x|.
        expectClose(model.w.scalars, expected, atol: 1e-6, rtol: 1e-5)
      }
    }
    #expect(checkpoints.isEmpty)
  }
}
