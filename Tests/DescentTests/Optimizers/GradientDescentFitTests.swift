import Descent
import Testing

/// Small end-to-end fits: layers, losses, backward() and SGD together.
@Suite("Fitting small problems by gradient descent")
struct GradientDescentFitTests {
  @Test("a Linear(1, 1) fits y = 3x + 2 on 20 points: weight ≈ 3 and bias ≈ 2")
  func linearRegression() throws {
    let xs = (0..<20).map { -1 + 2 * Double($0) / 19 }
    let x = Tensor(xs, shape: [20, 1], dtype: .float64)
    let y = Tensor(xs.map { 3 * $0 + 2 }, shape: [20, 1], dtype: .float64)
    var rng = RandomGenerator(seed: 1)
    var model = Linear(inputSize: 1, outputSize: 1, dtype: .float64, using: &rng)
    var sgd = SGD(learningRate: 0.3)
    var loss = Tensor(scalar: .infinity, dtype: .float64)
    for _ in 0..<200 {
      sgd.zeroGrad(&model)
      loss = meanSquaredError(model(x), y)
      loss.backward()
      sgd.step(&model)
    }
    #expect(loss.item < 1e-8)
    #expect(Swift.abs(model.weight.item - 3) < 1e-3)
    #expect(Swift.abs(model.bias.item - 2) < 1e-3)
  }

  @Test(
    "a tiny MLP learns XOR to 100 % accuracy with a fixed seed",
    arguments: [Activation.tanh, .relu])
  func xor(_ activation: Activation) {
    let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype: .float64)
    let labels = [0, 1, 1, 0]
    var rng = RandomGenerator(seed: 7)
    var model = Sequential.multilayerPerceptron(
      sizes: [2, 8, 2], activation: activation, dtype: .float64, using: &rng)
    var sgd = SGD(learningRate: 0.5, momentum: 0.9)
    var loss = Tensor(scalar: .infinity, dtype: .float64)
    for _ in 0..<300 {
      sgd.zeroGrad(&model)
      loss = crossEntropy(logits: model(x), labels: labels)
      loss.backward()
      sgd.step(&model)
    }
    let predictions = withoutGradients { model(x) }.argmax(axis: 1)
    #expect(predictions == labels)
    #expect(loss.item < 0.05)
  }
}
