import Descent
import Testing

@Suite("Sequential models and multilayer perceptrons")
struct SequentialTests {
  @Test("parameters are named by layer position, skipping parameterless activations")
  func names() {
    var rng = RandomGenerator(seed: 0)
    let model = Sequential(
      Linear(inputSize: 4, outputSize: 8, using: &rng), ReLU(),
      Linear(inputSize: 8, outputSize: 3, using: &rng))
    #expect(model.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
    #expect(model.namedParameters.map(\.tensor.shape) == [[8, 4], [8], [3, 8], [3]])
    #expect(model.parameterCount == 8 * 4 + 8 + 3 * 8 + 3)
  }

  @Test("nested Sequentials prefix their names with both positions")
  func nestedNames() {
    var rng = RandomGenerator(seed: 0)
    let inner = Sequential(Linear(inputSize: 2, outputSize: 2, using: &rng), Tanh())
    let model = Sequential(inner, Linear(inputSize: 2, outputSize: 1, using: &rng))
    #expect(model.namedParameters.map(\.name) == ["0.0.weight", "0.0.bias", "1.weight", "1.bias"])
  }

  @Test("layers apply in order: relu(x·W₀ᵀ + b₀)·W₂ᵀ + b₂ by hand")
  func forward() {
    let model = Sequential(
      Linear(
        weight: Tensor([[1, -1], [2, 1]], dtype: .float64), bias: Tensor([0, -1], dtype: .float64)),
      ReLU(),
      Linear(weight: Tensor([[1, 3]], dtype: .float64), bias: Tensor([0.5], dtype: .float64)))
    let x = Tensor([[1, 2], [3, 0]], dtype: .float64)
    // Hidden: [[−1, 3], [3, 5]] → relu [[0, 3], [3, 5]]; output: [9.5, 18.5].
    let y = model(x)
    #expect(y.shape == [2, 1])
    #expect(y.scalars == [9.5, 18.5])
  }

  @Test(
    "multilayerPerceptron alternates Linear and the activation, none after the last",
    arguments: Activation.allCases)
  func multilayerPerceptron(_ activation: Activation) {
    var rng = RandomGenerator(seed: 5)
    let model = Sequential.multilayerPerceptron(
      sizes: [4, 6, 5, 3], activation: activation, dtype: .float64, using: &rng)
    #expect(model.layers.count == 5)
    #expect(
      model.namedParameters.map(\.name) == [
        "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias",
      ])
    #expect(
      model.namedParameters.map(\.tensor.shape) == [[6, 4], [6], [5, 6], [5], [3, 5], [3]])
    #expect(model(Tensor.zeros(shape: [7, 4], dtype: .float64)).shape == [7, 3])
    #expect(model.parameters.allSatisfy { $0.dtype == .float64 && $0.requiresGrad })
    // The last layer is Xavier-uniform: bounded by √(6/(5 + 3)).
    let bound = (6.0 / 8).squareRoot()
    #expect(model.parameters[4].scalars.allSatisfy { Swift.abs($0) <= bound })
  }

  @Test("the same seed builds the same model; another seed a different one")
  func seeding() {
    func weights(_ seed: UInt64) -> [[Double]] {
      var rng = RandomGenerator(seed: seed)
      let model = Sequential.multilayerPerceptron(sizes: [3, 4, 2], using: &rng)
      return model.parameters.map(\.scalars)
    }
    #expect(weights(21) == weights(21))
    #expect(weights(21) != weights(22))
  }

  @Test("the gradients of a two-layer network match finite differences")
  func gradients() {
    let x = Domain.real.sample([5, 3], seed: 50)
    let w0 = Domain.real.sample([4, 3], seed: 51)
    let b0 = Domain.real.sample([4], seed: 52)
    let w1 = Domain.real.sample([2, 4], seed: 53)
    let b1 = Domain.real.sample([2], seed: 54)
    expectGradientsMatch([w0, b0, w1, b1]) { p in
      let model = Sequential(
        Linear(weight: p[0], bias: p[1]), Tanh(), Linear(weight: p[2], bias: p[3]))
      return crossEntropy(logits: model(x), labels: [0, 1, 1, 0, 1])
    }
  }

  @Test("zeroGrad on a model clears every parameter's gradient")
  func zeroGrad() {
    var rng = RandomGenerator(seed: 0)
    let model = Sequential.multilayerPerceptron(sizes: [2, 3, 1], using: &rng)
    model(Tensor.ones(shape: [2, 2])).sum().backward()
    #expect(model.parameters.allSatisfy { $0.grad != nil })
    model.zeroGrad()
    #expect(model.parameters.allSatisfy { $0.grad == nil })
  }

  @Test("visitParameters lets a caller replace parameter values in place")
  func visitParameters() {
    var rng = RandomGenerator(seed: 0)
    var model = Sequential.multilayerPerceptron(sizes: [2, 3, 1], dtype: .float64, using: &rng)
    model.visitParameters(prefix: "") { _, tensor in
      tensor = Tensor.zeros(shape: tensor.shape, dtype: .float64)
    }
    #expect(model.parameters.allSatisfy { $0.scalars.allSatisfy { $0 == 0 } })
    #expect(model(Tensor.ones(shape: [1, 2], dtype: .float64)).scalars == [0])
  }
}
