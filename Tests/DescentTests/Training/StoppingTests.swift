import Testing

@testable import Descent

@Suite("Stopping rules")
struct StoppingTests {
  static func irisData() throws -> TensorDataset {
    let iris = try BundledDataset.iris.load()
    let scaler = Standardizer(fitting: iris.features, featureCount: 4, rows: Array(0..<150))
    return TensorDataset(
      inputs: Tensor(scaler.transform(iris.features, featureCount: 4), shape: [150, 4]),
      targets: Tensor(iris.targets))
  }

  @Test("early stopping stops after `patience` epochs without improvement and restores the best")
  func earlyStopping() throws {
    let data = try Self.irisData()
    // Validation labels rotated by one class: the better the model learns iris, the worse its
    // validation loss, so the best epoch is an early one.
    let rotated = TensorDataset(
      inputs: data.inputs, targets: Tensor(data.targets.scalars.map { Double((Int($0) + 1) % 3) }))
    var rng = RandomGenerator(seed: 3)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [4, 16, 3], using: &rng),
      optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .crossEntropy)
    let history = try trainer.fit(
      DataLoader(data, batchSize: 16, seed: 1), epochs: 50, validation: rotated,
      earlyStopping: EarlyStopping(patience: 3))
    let best = try #require(history.bestEpoch)
    let losses = history.validationLosses
    #expect(history.stopReason == .earlyStopping)
    #expect(history.epochs.count == best + 3)
    #expect(losses[best - 1] == losses.min())
    // The model holds the best epoch's parameters: its validation loss is that epoch's.
    #expect(abs(trainer.evaluate(rotated).loss - losses[best - 1]) < 1e-6)
  }

  @Test("a target loss stops training at the first epoch that reaches it")
  func targetLoss() throws {
    let data = try Self.irisData()
    var rng = RandomGenerator(seed: 3)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [4, 16, 3], using: &rng),
      optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .crossEntropy)
    let history = try trainer.fit(
      DataLoader(data, batchSize: 16, seed: 1), epochs: 200, targetLoss: 0.1)
    #expect(history.stopReason == .targetLossReached)
    #expect(history.trainLosses.last! <= 0.1)
    #expect(history.trainLosses.dropLast().allSatisfy { $0 > 0.1 })
    #expect(history.bestEpoch == nil)
  }

  @Test("early stopping without a validation split, or a bad patience or target, is refused")
  func invalid() {
    var config = TrainingConfiguration()
    config.earlyStoppingPatience = 0
    #expect(throws: ConfigurationError.self) { try config.validate() }
    config.earlyStoppingPatience = 3
    config.validationFraction = 0
    #expect(throws: ConfigurationError.self) { try config.validate() }
    config = TrainingConfiguration()
    config.targetLoss = -1
    #expect(throws: ConfigurationError.self) { try config.validate() }
  }
}
