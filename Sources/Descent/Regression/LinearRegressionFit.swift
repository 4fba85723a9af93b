/// A fitted linear model ŷ = W x + b, made by `LinearRegression.fit`.
public struct LinearRegressionFit: Sendable, Equatable {
  /// The feature names, `[featureCount]`.
  public var featureNames: [String]
  /// The target names, `[targetCount]`.
  public var targetNames: [String]
  /// W, `[targetCount][featureCount]`: coefficient j of target k, in target units per feature
  /// unit (raw, not standardized).
  public var coefficients: [[Double]]
  /// b, `[targetCount]`, in target units; 0 without an intercept.
  public var intercepts: [Double]
  /// `"qr"`, `"normal-equations"` or `"gradient-descent"`.
  public var solver: String
  /// The numerical rank of the centered features found by QR (`featureCount` for the other
  /// solvers, which do not measure it).
  public var rank: Int
  /// What was decided while fitting, one sentence each (collinear or constant columns, more
  /// features than rows, gradient descent that did not converge); empty if nothing was.
  public var notes: [String]
  /// Iterations, convergence and loss history, for gradient descent; nil for a closed form.
  public var gradientDescent: GradientDescentReport?

  /// The number of features.
  public var featureCount: Int { featureNames.count }
  /// The number of targets.
  public var targetCount: Int { targetNames.count }
  /// The coefficients of the first (usually only) target, `[featureCount]`.
  public var coefficient: [Double] { coefficients[0] }
  /// The intercept of the first (usually only) target.
  public var intercept: Double { intercepts[0] }

  /// Predictions for `rowCount` rows of `features` (`[rowCount, featureCount]`, row-major):
  /// `[rowCount, targetCount]`, row-major.
  /// - Precondition: `features.count == rowCount * featureCount`.
  public func predict(features: [Double], rowCount: Int) -> [Double] {
    precondition(
      features.count == rowCount * featureCount,
      "LinearRegressionFit.predict: \(features.count) values for \(rowCount) rows × \(featureCount)"
    )
    var out = [Double](repeating: 0, count: rowCount * targetCount)
    for i in 0..<rowCount {
      for k in 0..<targetCount {
        var s = intercepts[k]
        for j in 0..<featureCount { s += coefficients[k][j] * features[i * featureCount + j] }
        out[i * targetCount + k] = s
      }
    }
    return out
  }

  /// MSE, RMSE, MAE and R² of the predictions for each target: `[targetCount]`.
  /// - Parameters:
  ///   - features: `[rowCount, featureCount]`, row-major.
  ///   - targets: `[rowCount, targetCount]`, row-major.
  ///   - rowCount: the number of rows.
  /// - Precondition: the shapes fit; `rowCount > 0`.
  public func metrics(features: [Double], targets: [Double], rowCount: Int) -> [RegressionMetrics] {
    let predictions = predict(features: features, rowCount: rowCount)
    return (0..<targetCount).map { k in
      RegressionMetrics(
        predictions: (0..<rowCount).map { predictions[$0 * targetCount + k] },
        targets: (0..<rowCount).map { targets[$0 * targetCount + k] })
    }
  }

  /// The metrics of the dataset's single target.
  public func metrics(_ dataset: Dataset) -> RegressionMetrics {
    metrics(features: dataset.features, targets: dataset.targets, rowCount: dataset.rowCount)[0]
  }

  /// The largest |difference| between the coefficients and intercepts of two fits of the same
  /// shape.
  public func maximumDifference(from other: LinearRegressionFit) -> Double {
    var largest = 0.0
    for k in 0..<targetCount {
      largest = Swift.max(largest, Swift.abs(intercepts[k] - other.intercepts[k]))
      for j in 0..<featureCount {
        largest = Swift.max(largest, Swift.abs(coefficients[k][j] - other.coefficients[k][j]))
      }
    }
    return largest
  }
}
