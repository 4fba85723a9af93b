import Testing

@testable import Descent

@Suite("Trainer")
struct TrainerTests {
  static func configuration(
    epochs: Int = 30, learningRate: Double = 0.05, seed: UInt64 = 0
  ) -> TrainingConfiguration {
    var config = TrainingConfiguration()
    config.hiddenSizes = [16]
    config.epochs = epochs
    config.learningRate = learningRate
    config.seed = seed
    return config
  }

  @Test("iris trains to at least 90% test accuracy with a fixed seed")
  func irisAccuracy() throws {
    var trainer = try Trainer(
      dataset: try BundledDataset.iris.load(), configuration: Self.configuration())
    var reports: [EpochReport] = []
    let summary = try trainer.run { reports.append($0) }
    #expect(reports.map(\.epoch) == Array(1...30))
    #expect(summary.task == .classification(classCount: 3))
    #expect(summary.layerSizes == [4, 16, 3])
    #expect(summary.trainCount == 120 && summary.testCount == 30)
    let accuracy = try #require(summary.final.testAccuracy)
    #expect(accuracy >= 0.9)
    #expect(summary.testCorrect == Int((accuracy * 30).rounded()))
    // The loss falls: the last epoch's training loss is well below the first's.
    #expect(reports[29].trainLoss < reports[0].trainLoss / 2)
  }

  @Test("the same seed gives the same numbers; another seed gives others")
  func reproducible() throws {
    let dataset = try BundledDataset.wine.load()
    func losses(seed: UInt64) throws -> [Double] {
      var trainer = try Trainer(
        dataset: dataset, configuration: Self.configuration(epochs: 5, seed: seed))
      var values: [Double] = []
      try trainer.run { values += [$0.trainLoss, $0.testLoss, $0.testAccuracy ?? -1] }
      return values
    }
    let first = try losses(seed: 7)
    #expect(try losses(seed: 7) == first)
    #expect(try losses(seed: 8) != first)
  }

