import Descent
import Testing

/// The library example in README.md, kept here so that it compiles and does what it says.
@Suite("README example")
struct ReadmeExampleTests {
  @Test("the README's example computes x as the gradient and trains to a lower loss")
  func example() {
    var w = Tensor([0.5, -1, 2], dtype: .float64)
    w.requiresGrad = true
    let x = Tensor([1, 2, 3], dtype: .float64)
    let y = (x * w).sum()
    y.backward()
    #expect(w.grad?.scalars == [1.0, 2.0, 3.0])

    var rng = RandomGenerator(seed: 0)
    var model = Sequential(
      Linear(inputSize: 4, outputSize: 16, using: &rng), ReLU(),
      Linear(inputSize: 16, outputSize: 3, using: &rng))
    var optimizer = SGD(learningRate: 0.1, momentum: 0.9)
    let inputs = Tensor.randomNormal(shape: [8, 4], using: &rng)
    let labels = [0, 1, 2, 0, 1, 2, 0, 1]
    var losses: [Double] = []
    for _ in 0..<100 {
      optimizer.zeroGrad(&model)
      let loss = crossEntropy(logits: model(inputs), labels: labels)
      losses.append(loss.item)
      loss.backward()
      optimizer.step(&model)
    }
    #expect(model.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
    // Eight points, 16 hidden units: the network fits them almost exactly.
    #expect(losses[0] > 0.5)
    #expect(losses[99] < 0.01)
  }
}
