/// The whole path from a dataset to a tested model, as `descent train` runs it.
///
/// In order:
/// 1. the task is decided (``TaskSelection``); classification with two classes trains one
///    logit with binary cross-entropy, more classes train softmax cross-entropy;
/// 2. a seeded test split is set aside (stratified by class for classification), then a
///    seeded validation split is taken from the rest; the test split is used only for the
///    final report, the validation split for the per-epoch figures and model selection;
/// 3. features are standardized with statistics of the training rows only (regression
///    targets too, and every reported figure is converted back to the target's units);
/// 4. the model (``TrainingConfiguration/model``) is trained by the configured optimizer (SGD
///    with momentum by default) on shuffled mini-batches;
/// 5. the test split is evaluated once, at the end.
///
/// Every random draw comes from generators seeded by ``TrainingConfiguration/seed``, so equal
/// configurations give equal results.
public struct TrainingRun: Sendable {
  /// The run's settings.
  public let configuration: TrainingConfiguration
  /// The data, all rows.
  public let dataset: Dataset

  /// The trainer, holding the trained model, after
  /// ``run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)``.
  public private(set) var trainer: Trainer<Sequential, AnyOptimizer>?

  /// The rows (indices into the dataset, ascending) of the training, validation and test
  /// splits, after ``run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)``.
  public private(set) var split: (train: [Int], validation: [Int], test: [Int])?

  /// Prepares a run.
  /// - Throws: ``ConfigurationError`` for a setting out of range, or an early-stopping metric
  ///   the task does not report.
  public init(dataset: Dataset, configuration: TrainingConfiguration) throws(ConfigurationError) {
    try configuration.validate()
    self.dataset = dataset
    self.configuration = configuration
    let metric = configuration.earlyStoppingMetric
    if configuration.earlyStoppingPatience != nil, !metric.applies(to: task) {
      throw .invalid(
        "early stopping on \(metric.rawValue) needs "
          + (metric.isMaximized && metric != .r2 ? "classification" : "regression")
          + ", and this run is \(task); use loss, "
          + (task == .regression ? "mse, mae or r2" : "accuracy or f1"))
    }
  }

  /// The trained model, after ``run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)``.
  public var model: Sequential? { trainer?.model }

  /// The task the run will train: the configured one, or decided from the targets.
  public var task: TaskKind {
    let classCount = dataset.classNames?.count ?? ClassEncoding(targets: dataset.targets).classCount
    switch configuration.task {
    case .classification: return .classification(classCount: classCount)
    case .regression: return .regression
    case .auto:
      let classification =
        dataset.classNames != nil || ClassEncoding.looksLikeClassification(dataset.targets)
      return classification ? .classification(classCount: classCount) : .regression
    }
  }

  /// Independent random streams of one seed, so that (say) the number of epochs does not
  /// change the split or the initial weights.
  private enum Stream: UInt64 {
    case split = 1
    case initialization = 2
    case shuffling = 3
    case validationSplit = 4
  }

  private func seed(_ stream: Stream) -> UInt64 {
    configuration.seed &* 0x9E37_79B9_7F4A_7C15 &+ stream.rawValue
  }

