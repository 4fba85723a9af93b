/// The figures of one epoch.
public struct EpochReport: Sendable, Equatable {
  /// 1-based epoch number.
  public var epoch: Int
  /// The mean of the epoch's batch losses, each weighted by its batch size: nats for
  /// classification, squared target units (MSE) for regression.
  public var trainLoss: Double
  /// The loss on the test split after the epoch, in the same units as ``trainLoss``.
  public var testLoss: Double
  /// Classification: the fraction of test rows classified right.
  public var testAccuracy: Double?
  /// Regression: mean squared error on the test split, in squared target units.
  public var testMSE: Double?
  /// Regression: the coefficient of determination on the test split, 1 − SS_res/SS_tot.
  public var testR2: Double?
  /// Seconds since training started (data preparation excluded).
  public var elapsedSeconds: Double

  /// One JSON object: `epoch`, `train_loss`, `test_loss`, and `test_accuracy` or `test_mse`
  /// and `test_r2`. Every number is finite (a run that diverges stops before reporting).
  public var json: String {
    var fields: [(String, JSONValue)] = [
      ("epoch", .int(epoch)), ("train_loss", .number(trainLoss)), ("test_loss", .number(testLoss)),
    ]
    if let testAccuracy { fields.append(("test_accuracy", .number(testAccuracy))) }
    if let testMSE { fields.append(("test_mse", .number(testMSE))) }
    if let testR2 { fields.append(("test_r2", .number(testR2))) }
    fields.append(("elapsed_seconds", .number(elapsedSeconds)))
    return JSONValue.object(fields).text
  }
}

/// The outcome of a training run.
public struct TrainingSummary: Sendable, Equatable {
  /// The dataset's name.
  public var dataset: String
  /// The task trained.
  public var task: TaskKind
  /// Layer widths, input to output, e.g. `[64, 64, 10]`.
  public var layerSizes: [Int]
  /// Trainable scalars in the model.
  public var parameterCount: Int
  /// Rows in the training and test splits.
  public var trainCount: Int
  /// Rows in the test split.
  public var testCount: Int
  /// Epochs completed.
  public var epochs: Int
  /// The last epoch's figures.
  public var final: EpochReport
  /// Classification: test rows classified right.
  public var testCorrect: Int?
  /// Wall-clock seconds spent training (data preparation excluded).
  public var trainSeconds: Double
  /// Feature columns that were constant on the training split (standardized to 0).
  public var constantFeatures: [String]

  /// One JSON object with `"summary": true`, the final test metrics under the same names as
  /// the epoch objects, and `train_seconds`.
  public var json: String {
    var fields: [(String, JSONValue)] = [
      ("summary", .bool(true)), ("dataset", .string(dataset)),
      ("task", .string(task.isClassification ? "classification" : "regression")),
      ("layers", .array(layerSizes.map { .int($0) })), ("parameters", .int(parameterCount)),
      ("train_samples", .int(trainCount)), ("test_samples", .int(testCount)),
      ("epochs", .int(epochs)), ("train_loss", .number(final.trainLoss)),
      ("test_loss", .number(final.testLoss)),
    ]
    if let a = final.testAccuracy { fields.append(("test_accuracy", .number(a))) }
    if let mse = final.testMSE { fields.append(("test_mse", .number(mse))) }
    if let r2 = final.testR2 { fields.append(("test_r2", .number(r2))) }
    fields.append(("train_seconds", .number(trainSeconds)))
    return JSONValue.object(fields).text
  }
}

extension TaskKind {
  /// Whether this is a classification task.
  public var isClassification: Bool {
    if case .classification = self { return true }
    return false
  }
}
