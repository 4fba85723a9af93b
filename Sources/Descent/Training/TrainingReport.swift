/// The figures of one optimizer step.
public struct StepReport: Sendable, Equatable {
  /// 1-based epoch.
  public var epoch: Int
  /// 1-based batch within the epoch.
  public var batch: Int
  /// 1-based step counted over the whole run.
  public var step: Int
  /// The batch's mean loss (before the step), in the loss's units.
  public var loss: Double
  /// Examples in the batch.
  public var batchSize: Int
  /// The learning rate of the step.
  public var learningRate: Double
  /// Batches in each epoch (so a progress display can draw a bar); 0 when unknown.
  public var batchCount: Int = 0
}

/// Figures of a model on a set of examples: the mean loss and the task's metric.
public struct Evaluation: Sendable, Equatable {
  /// The mean loss: nats for classification; squared target units for regression.
  public var loss: Double
  /// Classification: accuracy, per-class precision/recall/F1, confusion matrix, log-loss.
  public var classification: ClassificationMetrics?
  /// Regression: MSE, RMSE, MAE and R², in the target's units.
  public var regression: RegressionMetrics?

  /// The fraction classified right (classification).
  public var accuracy: Double? { classification?.accuracy }

  /// JSON fields `<prefix>_loss` and `<prefix>_accuracy`, or `<prefix>_mse` and `<prefix>_r2`
  /// (`null` where R² is undefined).
  func jsonFields(prefix: String) -> [(String, JSONValue)] {
    var fields: [(String, JSONValue)] = [("\(prefix)_loss", .number(loss))]
    if let c = classification { fields.append(("\(prefix)_accuracy", .number(c.accuracy))) }
    if let r = regression {
      fields.append(("\(prefix)_mse", .number(r.meanSquaredError)))
      fields.append(("\(prefix)_r2", r.r2.map(JSONValue.number) ?? .null))
    }
    return fields
  }
}

/// The figures of one epoch.
public struct EpochReport: Sendable, Equatable {
  /// 1-based epoch number.
  public var epoch: Int
  /// The mean of the epoch's batch losses, each weighted by its batch size: nats for
  /// classification, squared target units (MSE) for regression.
  public var trainLoss: Double
  /// The model on the validation split after the epoch; nil without a validation split.
  public var validation: Evaluation?
  /// The learning rate of the epoch's first batch (per-batch schedules change it within the
  /// epoch; ``StepReport/learningRate`` has each step's).
  public var learningRate: Double
  /// Seconds since training started (data preparation excluded).
  public var elapsedSeconds: Double

  /// One JSON object: `epoch`, `train_loss`, `validation_loss`, and `validation_accuracy` or
  /// `validation_mse` and `validation_r2`, then `learning_rate` and `elapsed_seconds`. Every
  /// number is finite (a run that diverges stops before reporting).
  public var json: String { JSONValue.object(jsonFields).text }

  /// The fields of ``json``, in order.
  var jsonFields: [(String, JSONValue)] {
    var fields: [(String, JSONValue)] = [
      ("epoch", .int(epoch)), ("train_loss", .number(trainLoss)),
    ]
    if let validation { fields += validation.jsonFields(prefix: "validation") }
    fields.append(("learning_rate", .number(learningRate)))
    fields.append(("elapsed_seconds", .number(elapsedSeconds)))
    return fields
  }
}

/// The epochs of a run, in order.
public struct History: Sendable, Equatable {
  /// One report per completed epoch.
  public var epochs: [EpochReport] = []
  /// With early stopping: the epoch whose parameters the model holds after `fit` (the one
  /// with the best validation metric; the first of equals).
  public var bestEpoch: Int?
  /// With early stopping: the validation figure that chose ``bestEpoch``.
  public var selectionMetric: ValidationMetric?
  /// Why training ended before its last epoch; nil when it ran them all.
  public var stopReason: StopReason?

  /// Why a `fit` ended early.
  public enum StopReason: String, Sendable, Equatable {
    /// The training loss reached the target loss.
    case targetLossReached
    /// The validation metric stopped improving for `patience` epochs.
    case earlyStopping
    /// The caller's `stopWhen` returned true.
    case stopCondition
  }

  /// An empty history.
  public init() {}

  /// Training losses by epoch.
  public var trainLosses: [Double] { epochs.map(\.trainLoss) }
  /// Validation losses by epoch (epochs without validation are left out).
  public var validationLosses: [Double] { epochs.compactMap { $0.validation?.loss } }
}

/// Stop training once a validation metric (the loss by default) has not improved for
/// `patience` epochs, keeping the parameters of the best epoch (L. Prechelt, "Early Stopping —
/// But When?", 1998).
public struct EarlyStopping: Sendable, Equatable {
  /// Epochs without improvement to wait before stopping; at least 1.
  public var patience: Int
  /// The validation figure watched: minimized or maximized as ``ValidationMetric/isMaximized``
  /// says. Default ``ValidationMetric/loss``.
  public var metric: ValidationMetric

  /// - Precondition: `patience >= 1`.
  public init(patience: Int, metric: ValidationMetric = .loss) {
    precondition(patience >= 1, "EarlyStopping: patience must be at least 1, got \(patience)")
    self.patience = patience
    self.metric = metric
  }
}