  /// Everything before training, as
  /// ``run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)`` does it: the task and
  /// targets, the test and validation splits, the imputation and standardization fitted on the
  /// training rows, the model at its seeded initialization, the optimizer, the shuffling loader
  /// and the learning-rate schedule. `descent lr-find` starts from this;
  /// ``run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)`` trains it.
  /// - Throws: ``TrainingError/tooFewRows(rows:testFraction:)`` or
  ///   ``TrainingError/noTestRowsForClasses(classCount:rows:)`` when a split would be empty;
  ///   ``TrainingError/singleClass(value:)`` for classification of a constant target;
  ///   ``TrainingError/modelTooLarge(layerSizes:limit:)``;
  ///   ``TrainingError/targetOutOfRange(standardDeviation:)``;
  ///   ``TrainingError/unsupportedSetting(_:)`` for a schedule the run cannot follow.
  public func prepare() throws(TrainingError) -> PreparedTraining {
    let config = configuration
    let task = self.task
    let featureCount = dataset.featureCount

    // Targets: class indices, or values.
    let encoding = task.isClassification ? ClassEncoding(targets: dataset.targets) : nil
    if let encoding, encoding.classCount < 2 {
      throw .singleClass(value: encoding.classValues.first ?? 0)
    }
    let labels = encoding?.indices(for: dataset.targets)

    // Splits: test from all rows, then validation from the rest.
    var splitRNG = RandomGenerator(seed: seed(.split))
    let (trainAndValidation, testRows) = trainTestSplit(
      count: dataset.rowCount, testFraction: config.testFraction, stratifyBy: labels,
      using: &splitRNG)
    guard !trainAndValidation.isEmpty, !testRows.isEmpty else {
      if let encoding, dataset.rowCount >= 2 {
        throw .noTestRowsForClasses(classCount: encoding.classCount, rows: dataset.rowCount)
      }
      throw .tooFewRows(rows: dataset.rowCount, testFraction: config.testFraction)
    }
    var trainRows = trainAndValidation
    var validationRows: [Int] = []
    if config.validationFraction > 0 {
      var validationRNG = RandomGenerator(seed: seed(.validationSplit))
      let (inner, held) = trainTestSplit(
        count: trainAndValidation.count, testFraction: config.validationFraction,
        stratifyBy: labels.map { l in trainAndValidation.map { l[$0] } }, using: &validationRNG)
      trainRows = inner.map { trainAndValidation[$0] }
      validationRows = held.map { trainAndValidation[$0] }
    }

    // Fill missing cells (--missing mean|median), then standardize, with training statistics
    // only: the validation and test rows never inform a statistic.
    var features = dataset.features
    var notes = Self.smallSplitNotes(
      train: trainRows.count, validation: validationRows.count, test: testRows.count,
      configuration: config)
    if let imputer = dataset.imputer(fittingRows: trainRows) {
      features = imputer.transform(features, featureCount: featureCount)
      notes += imputer.notes(featureNames: dataset.featureNames)
    }
    let scaler = Standardizer(fitting: features, featureCount: featureCount, rows: trainRows)
    let inputs = Tensor(
      scaler.transform(features, featureCount: featureCount),
      shape: [dataset.rowCount, featureCount])
    let targetScaler = Standardizer(fitting: dataset.targets, featureCount: 1, rows: trainRows)
    let loss: LossFunction
    let targets: Tensor
    if let labels, let encoding {
      if encoding.classCount == 2 {
        loss = .binaryCrossEntropy
        targets = Tensor(labels.map(Double.init), shape: [labels.count, 1])
      } else {
        loss = .crossEntropy
        targets = Tensor(labels.map(Double.init), shape: [labels.count])
      }
    } else {
      let scale = targetScaler.scales[0]
      guard (scale * scale * 1e6).isFinite else {
        throw .targetOutOfRange(standardDeviation: scale)
      }
      loss = .meanSquaredError
      targets = Tensor(
        targetScaler.transform(dataset.targets, featureCount: 1), shape: [dataset.rowCount, 1])
    }
    let all = TensorDataset(inputs: inputs, targets: targets)

    // Model, optimizer and trainer.
    let outputs = loss == .crossEntropy ? encoding?.classCount ?? 1 : 1
    let hidden = config.model == .logistic ? [] : config.hiddenSizes
    let sizes = [featureCount] + hidden + [outputs]
    guard Self.parameterCount(layerSizes: sizes) <= Self.maximumParameterCount else {
      throw .modelTooLarge(layerSizes: sizes, limit: Self.maximumParameterCount)
    }
    var initRNG = RandomGenerator(seed: seed(.initialization))
    let model = Sequential.multilayerPerceptron(
      sizes: sizes, activation: config.activation, using: &initRNG)
    var optimizer = config.optimizer.make(
      learningRate: config.learningRate, momentum: config.momentum,
      weightDecay: config.weightDecay)
    if !config.decayBiases {
      optimizer.parameterGroups = [ParameterGroup(.biases, weightDecay: 0)]
    }
    var trainer = Trainer(model: model, optimizer: optimizer, loss: loss)
    if loss == .meanSquaredError { trainer.targetScaler = targetScaler }
    let classNames = encoding.map { e in e.classValues.map { Self.className($0, dataset) } }
    let description = ModelDescription(
      layerSizes: sizes, activation: config.activation,
      task: task.isClassification ? "classification" : "regression", loss: loss.rawValue,
      featureNames: dataset.featureNames, targetName: dataset.targetName,
      classLabels: classNames, classValues: encoding?.classValues, featureMeans: scaler.means,
      featureScales: scaler.scales, fillValues: dataset.imputer(fittingRows: trainRows)?.fillValues,
      targetMean: loss == .meanSquaredError ? targetScaler.means[0] : nil,
      targetScale: loss == .meanSquaredError ? targetScaler.scales[0] : nil,
      decisionThreshold: loss == .binaryCrossEntropy ? trainer.decisionThreshold : nil,
      dataset: dataset.name)

    let loader = DataLoader(
      all.subset(trainRows), batchSize: config.batchSize, shuffle: true,
      seed: seed(.shuffling))
    let scheduler: LearningRateScheduler?
    do {
      scheduler =
        config.schedule == nil && config.warmupEpochs == 0
        ? nil
        : try LearningRateScheduler(
          config.schedule, warmupEpochs: config.warmupEpochs,
          baseLearningRate: config.learningRate, epochs: config.epochs,
          batchesPerEpoch: loader.batchCount)
    } catch {
      throw .unsupportedSetting(error.description)
    }
    return PreparedTraining(
      task: task, loss: loss, layerSizes: sizes, trainer: trainer, loader: loader,
      validation: validationRows.isEmpty ? nil : all.subset(validationRows),
      test: all.subset(testRows), split: (trainRows, validationRows, testRows),
      scheduler: scheduler, description: description, classNames: classNames,
      constantFeatures: scaler.constantFeatures.map { dataset.featureNames[$0] }, notes: notes)
  }

