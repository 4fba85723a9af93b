import Testing

@testable import Descent

/// ŷ = √(p·x): at p = 0 the output and the loss are finite but ∂ŷ/∂p is infinite.
private struct SquareRootModel: Module {
  var p: Tensor

  func callAsFunction(_ input: Tensor) -> Tensor { (input * p).sqrt() }

  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "p", &p)
  }
}

@Suite("Training guards: non-finite gradients, clipping, metric-based early stopping")
struct TrainingGuardTests {
  @Test("an infinite gradient with a finite loss stops before the step, naming the parameter")
  func infiniteGradient() {
    var p = Tensor.zeros(shape: [1, 1])
    p.requiresGrad = true
    var trainer = Trainer(
      model: SquareRootModel(p: p), optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
    let data = TensorDataset(
      inputs: Tensor([1, 2], shape: [2, 1]), targets: Tensor([1, 1], shape: [2, 1]))
    do {
      try trainer.fit(DataLoader(data, batchSize: 2, shuffle: false), epochs: 3)
      Issue.record("training did not stop")
    } catch {
      #expect(
        error == .gradientNotFinite(epoch: 1, batch: 1, parameter: "p", learningRate: 0.1))
      #expect(
        error.description.contains("gradient of p became NaN or infinite at epoch 1, batch 1"))
      #expect(error.description.contains("e.g. 0.01"))
    }
    #expect(trainer.model.p.scalars == [0])
  }

  @Test("clipping in fit: one SGD step moves the parameters by η · maxNorm · ‖g‖/(‖g‖ + 1e-6)")
  func clipping() throws {
    var rng = RandomGenerator(seed: 4)
    let model = Sequential.multilayerPerceptron(sizes: [4, 8, 3], using: &rng)
    let data = try StoppingTests.irisData()
    // The unclipped gradient of the first batch, for its norm.
    let probe = model
    probe.zeroGrad()
    let loader = DataLoader(data, batchSize: 150, shuffle: false)
    let batch = loader.batches(epoch: 1).first!
    LossFunction.crossEntropy(probe(batch.inputs), batch.targets).backward()
    let norm = gradientNorm(probe)
    #expect(norm > 0.1)
    var trainer = Trainer(model: model, optimizer: SGD(learningRate: 1), loss: .crossEntropy)
    try trainer.fit(loader, epochs: 1, clipGradientNorm: 0.1, divergenceFactor: nil)
    var squared = 0.0
    for (before, after) in zip(model.namedParameters, trainer.model.namedParameters) {
      for (a, b) in zip(before.tensor.scalars, after.tensor.scalars) {
        squared += (a - b) * (a - b)
      }
    }
    #expect(abs(squared.squareRoot() - 0.1 * norm / (norm + 1e-6)) < 1e-6)
  }

  @Test("early stopping on accuracy keeps the epoch with the highest validation accuracy")
  func accuracySelection() throws {
    let data = try StoppingTests.irisData()
    var rng = RandomGenerator(seed: 5)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [4, 4, 3], using: &rng),
      optimizer: SGD(learningRate: 0.02), loss: .crossEntropy)
    let validation = data.subset(Array(stride(from: 0, to: 150, by: 3)))
    let history = try trainer.fit(
      DataLoader(data, batchSize: 16, seed: 1), epochs: 40, validation: validation,
      earlyStopping: EarlyStopping(patience: 40, metric: .accuracy))
    let accuracies = history.epochs.map { $0.validation!.accuracy! }
    let best = try #require(history.bestEpoch)
    #expect(history.selectionMetric == .accuracy)
    // The first epoch with the highest accuracy, and the model holds its parameters.
    #expect(best == accuracies.firstIndex(of: accuracies.max()!)! + 1)
    #expect(trainer.evaluate(validation).accuracy == accuracies[best - 1])
    #expect(accuracies.max()! > accuracies.first!)
  }

  @Test("metrics are minimized or maximized as they mean; a metric the task lacks is refused")
  func metrics() throws {
    #expect(ValidationMetric.accuracy.improves(0.9, on: 0.8))
    #expect(!ValidationMetric.loss.improves(0.9, on: 0.8))
    #expect(ValidationMetric.r2.isMaximized && !ValidationMetric.mae.isMaximized)
    var config = TrainingConfiguration()
    config.earlyStoppingPatience = 2
    config.earlyStoppingMetric = .accuracy
    #expect(throws: ConfigurationError.self) {
      try TrainingRun(dataset: try BundledDataset.diabetes.load(), configuration: config)
    }
    config.earlyStoppingMetric = .r2
    #expect(throws: ConfigurationError.self) {
      try TrainingRun(dataset: try BundledDataset.iris.load(), configuration: config)
    }
  }
}
