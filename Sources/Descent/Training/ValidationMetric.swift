/// A figure of an ``Evaluation`` to select a model by (early stopping): each is minimized or
/// maximized as its meaning says.
public enum ValidationMetric: String, Sendable, CaseIterable {
  /// The mean loss (minimized).
  case loss
  /// Classification accuracy (maximized).
  case accuracy
  /// Macro-averaged F1 over the classes (maximized).
  case f1
  /// Regression mean squared error in the target's squared units (minimized).
  case mse
  /// Regression mean absolute error in the target's units (minimized).
  case mae
  /// Regression coefficient of determination R² (maximized).
  case r2

  /// Whether larger values are better.
  public var isMaximized: Bool {
    switch self {
    case .accuracy, .f1, .r2: true
    case .loss, .mse, .mae: false
    }
  }

  /// Whether the metric exists for a task (accuracy and F1 for classification; MSE, MAE and
  /// R² for regression; the loss for both).
  public func applies(to task: TaskKind) -> Bool {
    switch self {
    case .loss: true
    case .accuracy, .f1: task != .regression
    case .mse, .mae, .r2: task == .regression
    }
  }

  /// The metric's value in `evaluation`; nil when the evaluation lacks it (accuracy of a
  /// regression, say). An undefined R² (fewer than 2 rows) is NaN, which never improves.
  public func value(in evaluation: Evaluation) -> Double? {
    switch self {
    case .loss: evaluation.loss
    case .accuracy: evaluation.classification?.accuracy
    case .f1: evaluation.classification.map { $0.macroAverage($0.f1) }
    case .mse: evaluation.regression?.meanSquaredError
    case .mae: evaluation.regression?.meanAbsoluteError
    case .r2: evaluation.regression.map { $0.r2 ?? .nan }
    }
  }

  /// Whether `value` is better than `best`: strictly lower, or strictly higher when maximized.
  public func improves(_ value: Double, on best: Double) -> Bool {
    isMaximized ? value > best : value < best
  }
}