  /// Notes for splits too small for their figures to mean much: fewer than 10 training rows,
  /// or fewer than 5 validation rows (when there is a validation split) or test rows, each
  /// naming the option that changes it (R² is undefined on fewer than 2 rows).
  static func smallSplitNotes(
    train: Int, validation: Int, test: Int, configuration config: TrainingConfiguration
  ) -> [String] {
    func rows(_ count: Int) -> String { "\(count) row\(count == 1 ? "" : "s")" }
    var notes: [String] = []
    if train < 10 {
      notes.append(
        "the training split has \(rows(train)), too few to learn much from; use more data, or "
          + "a smaller --test-fraction (now \(config.testFraction)) or --validation-fraction "
          + "(now \(config.validationFraction))")
    }
    if validation > 0, validation < 5 {
      notes.append(
        "the validation split has \(rows(validation)), too few for steady validation figures "
          + "(R² needs at least 2 rows); use a larger --validation-fraction (now "
          + "\(config.validationFraction)), or 0 for none")
    }
    if test < 5 {
      notes.append(
        "the test split has \(rows(test)), too few for steady test figures (R² needs at "
          + "least 2 rows); use a larger --test-fraction (now \(config.testFraction))")
    }
    return notes
  }

  /// Trains, calling `onStep` after each optimizer step and `onEpoch` after each epoch, and
  /// returns the summary with the test figures: ``prepare()``, then
  /// ``Trainer/fit(_:epochs:validation:scheduler:clipGradientNorm:onStep:onEpoch:afterEpoch:isInterrupted:stopWhen:earlyStopping:targetLoss:divergenceFactor:)``
  /// on the prepared trainer and loader, then one evaluation of the test split.
  /// - Throws: every error of ``prepare()``; ``TrainingError/diverged(epoch:batch:loss:learningRate:)``
  ///   when the loss becomes NaN or infinite, ``TrainingError/gradientNotFinite(epoch:batch:parameter:learningRate:)``
  ///   when a gradient does, and ``TrainingError/lossExploded(epoch:loss:initialLoss:learningRate:)``
  ///   when an epoch's training loss exceeds ten times its initial value.
  ///
  /// With `checkpoint`, writes a resumable checkpoint (``Checkpoint/save(_:description:record:state:to:)``)
  /// every `checkpoint.every` epochs and at the end (after early stopping, with the best
  /// epoch's parameters). With `resumingFrom`, continues the run stored in that checkpoint
  /// (same configuration and data) from its last completed epoch up to the configured
  /// number of epochs in all.
  ///
  /// `isInterrupted` is checked after every step; when it returns true, the last completed
  /// epoch's checkpoint is written (with `checkpoint`) and the run throws
  /// ``TrainingError/interrupted(epoch:savedEpoch:path:)``.
  /// - Throws: also ``TrainingError/checkpoint(_:)`` when a checkpoint cannot be written, or
  ///   read, or does not match the run.
  @discardableResult
  public mutating func run(
    onStep: (StepReport) -> Void = { _ in }, onEpoch: (EpochReport) -> Void = { _ in },
    checkpoint: CheckpointOptions? = nil, resumingFrom resumePath: String? = nil,
    isInterrupted: () -> Bool = { false }
  ) throws(TrainingError) -> TrainingSummary {
    let config = configuration
    var prepared = try prepare()
    split = prepared.split
    prepared.trainer.progress.scheduler = prepared.scheduler
    if let resumePath {
      do throws(CheckpointError) {
        let (model, stored) = try Checkpoint.loadModel(from: resumePath)
        guard stored.layerSizes == prepared.description.layerSizes,
          stored.featureNames == prepared.description.featureNames
        else {
          throw CheckpointError.incompatible(
            "\(resumePath) holds a \(stored.layerSizes.map(String.init).joined(separator: "-")) "
              + "network on other features than this run's "
              + prepared.description.layerSizes.map(String.init).joined(separator: "-"))
        }
        prepared.trainer.model = model
        try Checkpoint.loadState(forCheckpointAt: resumePath).restore(into: &prepared.trainer)
      } catch {
        throw .checkpoint(error)
      }
      let done = prepared.trainer.progress.completedEpochs
      guard done < config.epochs else {
        throw .checkpoint(
          .incompatible(
            "\(resumePath) has already completed \(done) epochs; --epochs \(config.epochs) asks "
              + (done == config.epochs ? "for no more" : "for fewer")
              + "; give --epochs above \(done) to train on"))
      }
    }
    let metric = config.earlyStoppingMetric
    let description = prepared.description
    var saveError: CheckpointError?
    func save(_ trainer: Trainer<Sequential, AnyOptimizer>, to options: CheckpointOptions) {
      var described = description
      described.dataset = options.dataSource
      let record = TrainingRecord(
        configuration: config, csvOptions: options.csvOptions,
        completedEpochs: trainer.progress.completedEpochs, stateFile: "")
      do {
        try Checkpoint.save(
          trainer.model, description: described, record: record,
          state: TrainingState(of: trainer), to: options.path)
      } catch {
        saveError = saveError ?? error
      }
    }
    let clock = ContinuousClock()
    let start = clock.now
    var lastCompleted: Trainer<Sequential, AnyOptimizer>?
    let history: History
    do {
      history = try prepared.trainer.fit(
        prepared.loader, epochs: config.epochs - prepared.trainer.progress.completedEpochs,
        validation: prepared.validation, clipGradientNorm: config.clipNorm, onStep: onStep,
        onEpoch: onEpoch,
        afterEpoch: { trainer in
          if checkpoint != nil { lastCompleted = trainer }
          guard let checkpoint, let every = checkpoint.every,
            trainer.progress.completedEpochs % every == 0
          else { return }
          save(trainer, to: checkpoint)
        },
        isInterrupted: isInterrupted,
        earlyStopping: config.earlyStoppingPatience.map {
          EarlyStopping(patience: $0, metric: metric)
        },
        targetLoss: config.targetLoss)
    } catch .interrupted(let epoch, _, _) {
      // Keep the last completed epoch: its checkpoint, written now (atomically).
      guard let checkpoint else { throw .interrupted(epoch: epoch, savedEpoch: nil, path: nil) }
      guard let lastCompleted else {
        throw .interrupted(epoch: epoch, savedEpoch: nil, path: checkpoint.path)
      }
      save(lastCompleted, to: checkpoint)
      if let saveError { throw .checkpoint(saveError) }
      throw .interrupted(
        epoch: epoch, savedEpoch: lastCompleted.progress.completedEpochs, path: checkpoint.path)
    } catch {
      throw error
    }
    if let checkpoint { save(prepared.trainer, to: checkpoint) }
    if let saveError { throw .checkpoint(saveError) }
    let trainSeconds = seconds(clock.now - start)
    let trainer = prepared.trainer
    let test = trainer.evaluate(prepared.test)
    self.trainer = trainer

    return TrainingSummary(
      dataset: dataset.name, task: prepared.task, loss: prepared.loss,
      layerSizes: prepared.layerSizes, parameterCount: trainer.model.parameterCount,
      trainCount: prepared.split.train.count, validationCount: prepared.split.validation.count,
      testCount: prepared.split.test.count, history: history, test: test,
      trainSeconds: trainSeconds,
      decisionThreshold: prepared.loss == .binaryCrossEntropy ? trainer.decisionThreshold : nil,
      classNames: prepared.classNames, constantFeatures: prepared.constantFeatures,
      notes: prepared.notes)
  }

