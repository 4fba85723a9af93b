import Descent
import Testing

@Suite("Linear layer: y = x·Wᵀ + b")
struct LinearTests {
  @Test(
    "the output is [batch, outputSize]; weight is [out, in] and bias [out], both trainable",
    arguments: [(4, 3, 8), (1, 1, 20), (5, 2, 1)])
  func shapes(_ inputSize: Int, _ outputSize: Int, _ batch: Int) {
    var rng = RandomGenerator(seed: 0)
    let layer = Linear(inputSize: inputSize, outputSize: outputSize, using: &rng)
    #expect(layer.inputSize == inputSize)
    #expect(layer.outputSize == outputSize)
    #expect(layer.weight.shape == [outputSize, inputSize])
    #expect(layer.bias.shape == [outputSize])
    #expect(layer.weight.requiresGrad && layer.bias.requiresGrad)
    #expect(layer.bias.scalars.allSatisfy { $0 == 0 })
    #expect(layer(Tensor.zeros(shape: [batch, inputSize])).shape == [batch, outputSize])
    #expect(layer.parameterCount == outputSize * inputSize + outputSize)
  }

  @Test("its parameters are named weight and bias, in that order")
  func names() {
    var rng = RandomGenerator(seed: 0)
    let layer = Linear(inputSize: 2, outputSize: 3, using: &rng)
    #expect(layer.namedParameters.map(\.name) == ["weight", "bias"])
    #expect(layer.namedParameters.map(\.tensor.shape) == [[3, 2], [3]])
    #expect(layer.parameters.count == 2)
  }

  @Test("the forward pass is x·Wᵀ + b, by hand")
  func forward() {
    let layer = Linear(
      weight: Tensor([[1, 2], [0, -1], [3, 0.5]], dtype: .float64),
      bias: Tensor([0.5, 0, -1], dtype: .float64))
    let x = Tensor([[1, 1], [2, -4]], dtype: .float64)
    let y = layer(x)
    #expect(y.shape == [2, 3])
    // Row 1: [1 + 2, −1, 3 + 0.5] + b; row 2: [2 − 8, 4, 6 − 2] + b.
    #expect(y.scalars == [3.5, -1, 2.5, -5.5, 4, 3])
  }

  @Test("the gradients of input, weight and bias match finite differences")
  func gradients() {
    let x = Domain.real.sample([4, 3], seed: 40)
    let w = Domain.real.sample([2, 3], seed: 41)
    let b = Domain.real.sample([2], seed: 42)
    expectGradientsMatch([x, w, b]) { args in
      weightedSum(Linear(weight: args[1], bias: args[2])(args[0]).tanh())
    }
  }

  @Test("the gradients reach the layer's own parameters, bias getting the column sums")
  func gradientsByValue() throws {
    let layer = Linear(
      weight: Tensor([[1, 2]], dtype: .float64), bias: Tensor([0], dtype: .float64))
    let x = Tensor([[1, 2], [3, 4], [5, 6]], dtype: .float64)
    layer(x).sum().backward()
    #expect(try #require(layer.weight.grad).scalars == [9, 12])
    #expect(try #require(layer.bias.grad).scalars == [3])
  }

  @Test(
    "the same seed gives the same weights; another seed different ones",
    arguments: WeightInitialization.allCases)
  func seeding(_ initialization: WeightInitialization) {
    func make(_ seed: UInt64) -> Linear {
      var rng = RandomGenerator(seed: seed)
      return Linear(inputSize: 5, outputSize: 4, initialization: initialization, using: &rng)
    }
    #expect(make(11).weight.scalars == make(11).weight.scalars)
    #expect(make(11).weight.scalars != make(12).weight.scalars)
  }

  @Test("He initialization draws N(0, 2/in): the sample std is √(2/in) within 2 %")
  func heInitialization() {
    var rng = RandomGenerator(seed: 3)
    let layer = Linear(
      inputSize: 200, outputSize: 250, initialization: .he, dtype: .float64, using: &rng)
    let w = layer.weight.scalars
    let mean = w.reduce(0, +) / Double(w.count)
    let std = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(w.count)).squareRoot()
    let expected = (2.0 / 200).squareRoot()
    #expect(Swift.abs(mean) < 0.02 * expected)
    #expect(Swift.abs(std - expected) < 0.02 * expected)
  }

  @Test("Xavier initialization draws U(−a, a) with a = √(6/(in + out)): bounded, std a/√3")
  func xavierInitialization() {
    var rng = RandomGenerator(seed: 4)
    let layer = Linear(
      inputSize: 300, outputSize: 100, initialization: .xavier, dtype: .float64, using: &rng)
    let w = layer.weight.scalars
    let a = (6.0 / 400).squareRoot()
    #expect(w.allSatisfy { Swift.abs($0) <= a })
    let std = (w.map { $0 * $0 }.reduce(0, +) / Double(w.count)).squareRoot()
    #expect(Swift.abs(std - a / 3.0.squareRoot()) < 0.02 * a)
  }

  @Test("the dtype argument sets both parameters' dtype", arguments: DType.allCases)
  func dtype(_ dtype: DType) {
    var rng = RandomGenerator(seed: 0)
    let layer = Linear(inputSize: 2, outputSize: 2, dtype: dtype, using: &rng)
    #expect(layer.weight.dtype == dtype)
    #expect(layer.bias.dtype == dtype)
    #expect(layer(Tensor.zeros(shape: [1, 2], dtype: dtype)).dtype == dtype)
  }
}
