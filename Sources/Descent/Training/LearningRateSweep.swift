/// One full ``TrainingRun`` per learning rate, same data, seed and settings otherwise: "too
/// small is slow, too large diverges", side by side.
///
/// The rates are compared on the validation split alone: each run's last validation loss
/// chooses ``bestLearningRate``, and each run reports its validation figures, not its test
/// figures, so that the test split plays no part in the choice. A configuration without a
/// validation split (a validation fraction of 0) gets one for the sweep: ``heldOutFraction``
/// of the training rows, said in ``notes``.
///
/// A rate *diverged* when its run stopped with ``TrainingError/diverged(epoch:batch:loss:learningRate:)``
/// (a NaN or infinite loss), ``TrainingError/gradientNotFinite(epoch:batch:parameter:learningRate:)``
/// or ``TrainingError/lossExploded(epoch:loss:initialLoss:learningRate:)`` (an epoch's training
/// loss above ten times its value at initialization). A diverged rate is a result, not an
/// error; any other ``TrainingError`` (a split that would be empty, say) is thrown, as every
/// rate would meet it.
///
///     let sweep = try LearningRateSweep(dataset: iris, configuration: config,
///                                       learningRates: [0.001, 0.1, 100])
///     sweep.runs.map(\.diverged)   // [false, false, true]
public struct LearningRateSweep: Sendable {
  /// One rate's run.
  public struct Run: Sendable, Equatable {
    /// The learning rate η the run trained with.
    public var learningRate: Double
    /// The task trained: it decides the validation figure reported.
    public var task: TaskKind
    /// The epochs completed, with their figures.
    public var epochs: [EpochReport]
    /// The summary of the run; nil when the run diverged. It holds the test figures too,
    /// which the sweep neither shows nor uses.
    public var summary: TrainingSummary?
    /// Why the run stopped, when it diverged; nil otherwise.
    public var divergence: TrainingError?

    /// Whether the run diverged.
    public var diverged: Bool { divergence != nil }

    /// The epoch in which the run diverged (1-based); nil when it did not.
    public var divergedEpoch: Int? {
      switch divergence {
      case .diverged(let epoch, _, _, _), .lossExploded(let epoch, _, _, _),
        .gradientNotFinite(let epoch, _, _, _):
        epoch
      default: nil
      }
    }

    /// The training loss of the last epoch run: for a run whose loss exploded, that epoch's
    /// (finite, large) loss; NaN for a run whose loss or gradient became NaN or infinite.
    public var finalTrainLoss: Double {
      switch divergence {
      case .lossExploded(_, let loss, _, _): loss
      case .some: .nan
      case .none: epochs.last?.trainLoss ?? .nan
      }
    }

    /// The last epoch's validation loss; nil without a validation split or when the run
    /// diverged.
    public var validationLoss: Double? {
      diverged ? nil : epochs.last?.validation?.loss
    }

    /// The last epoch's validation accuracy (classification) or R² (regression); nil without
    /// a validation split or when the run diverged.
    public var validationMetric: Double? {
      guard !diverged, let validation = epochs.last?.validation else { return nil }
      return task.isClassification ? validation.accuracy : validation.regression?.r2
    }

    /// Epochs run: those completed, or the epoch of the divergence.
    public var epochCount: Int { divergedEpoch ?? epochs.count }

    /// `ok`, or `diverged (epoch E)`.
    public var status: String { divergedEpoch.map { "diverged (epoch \($0))" } ?? "ok" }

    /// One JSON object: `learning_rate`, `final_train_loss`, `validation_loss`,
    /// `validation_accuracy` (classification) or `validation_r2` (regression), `epochs`,
    /// `diverged`, `diverged_epoch`, and `train_losses` (per epoch); a figure the run does not
    /// have is `null`.
    public var json: String {
      let optional: (Double?) -> JSONValue = { $0.map(JSONValue.number) ?? .number(.nan) }
      var fields: [(String, JSONValue)] = [
        ("learning_rate", .number(learningRate)), ("final_train_loss", .number(finalTrainLoss)),
        ("validation_loss", optional(validationLoss)),
      ]
      let metric = task.isClassification ? "validation_accuracy" : "validation_r2"
      fields.append((metric, optional(validationMetric)))
      fields += [
        ("epochs", .int(epochCount)), ("diverged", .bool(diverged)),
        ("diverged_epoch", divergedEpoch.map(JSONValue.int) ?? .number(.nan)),
        ("train_losses", .array(epochs.map { .number($0.trainLoss) })),
      ]
      return JSONValue.object(fields).text
    }
  }