  private static func className(_ value: Double, _ dataset: Dataset) -> String {
    dataset.className(of: value) ?? (value == value.rounded() ? String(Int(value)) : String(value))
  }
}

extension TrainingRun {
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

/// A ``TrainingRun`` ready to train (from ``TrainingRun/prepare()``): the data split and
/// standardized, the model at its initialization, the optimizer, the loader and the schedule.
public struct PreparedTraining: Sendable {
  /// The task decided for the run.
  public var task: TaskKind
  /// The objective: cross-entropy, binary cross-entropy or mean squared error.
  public var loss: LossFunction
  /// Layer widths, input to output, e.g. `[64, 128, 10]`.
  public var layerSizes: [Int]
  /// The model at its seeded initialization, with the configured optimizer (at the
  /// configured learning rate) and loss.
  public var trainer: Trainer<Sequential, AnyOptimizer>
  /// The training split's mini-batches, shuffled per epoch by the run's seed.
  public var loader: DataLoader
  /// The validation split, or nil when the validation fraction is 0.
  public var validation: TensorDataset?
  /// The test split.
  public var test: TensorDataset
  /// The rows (indices into the dataset, ascending) of the training, validation and test
  /// splits.
  public var split: (train: [Int], validation: [Int], test: [Int])
  /// The learning-rate schedule with its warm-up, or nil for a constant rate.
  public var scheduler: LearningRateScheduler?
  /// The model file's description of the model (architecture, features, preprocessing).
  public var description: ModelDescription
  /// Classification: the name of each class index, in order.
  public var classNames: [String]?
  /// Feature columns that were constant on the training split (standardized to 0).
  public var constantFeatures: [String]
  /// Notes made while preparing the data (filled cells), one sentence each.
  public var notes: [String]
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
  let (s, attoseconds) = duration.components
  return Double(s) + Double(attoseconds) * 1e-18
}

/// Where and how often ``TrainingRun/run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)``
/// writes checkpoints.
public struct CheckpointOptions: Sendable {
  /// The model file's path (its state file goes beside it).
  public var path: String
  /// Also write one every this many epochs; nil writes only at the end.
  public var every: Int?
  /// The data as given to the run (a bundled name or a path), stored for resuming.
  public var dataSource: String
  /// The CSV options the data was read with, stored for resuming.
  public var csvOptions: CSVOptions

  /// Checkpoints at `path`, every `every` epochs and at the end, for data `dataSource` read
  /// with `csvOptions`.
  public init(path: String, every: Int? = nil, dataSource: String, csvOptions: CSVOptions) {
    self.path = path
    self.every = every
    self.dataSource = dataSource
    self.csvOptions = csvOptions
  }
}
