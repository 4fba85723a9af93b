/// The outcome of a ``TrainingRun``.
public struct TrainingSummary: Sendable, Equatable {
  /// The dataset's name.
  public var dataset: String
  /// The task trained.
  public var task: TaskKind
  /// The objective trained.
  public var loss: LossFunction
  /// Layer widths, input to output, e.g. `[64, 128, 10]`.
  public var layerSizes: [Int]
  /// Trainable scalars in the model.
  public var parameterCount: Int
  /// Rows in the training split (validation rows excluded).
  public var trainCount: Int
  /// Rows in the validation split.
  public var validationCount: Int
  /// Rows in the test split.
  public var testCount: Int
  /// The epochs, with their training and validation figures.
  public var history: History
  /// The final model on the test split: evaluated once, after training.
  public var test: Evaluation
  /// Wall-clock seconds spent training (data preparation and the test evaluation excluded).
  public var trainSeconds: Double
  /// Binary classification: the probability at or above which class 1 is predicted.
  public var decisionThreshold: Double?
  /// Classification: the name of each class index, in order.
  public var classNames: [String]?
  /// Feature columns that were constant on the training split (standardized to 0).
  public var constantFeatures: [String]
  /// Notes made while loading and preparing the data (one-hot encoded columns, dropped rows,
  /// filled cells), one sentence each.
  public var notes: [String] = []

  /// Epochs completed.
  public var epochs: Int { history.epochs.count }

  /// The last epoch's figures.
  public var lastEpoch: EpochReport? { history.epochs.last }

  /// One JSON object with `"summary": true`, the dataset and model, the last epoch's training
  /// and validation figures, the test figures (`test_loss`, and `test_accuracy` or `test_mse`
  /// and `test_r2`) and `train_seconds`.
  public var json: String {
    JSONValue.object([("summary", .bool(true))] + jsonFields).text
  }

  /// The fields of ``json`` after `"summary": true`, in order.
  var jsonFields: [(String, JSONValue)] {
    var fields: [(String, JSONValue)] = [
      ("dataset", .string(dataset)),
      ("task", .string(task.isClassification ? "classification" : "regression")),
      ("loss", .string(loss.rawValue)),
      ("layers", .array(layerSizes.map { .int($0) })), ("parameters", .int(parameterCount)),
      ("train_samples", .int(trainCount)), ("validation_samples", .int(validationCount)),
      ("test_samples", .int(testCount)), ("epochs", .int(epochs)),
    ]
    if let last = lastEpoch {
      fields.append(("train_loss", .number(last.trainLoss)))
      if let validation = last.validation { fields += validation.jsonFields(prefix: "validation") }
    }
    if let best = history.bestEpoch { fields.append(("best_epoch", .int(best))) }
    if let metric = history.selectionMetric {
      fields.append(("selection_metric", .string(metric.rawValue)))
    }
    if let reason = history.stopReason { fields.append(("stop_reason", .string(reason.rawValue))) }
    fields += test.jsonFields(prefix: "test")
    if let c = test.classification {
      fields.append(("test_macro_f1", .number(c.macroAverage(c.f1))))
    }
    if let r = test.regression {
      fields.append(("test_rmse", .number(r.rootMeanSquaredError)))
      fields.append(("test_mae", .number(r.meanAbsoluteError)))
    }
    if let decisionThreshold { fields.append(("decision_threshold", .number(decisionThreshold))) }
    fields.append(("train_seconds", .number(trainSeconds)))
    return fields
  }
}

extension TaskKind {
  /// Whether this is a classification task.
  public var isClassification: Bool {
    if case .classification = self { return true }
    return false
  }
}