  @Test("the epoch's train loss is the batch losses weighted by batch size")
  func weightedTrainLoss() throws {
    // 30 rows, test fraction 0.2 → 24 training rows; batch 10 → batches of 10, 10, 4. With a
    // learning rate too small to move the weights, every batch loss is the loss of the fixed
    // initial model, so the weighted mean equals the full training split's loss.
    let rows = (0..<30).map { i in [Double(i % 7), Double(i % 5), Double(i % 3)] }
    let dataset = Dataset(
      name: "toy", featureNames: ["a", "b", "c"], targetName: "y",
      features: rows.flatMap { $0 }, targets: rows.map { $0[0] * 2 - $0[1] + 0.5 * $0[2] })
    var config = Self.configuration(epochs: 1, learningRate: 1e-300)
    config.batchSize = 10
    config.task = .regression
    config.momentum = 0
    var trainer = try Trainer(dataset: dataset, configuration: config)
    let summary = try trainer.run()
    let model = try #require(trainer.model)
    // Recompute the training-split MSE of the (unchanged) model in target units.
    let train = try #require(trainer.split?.train)
    #expect(train.count == 24)
    let scaler = Standardizer(fitting: dataset.features, featureCount: 3, rows: train)
    let targetScaler = Standardizer(fitting: dataset.targets, featureCount: 1, rows: train)
    let x = Tensor(scaler.transform(dataset.features, featureCount: 3), shape: [30, 3])
      .gatherRows(train)
    let predictions = targetScaler.inverseTransform(
      withoutGradients { model(x) }.scalars, featureCount: 1)
    let mse = RegressionMetrics(
      predictions: predictions, targets: train.map { dataset.targets[$0] })
    #expect(
      isApproximatelyEqual(summary.final.trainLoss, mse.meanSquaredError, atol: 0, rtol: 1e-4))
  }

  @Test("regression reports MSE and R² in the target's units")
  func regressionUnits() throws {
    var config = Self.configuration(epochs: 40, learningRate: 0.01)
    config.task = .auto
    var trainer = try Trainer(dataset: try BundledDataset.diabetes.load(), configuration: config)
    #expect(trainer.task == .regression)
    let summary = try trainer.run()
    let mse = try #require(summary.final.testMSE)
    let r2 = try #require(summary.final.testR2)
    #expect(summary.final.testLoss == mse)
    // The progression score has variance ≈ 5900; a model that learned something lands far
    // below that (OLS gets ≈ 2900 on all rows) and has R² well above 0.
    #expect(mse > 1500 && mse < 5000)
    #expect(r2 > 0.2 && r2 < 0.8)
    #expect(summary.final.testAccuracy == nil)
  }

  @Test("a learning rate that is far too large stops with a divergence error")
  func divergence() throws {
    var trainer = try Trainer(
      dataset: try BundledDataset.iris.load(),
      configuration: Self.configuration(epochs: 20, learningRate: 1e4))
    var reported: [EpochReport] = []
    do {
      try trainer.run { reported.append($0) }
      Issue.record("training with learning rate 1e4 did not diverge")
    } catch {
      guard case .diverged(_, _, let loss, let learningRate) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(!loss.isFinite)
      #expect(learningRate == 1e4)
      #expect(error.description.contains("smaller learning rate"))
    }
    #expect(reported.allSatisfy { $0.trainLoss.isFinite && $0.testLoss.isFinite })
    #expect(reported.allSatisfy { !$0.json.contains("nan") && !$0.json.contains("inf") })
  }

  @Test(
    "settings out of range are refused before training",
    arguments: [
      (\TrainingConfiguration.learningRate, 0.0, "learning rate"),
      (\TrainingConfiguration.learningRate, -1.0, "learning rate"),
      (\TrainingConfiguration.learningRate, .nan, "learning rate"),
      (\TrainingConfiguration.momentum, 1.0, "momentum"),
      (\TrainingConfiguration.testFraction, 0.0, "test fraction"),
      (\TrainingConfiguration.testFraction, 1.0, "test fraction"),
      (\TrainingConfiguration.weightDecay, -0.1, "weight decay"),
    ] as [(WritableKeyPath<TrainingConfiguration, Double> & Sendable, Double, String)])
  func invalidDoubles(
    setting: WritableKeyPath<TrainingConfiguration, Double> & Sendable, value: Double, name: String
  ) throws {
    var config = TrainingConfiguration()
    config[keyPath: setting] = value
    #expect(throws: ConfigurationError.self) { try config.validate() }
    do {
      try config.validate()
    } catch {
      #expect(error.description.contains(name))
      #expect(error.description.contains("\(value)"))
    }
  }

  @Test(
    "epochs, batch size and hidden sizes must be positive",
    arguments: [
      (\TrainingConfiguration.epochs, 0, "epochs"),
      (\TrainingConfiguration.epochs, -3, "epochs"),
      (\TrainingConfiguration.batchSize, 0, "batch size"),
    ] as [(WritableKeyPath<TrainingConfiguration, Int> & Sendable, Int, String)])
  func invalidIntegers(
    setting: WritableKeyPath<TrainingConfiguration, Int> & Sendable, value: Int, name: String
  ) throws {
    var config = TrainingConfiguration()
    config[keyPath: setting] = value
    #expect(throws: ConfigurationError.invalid("\(name) must be a positive integer, got \(value)"))
    {
      try config.validate()
    }
  }

  @Test("a constant target cannot be classified")
  func singleClass() throws {
    let dataset = Dataset(
      name: "flat", featureNames: ["x"], targetName: "y", features: [1, 2, 3, 4],
      targets: [1, 1, 1, 1])
    var trainer = try Trainer(dataset: dataset, configuration: Self.configuration())
    #expect(throws: TrainingError.singleClass(value: 1)) { try trainer.run() }
  }

  @Test("too few rows to split is an error, not an empty test set")
  func tooFewRows() throws {
    let dataset = Dataset(
      name: "one", featureNames: ["x"], targetName: "y", features: [1], targets: [2.5])
    var config = Self.configuration()
    config.task = .regression
    var trainer = try Trainer(dataset: dataset, configuration: config)
    #expect(throws: TrainingError.tooFewRows(rows: 1, testFraction: 0.2)) { try trainer.run() }
  }

  @Test("JSON lines carry the documented fields in order")
  func jsonFields() {
    let epoch = EpochReport(
      epoch: 3, trainLoss: 0.25, testLoss: 0.5, testAccuracy: 0.75, elapsedSeconds: 1.5)
    #expect(
      epoch.json
        == #"{"epoch":3,"train_loss":0.25,"test_loss":0.5,"test_accuracy":0.75,"elapsed_seconds":1.5}"#
    )
    let regression = EpochReport(
      epoch: 1, trainLoss: 2, testLoss: 3, testMSE: 3, testR2: -0.5, elapsedSeconds: 0.125)
    #expect(
      regression.json
        == #"{"epoch":1,"train_loss":2,"test_loss":3,"test_mse":3,"test_r2":-0.5,"elapsed_seconds":0.125}"#
    )
    #expect(JSONValue.string("a\"b\n").text == #""a\"b\n""#)
    #expect(JSONValue.number(.nan).text == "null")
  }

  @Test("a target whose every value is its own class says to use regression")
  func singletonClasses() throws {
    let dataset = Dataset(
      name: "prices", featureNames: ["rooms"], targetName: "price",
      features: [1, 2, 3, 4, 5, 6], targets: [100, 150, 210, 260, 330, 400])
    var trainer = try Trainer(dataset: dataset, configuration: Self.configuration())
    #expect(trainer.task == .classification(classCount: 6))
    #expect(throws: TrainingError.noTestRowsForClasses(classCount: 6, rows: 6)) {
      try trainer.run()
    }
    #expect(
      TrainingError.noTestRowsForClasses(classCount: 6, rows: 6).description
        .contains("--task regression"))
  }

  @Test("a network too large to allocate is refused, without overflow")
  func modelTooLarge() throws {
    var config = Self.configuration()
    config.hiddenSizes = [Int.max]
    var trainer = try Trainer(dataset: try BundledDataset.iris.load(), configuration: config)
    #expect(throws: TrainingError.modelTooLarge(layerSizes: [4, Int.max, 3], limit: 100_000_000)) {
      try trainer.run()
    }
    #expect(Trainer.parameterCount(layerSizes: [64, 128, 10]) == 64 * 128 + 128 + 128 * 10 + 10)
    #expect(Trainer.parameterCount(layerSizes: [4, Int.max / 2, 3]) == Int.max)
  }

  @Test("a target too spread out for squared errors in its units is refused")
  func hugeTarget() throws {
    let dataset = Dataset(
      name: "huge", featureNames: ["x"], targetName: "y", features: (0..<10).map(Double.init),
      targets: (0..<10).map { Double($0) * 1e200 + 0.5e200 })
    var config = Self.configuration()
    config.task = .regression
    var trainer = try Trainer(dataset: dataset, configuration: config)
    do {
      try trainer.run()
      Issue.record("expected an error")
    } catch {
      guard case .targetOutOfRange = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(error.description.contains("rescale"))
    }
  }
}
