import Testing

@testable import Descent

/// A weight `w` and a `bias`, each given the gradient the test chooses (as ``GradientProbe``).
private struct WeightAndBias: Module {
  var w: Tensor
  var bias: Tensor

  init(w: [Double], bias: [Double]) {
    self.w = Tensor(w, dtype: .float64)
    self.bias = Tensor(bias, dtype: .float64)
    self.w.requiresGrad = true
    self.bias.requiresGrad = true
  }

  func callAsFunction(_ input: Tensor) -> Tensor {
    (input.slice(axis: 0, 0..<w.count) * w).sum()
      + (input.slice(axis: 0, w.count..<input.count) * bias).sum()
  }

  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "w", &w)
    body(prefix + "bias", &bias)
  }

  /// One step of `optimizer` with gradients `gw` for `w` and `gb` for `bias`.
  mutating func step<O: Optimizer>(_ optimizer: inout O, _ gw: [Double], _ gb: [Double]) {
    optimizer.zeroGrad(&self)
    self(Tensor(gw + gb, dtype: .float64)).backward()
    optimizer.step(&self)
  }
}

@Suite("Parameter groups")
struct ParameterGroupTests {
  @Test("selectors match by name, prefix and suffix; the first matching group applies")
  func selectors() {
    #expect(ParameterSelector.biases.matches("0.bias"))
    #expect(!ParameterSelector.biases.matches("0.weight"))
    #expect(ParameterSelector.prefix("2.").matches("2.weight"))
    #expect(!ParameterSelector.prefix("2.").matches("12.weight"))
    #expect(ParameterSelector.names(["0.weight"]).matches("0.weight"))
    #expect(!ParameterSelector.names(["0.weight"]).matches("0.bias"))
    let groups = [
      ParameterGroup(.suffix("bias"), learningRateScale: 0.5),
      ParameterGroup(.prefix("0."), learningRateScale: 2, weightDecay: 0.3),
    ]
    let bias = groups.settings(for: "0.bias", learningRate: 0.1, weightDecay: 0.01)
    #expect(bias.learningRate == 0.05 && bias.weightDecay == 0.01)
    let weight = groups.settings(for: "0.weight", learningRate: 0.1, weightDecay: 0.01)
    #expect(weight.learningRate == 0.2 && weight.weightDecay == 0.3)
    let other = groups.settings(for: "2.weight", learningRate: 0.1, weightDecay: 0.01)
    #expect(other.learningRate == 0.1 && other.weightDecay == 0.01)
  }

  @Test("SGD: no weight decay and half the rate on the bias, by hand")
  func sgdByHand() {
    var model = WeightAndBias(w: [1, -2], bias: [3])
    var sgd = SGD(learningRate: 0.1, weightDecay: 0.5)
    sgd.parameterGroups = [ParameterGroup(.biases, learningRateScale: 0.5, weightDecay: 0)]
    model.step(&sgd, [0.2, 0.4], [1])
    // w ← w − η(g + λw) = [1 − 0.1·(0.2 + 0.5), −2 − 0.1·(0.4 − 1)].
    expectClose(model.w.scalars, [0.93, -1.94], rtol: 1e-12)
    // bias ← bias − 0.5η·g = 3 − 0.05.
    expectClose(model.bias.scalars, [2.95], rtol: 1e-12)
  }

  @Test("AdamW: the decoupled decay skips a group with weight decay 0")
  func adamWDecay() {
    var model = WeightAndBias(w: [2], bias: [2])
    var adamW = AdamW(learningRate: 0.1, weightDecay: 0.5)
    adamW.parameterGroups = [ParameterGroup(.biases, weightDecay: 0)]
    // A zero gradient gives a zero Adam step, so only the decay moves the weight.
    model.step(&adamW, [0], [0])
    expectClose(model.w.scalars, [2 * (1 - 0.1 * 0.5)], rtol: 1e-12)
    #expect(model.bias.scalars == [2])
  }

  @Test(
    "every optimizer: a group with scale 0 freezes its parameters, a group of defaults changes nothing",
    arguments: OptimizerKind.allCases)
  func freezeAndDefaults(kind: OptimizerKind) {
    func run(_ groups: [ParameterGroup]) -> WeightAndBias {
      var model = WeightAndBias(w: [1, -2], bias: [0.5])
      var optimizer = kind.make(learningRate: 0.05, momentum: 0.9, weightDecay: 0.01)
      optimizer.parameterGroups = groups
      for step in 0..<5 {
        let s = Double(step)
        model.step(&optimizer, [0.3 + s, -0.2 * s], [1 - s])
      }
      return model
    }
    let plain = run([])
    let defaults = run([ParameterGroup(.biases)])
    #expect(defaults.w.scalars == plain.w.scalars)
    #expect(defaults.bias.scalars == plain.bias.scalars)
    let frozen = run([ParameterGroup(.biases, learningRateScale: 0, weightDecay: 0)])
    #expect(frozen.bias.scalars == [0.5])
    #expect(frozen.w.scalars == plain.w.scalars)
  }

  @Test("train --no-bias-decay puts the biases in a group without decay")
  func trainingRun() throws {
    var config = TrainingConfiguration()
    config.decayBiases = false
    config.weightDecay = 0.01
    config.epochs = 1
    config.hiddenSizes = [8]
    var run = try TrainingRun(dataset: try BundledDataset.iris.load(), configuration: config)
    try run.run()
    #expect(run.trainer?.optimizer.parameterGroups == [ParameterGroup(.biases, weightDecay: 0)])
  }
}
