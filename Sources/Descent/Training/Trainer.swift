/// Trains a multi-layer perceptron on a dataset: the whole path from rows to a tested model.
///
/// The run, in order:
/// 1. the task is decided (``TaskSelection``); class targets are mapped to indices;
/// 2. a seeded train/test split, stratified by class for classification;
/// 3. features are standardized with statistics of the training split only (regression
///    targets too, and every reported figure is converted back to the target's units);
/// 4. an MLP `[features] + hiddenSizes + [classes or 1]` is trained by SGD on shuffled
///    mini-batches (softmax cross-entropy, or mean squared error);
/// 5. after each epoch the test split is evaluated and reported.
///
/// Every random draw comes from generators seeded by ``TrainingConfiguration/seed``, so equal
/// configurations give equal results.
public struct Trainer: Sendable {
  /// The run's settings.
  public let configuration: TrainingConfiguration
  /// The data, all rows.
  public let dataset: Dataset

  /// The trained model, after ``run(onEpoch:)``.
  public private(set) var model: Sequential?

  /// The rows (indices into the dataset, ascending) of the training and test splits, after
  /// ``run(onEpoch:)``.
  public private(set) var split: (train: [Int], test: [Int])?

  /// Prepares a run.
  /// - Throws: ``ConfigurationError`` for a setting out of range.
  public init(dataset: Dataset, configuration: TrainingConfiguration) throws(ConfigurationError) {
    try configuration.validate()
    self.dataset = dataset
    self.configuration = configuration
  }

  /// The task the run will train: the configured one, or decided from the targets.
  public var task: TaskKind {
    let classification =
      switch configuration.task {
      case .classification: true
      case .regression: false
      case .auto: ClassEncoding.looksLikeClassification(dataset.targets)
      }
    return classification
      ? .classification(classCount: ClassEncoding(targets: dataset.targets).classCount)
      : .regression
  }

  /// Independent random streams of one seed, so that (say) the number of epochs does not
  /// change the split or the initial weights.
  private enum Stream: UInt64 {
    case split = 1
    case initialization = 2
    case shuffling = 3
  }

  private func generator(_ stream: Stream) -> RandomGenerator {
    RandomGenerator(seed: configuration.seed &* 0x9E37_79B9_7F4A_7C15 &+ stream.rawValue)
  }

