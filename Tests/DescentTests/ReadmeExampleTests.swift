import Descent
import Testing

/// The library example in README.md, kept here so that it compiles against the public API
/// (plain `import Descent`) and does what it says.
@Suite("README example")
struct ReadmeExampleTests {
  @Test("the gradient of sum(x * w) with respect to w is x")
  func gradient() {
    var w = Tensor([0.5, -1, 2], dtype: .float64)
    w.requiresGrad = true
    let x = Tensor([1, 2, 3], dtype: .float64)
    let y = (x * w).sum()
    y.backward()
    #expect(w.grad?.scalars == [1.0, 2.0, 3.0])
  }

  @Test("the Trainer example trains iris in under 15 lines to about 0.97 test accuracy")
  func trainer() throws {
    let iris = try BundledDataset.iris.load()
    var rng = RandomGenerator(seed: 0)
    let (trainRows, testRows) = trainTestSplit(
      count: iris.rowCount, testFraction: 0.2, stratifyBy: iris.targets.map { Int($0) }, using: &rng
    )
    let scaler = Standardizer(fitting: iris.features, featureCount: 4, rows: trainRows)
    let data = TensorDataset(
      inputs: Tensor(scaler.transform(iris.features, featureCount: 4), shape: [150, 4]),
      targets: Tensor(iris.targets))
    let model = Sequential.multilayerPerceptron(sizes: [4, 16, 3], activation: .tanh, using: &rng)
    var trainer = Trainer(
      model: model, optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .crossEntropy)
    let history = try trainer.fit(DataLoader(data.subset(trainRows), batchSize: 16), epochs: 60)
    let accuracy = try #require(trainer.evaluate(data.subset(testRows)).accuracy)
    print(history.trainLosses.last!, accuracy)
    #expect(history.trainLosses.last! < 0.1)
    #expect(accuracy >= 0.93)
    #expect(model.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
  }
}
