import Descent
import Testing

/// The library training API as a user calls it (plain `import Descent`).
@Suite("Trainer")
struct TrainerTests {
  static func irisSplits() throws -> (train: TensorDataset, test: TensorDataset) {
    let iris = try BundledDataset.iris.load()
    var rng = RandomGenerator(seed: 0)
    let labels = iris.targets.map { Int($0) }
    let (trainRows, testRows) = trainTestSplit(
      count: iris.rowCount, testFraction: 0.2, stratifyBy: labels, using: &rng)
    let scaler = Standardizer(fitting: iris.features, featureCount: 4, rows: trainRows)
    let all = TensorDataset(
      inputs: Tensor(scaler.transform(iris.features, featureCount: 4), shape: [150, 4]),
      targets: Tensor(iris.targets))
    return (all.subset(trainRows), all.subset(testRows))
  }

  @Test("fit, evaluate and predict train iris and report every epoch and step")
  func fitIris() throws {
    let (train, test) = try Self.irisSplits()
    var rng = RandomGenerator(seed: 1)
    let model = Sequential.multilayerPerceptron(sizes: [4, 16, 3], using: &rng)
    var trainer = Trainer(
      model: model, optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .crossEntropy)
    var steps: [StepReport] = []
    let history = try trainer.fit(
      DataLoader(train, batchSize: 16, seed: 2), epochs: 30, validation: test,
      onStep: { steps.append($0) })
    #expect(history.epochs.count == 30)
    #expect(steps.count == 30 * 8)  // 120 rows in batches of 16: 7 full and one of 8
    #expect(steps.last?.step == 240)
    #expect(history.trainLosses.last! < history.trainLosses.first! / 3)
    let evaluation = trainer.evaluate(test)
    #expect(try #require(evaluation.accuracy) >= 0.9)
    #expect(evaluation.loss == history.validationLosses.last)
    let predicted = trainer.predictClasses(test.inputs)
    #expect(predicted.count == 30)
    let correct = zip(predicted, test.labels).filter { $0 == $1 }.count
    #expect(Double(correct) / 30 == evaluation.accuracy)
    let probabilities = trainer.predictProbabilities(test.inputs)
    for row in probabilities { #expect(abs(row.reduce(0, +) - 1) < 1e-5) }
  }

  @Test("stopWhen ends training early, after the epoch that satisfied it")
  func stopWhen() throws {
    let (train, _) = try Self.irisSplits()
    var rng = RandomGenerator(seed: 1)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [4, 8, 3], using: &rng),
      optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .crossEntropy)
    let history = try trainer.fit(
      DataLoader(train, batchSize: 16), epochs: 100, stopWhen: { $0.trainLoss < 0.3 })
    #expect(history.epochs.count < 100)
    #expect(history.trainLosses.last! < 0.3)
    #expect(history.trainLosses.dropLast().allSatisfy { $0 >= 0.3 })
  }

  @Test("a diverging fit throws before the non-finite loss reaches the parameters")
  func divergence() throws {
    let (train, _) = try Self.irisSplits()
    var rng = RandomGenerator(seed: 1)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [4, 8, 3], using: &rng),
      optimizer: SGD(learningRate: 1e6), loss: .crossEntropy)
    #expect(throws: TrainingError.self) {
      try trainer.fit(DataLoader(train, batchSize: 16), epochs: 50)
    }
    #expect(trainer.model.parameters.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
  }
}