  /// The share of the training rows held out for validation when the configuration has no
  /// validation split: 0.1, the default of ``TrainingConfiguration/validationFraction``.
  public static let heldOutFraction = 0.1

  /// The settings every run shares (its learning rate aside), with the validation split the
  /// sweep used.
  public var configuration: TrainingConfiguration
  /// What the sweep changed in the configuration, one sentence each: the validation split it
  /// held out when there was none. Empty otherwise.
  public var notes: [String] = []
  /// The task the runs trained.
  public var task: TaskKind
  /// One run per learning rate, in the order given.
  public var runs: [Run]

  /// Trains one ``TrainingRun`` of `configuration` per rate in `learningRates`, in order,
  /// calling `onStep` after each optimizer step and `onEpoch` after each epoch (with the run's
  /// learning rate; for a progress display) and `onRun` after each run. Without a validation
  /// split in `configuration`, every run holds out ``heldOutFraction`` of its training rows.
  /// - Throws: ``ConfigurationError`` for a setting or rate out of range (before any training);
  ///   a ``TrainingError`` other than divergence, as
  ///   ``TrainingRun/run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)`` throws it.
  /// - Precondition: `learningRates` is not empty.
  public init(
    dataset: Dataset, configuration: TrainingConfiguration, learningRates: [Double],
    onStep: (Double, StepReport) -> Void = { _, _ in },
    onEpoch: (Double, EpochReport) -> Void = { _, _ in }, onRun: (Run) -> Void = { _ in }
  ) throws {
    precondition(!learningRates.isEmpty, "LearningRateSweep: no learning rates")
    var configuration = configuration
    if configuration.validationFraction == 0 {
      configuration.validationFraction = Self.heldOutFraction
      notes.append(
        "the runs have no validation split (validation fraction 0), so the sweep holds out "
          + "\(Int(Self.heldOutFraction * 100)) % of the training rows to compare the rates on")
    }
    var runs: [Run] = []
    var trainingRuns: [TrainingRun] = []
    for rate in learningRates {
      var config = configuration
      config.learningRate = rate
      trainingRuns.append(try TrainingRun(dataset: dataset, configuration: config))
    }
    for var trainingRun in trainingRuns {
      var epochs: [EpochReport] = []
      var run = Run(
        learningRate: trainingRun.configuration.learningRate, task: trainingRun.task, epochs: [],
        summary: nil, divergence: nil)
      do {
        let rate = run.learningRate
        run.summary = try trainingRun.run(
          onStep: { onStep(rate, $0) },
          onEpoch: {
            epochs.append($0)
            onEpoch(rate, $0)
          })
      } catch {
        switch error {
        case .diverged, .lossExploded, .gradientNotFinite: run.divergence = error
        default: throw error
        }
      }
      run.epochs = epochs
      onRun(run)
      runs.append(run)
    }
    self.configuration = configuration
    self.task = trainingRuns[0].task
    self.runs = runs
  }

  /// Whether every rate diverged.
  public var allDiverged: Bool { runs.allSatisfy(\.diverged) }

  /// The rate whose run ended with the lowest validation loss, among those that did not
  /// diverge (the lowest final training loss if the data is too small for a validation row);
  /// nil when all diverged. The test split plays no part.
  public var bestLearningRate: Double? {
    let finished = runs.filter { !$0.diverged }
    let key: (Run) -> Double = { $0.validationLoss ?? $0.finalTrainLoss }
    return finished.min { key($0) < key($1) }?.learningRate
  }

  /// A JSON object closing the `--json` lines: `"summary": true`, `rates`, `diverged` (how
  /// many), `best_learning_rate` (see ``bestLearningRate``; null when every rate diverged),
  /// and `selected_by` (`validation_loss` or `train_loss`).
  public var summaryJSON: String {
    let byValidation = runs.contains { $0.validationLoss != nil }
    return JSONValue.object([
      ("summary", .bool(true)), ("rates", .int(runs.count)),
      ("diverged", .int(runs.filter(\.diverged).count)),
      ("best_learning_rate", bestLearningRate.map(JSONValue.number) ?? .number(.nan)),
      ("selected_by", .string(byValidation ? "validation_loss" : "train_loss")),
    ]).text
  }
}
