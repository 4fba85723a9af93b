/// Error measures of predictions against targets, in the targets' units.
public struct RegressionMetrics: Sendable, Equatable {
  /// mean((ŷ − y)²), in squared target units.
  public var meanSquaredError: Double
  /// √MSE, in target units.
  public var rootMeanSquaredError: Double { meanSquaredError.squareRoot() }
  /// mean(|ŷ − y|), in target units.
  public var meanAbsoluteError: Double
  /// The coefficient of determination, 1 − SS_res / SS_tot, with SS_tot taken about the
  /// targets' own mean (scikit-learn's `r2_score`). 1 is perfect; 0 is no better than the
  /// mean; it can be negative. Nil where it is undefined: fewer than 2 targets, or targets
  /// that are all equal (SS_tot = 0), which leave no variation to explain (scikit-learn
  /// gives NaN for one target, and 0 or 1 for constant targets).
  public var r2: Double?

  /// - Precondition: equal, positive counts.
  public init(predictions: [Double], targets: [Double]) {
    precondition(
      predictions.count == targets.count && !targets.isEmpty,
      "RegressionMetrics: \(predictions.count) predictions for \(targets.count) targets")
    let n = Double(targets.count)
    let mean = targets.reduce(0, +) / n
    var residual = 0.0
    var absolute = 0.0
    var total = 0.0
    for (p, y) in zip(predictions, targets) {
      residual += (p - y) * (p - y)
      absolute += Swift.abs(p - y)
      total += (y - mean) * (y - mean)
    }
    meanSquaredError = residual / n
    meanAbsoluteError = absolute / n
    r2 = targets.count >= 2 && total > 0 ? 1 - residual / total : nil
  }
}