  /// Trains, calling `onEpoch` after each epoch, and returns the summary.
  /// - Throws: ``TrainingError/diverged(epoch:batch:loss:learningRate:)`` when the loss becomes
  ///   NaN or infinite; ``TrainingError/tooFewRows(rows:testFraction:)`` when a split would be
  ///   empty; ``TrainingError/singleClass(value:)`` for classification of a constant target.
  @discardableResult
  public mutating func run(onEpoch: (EpochReport) -> Void = { _ in }) throws(TrainingError)
    -> TrainingSummary
  {
    let config = configuration
    let task = self.task
    let featureCount = dataset.featureCount

    // Targets: class indices, or values.
    let encoding = task.isClassification ? ClassEncoding(targets: dataset.targets) : nil
    if let encoding, encoding.classCount < 2 {
      throw .singleClass(value: encoding.classValues.first ?? 0)
    }
    let labels = encoding?.indices(for: dataset.targets)

    // Split.
    var splitRNG = generator(.split)
    let (trainRows, testRows) = trainTestSplit(
      count: dataset.rowCount, testFraction: config.testFraction, stratifyBy: labels,
      using: &splitRNG)
    guard !trainRows.isEmpty, !testRows.isEmpty else {
      if let encoding, dataset.rowCount >= 2 {
        throw .noTestRowsForClasses(classCount: encoding.classCount, rows: dataset.rowCount)
      }
      throw .tooFewRows(rows: dataset.rowCount, testFraction: config.testFraction)
    }
    split = (trainRows, testRows)

    // Standardize with training statistics only.
    let scaler = Standardizer(
      fitting: dataset.features, featureCount: featureCount, rows: trainRows)
    let x = Tensor(
      scaler.transform(dataset.features, featureCount: featureCount),
      shape: [dataset.rowCount, featureCount])
    let trainX = x.gatherRows(trainRows)
    let testX = x.gatherRows(testRows)

    let targetScaler = Standardizer(fitting: dataset.targets, featureCount: 1, rows: trainRows)
    let scaledTargets = targetScaler.transform(dataset.targets, featureCount: 1)
    let trainY = Tensor(trainRows.map { scaledTargets[$0] }, shape: [trainRows.count, 1])
    let testTargets = testRows.map { dataset.targets[$0] }
    let trainLabels = labels.map { l in trainRows.map { l[$0] } }
    let testLabels = labels.map { l in testRows.map { l[$0] } }

    if !task.isClassification {
      let scale = targetScaler.scales[0]
      guard (scale * scale * 1e6).isFinite else {
        throw .targetOutOfRange(standardDeviation: scale)
      }
    }

    // Model and optimizer.
    let outputs = encoding?.classCount ?? 1
    let sizes = [featureCount] + config.hiddenSizes + [outputs]
    guard Self.parameterCount(layerSizes: sizes) <= Self.maximumParameterCount else {
      throw .modelTooLarge(layerSizes: sizes, limit: Self.maximumParameterCount)
    }
    var initRNG = generator(.initialization)
    var model = Sequential.multilayerPerceptron(
      sizes: sizes, activation: config.activation, using: &initRNG)
    var optimizer = SGD(
      learningRate: config.learningRate, momentum: config.momentum,
      weightDecay: config.weightDecay)
    // MSE on standardized targets times the target variance is MSE in target units.
    let lossScale = task.isClassification ? 1 : targetScaler.inverseTransformVariance(1)

    var shuffleRNG = generator(.shuffling)
    let clock = ContinuousClock()
    let start = clock.now
    var report: EpochReport?
    var testCorrect: Int?
    for epoch in 1...config.epochs {
      var lossSum = 0.0
      let batches = miniBatches(
        count: trainRows.count, batchSize: config.batchSize, shuffle: true, using: &shuffleRNG)
      for (b, batch) in batches.enumerated() {
        let input = trainX.gatherRows(batch)
        let output = model(input)
        let loss =
          if let trainLabels {
            crossEntropy(logits: output, labels: batch.map { trainLabels[$0] })
          } else {
            meanSquaredError(output, trainY.gatherRows(batch))
          }
        let value = loss.item
        guard value.isFinite else {
          throw .diverged(
            epoch: epoch, batch: b + 1, loss: value, learningRate: config.learningRate)
        }
        lossSum += value * Double(batch.count)
        optimizer.zeroGrad(&model)
        loss.backward()
        optimizer.step(&model)
      }
      let trainLoss = lossSum / Double(trainRows.count) * lossScale

      var epochReport = EpochReport(
        epoch: epoch, trainLoss: trainLoss, testLoss: 0, elapsedSeconds: 0)
      withoutGradients {
        let output = model(testX)
        if let testLabels {
          epochReport.testLoss = crossEntropy(logits: output, labels: testLabels).item
          let correct = zip(output.argmax(axis: 1), testLabels).filter { $0 == $1 }.count
          testCorrect = correct
          epochReport.testAccuracy = Double(correct) / Double(testLabels.count)
        } else {
          let predictions = targetScaler.inverseTransform(output.scalars, featureCount: 1)
          let metrics = RegressionMetrics(predictions: predictions, targets: testTargets)
          epochReport.testLoss = metrics.meanSquaredError
          epochReport.testMSE = metrics.meanSquaredError
          epochReport.testR2 = metrics.r2
        }
      }
      guard epochReport.testLoss.isFinite else {
        throw .diverged(
          epoch: epoch, batch: batches.count, loss: epochReport.testLoss,
          learningRate: config.learningRate)
      }
      epochReport.elapsedSeconds = seconds(clock.now - start)
      report = epochReport
      onEpoch(epochReport)
    }
    self.model = model
    let constant = scaler.constantFeatures.map { dataset.featureNames[$0] }
    // `epochs` is validated positive, so at least one report exists.
    let final = report ?? EpochReport(epoch: 0, trainLoss: 0, testLoss: 0, elapsedSeconds: 0)
    return TrainingSummary(
      dataset: dataset.name, task: task, layerSizes: sizes, parameterCount: model.parameterCount,
      trainCount: trainRows.count, testCount: testRows.count, epochs: config.epochs,
      final: final, testCorrect: testCorrect, trainSeconds: seconds(clock.now - start),
      constantFeatures: constant)
  }
}

extension Trainer {
  /// The largest network a run may build: 100 million parameters (400 MB in float32, before
  /// gradients and optimizer state).
  public static let maximumParameterCount = 100_000_000

  /// Weights and biases of an MLP with these layer sizes, saturating at `Int.max` instead of
  /// overflowing.
  static func parameterCount(layerSizes: [Int]) -> Int {
    var total = 0
    for (a, b) in zip(layerSizes, layerSizes.dropFirst()) {
      let (weights, o1) = a.multipliedReportingOverflow(by: b)
      let (layer, o2) = weights.addingReportingOverflow(b)
      let (sum, o3) = total.addingReportingOverflow(layer)
      if o1 || o2 || o3 { return .max }
      total = sum
    }
    return total
  }
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
  let (s, attoseconds) = duration.components
  return Double(s) + Double(attoseconds) * 1e-18
}
