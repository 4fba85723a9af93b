/// Per-column standardization to zero mean and unit standard deviation, fitted on some rows
/// (the training split) and applied to any:
///
///     z = (x − mean[j]) / scale[j]        x = z · scale[j] + mean[j]
///
/// `mean[j]` is the column's mean over the fitted rows and `scale[j]` its population standard
/// deviation, sqrt(mean((x − mean)²)) (divisor n, not n − 1, as scikit-learn's
/// `StandardScaler`). A column whose fitted values are all equal gets scale 1, so it becomes
/// exactly 0 rather than NaN; its index is listed in `constantFeatures`. Fitting on the
/// training rows only keeps the test rows unseen; they may then have a mean and spread other
/// than 0 and 1.
///
/// For a regression target, fit a one-column standardizer (`featureCount: 1`) on the training
/// targets, train on `transform`ed targets and map predictions back with `inverseTransform`;
/// a mean squared error in standardized units maps back with `inverseTransformVariance`.
///
///     let standardizer = Standardizer(fitting: data.features, featureCount: 4, rows: train)
///     let z = standardizer.transform(data.features, featureCount: 4)
public struct Standardizer: Sendable, Equatable {
  /// Each column's mean over the fitted rows, `[featureCount]`, in the column's units.
  public let means: [Double]
  /// Each column's population standard deviation over the fitted rows, or 1 for a constant
  /// column, `[featureCount]`, in the column's units; always positive.
  public let scales: [Double]
  /// The 0-based indices of columns whose fitted values were all equal, ascending.
  public let constantFeatures: [Int]

  /// The number of columns, `means.count`.
  public var featureCount: Int { means.count }

  /// A standardizer with known statistics (read from a model file, say).
  /// - Precondition: as many scales as means, every scale positive and finite.
  public init(means: [Double], scales: [Double]) {
    precondition(
      means.count == scales.count, "Standardizer: \(means.count) means, \(scales.count) scales")
    precondition(
      scales.allSatisfy { $0 > 0 && $0.isFinite }, "Standardizer: scales must be positive")
    self.means = means
    self.scales = scales
    self.constantFeatures = []
  }

  /// Fits means and standard deviations on the given rows of a row-major matrix.
  /// - Parameters:
  ///   - features: `[rowCount, featureCount]`, row-major; finite values.
  ///   - featureCount: the number of columns, at least 1.
  ///   - rows: the row indices to fit on, such as `trainTestSplit(...).train`; others are
  ///     ignored.
  /// - Precondition: `featureCount > 0`; `features.count` is a multiple of `featureCount`;
  ///   `rows` is non-empty and each index is a row of `features`.
  public init(fitting features: [Double], featureCount: Int, rows: [Int]) {
    precondition(featureCount > 0, "Standardizer needs featureCount > 0, got \(featureCount)")
    precondition(
      features.count % featureCount == 0,
      "Standardizer: \(features.count) values do not fill rows of \(featureCount) features")
    precondition(!rows.isEmpty, "Standardizer needs at least one row to fit on")
    let rowCount = features.count / featureCount
    for row in rows {
      precondition(
        (0..<rowCount).contains(row),
        "Standardizer: row \(row) is out of range 0..<\(rowCount)")
    }
    var means = [Double](repeating: 0, count: featureCount)
    var scales = [Double](repeating: 1, count: featureCount)
    var constantFeatures: [Int] = []
    let n = Double(rows.count)
    for column in 0..<featureCount {
      let first = features[rows[0] * featureCount + column]
      // Work in units of the largest magnitude, so that neither the sum nor the squares can
      // overflow, whatever the finite values (1e300 and −1e300 included).
      var magnitude = 0.0
      var isConstant = true
      for row in rows {
        let x = features[row * featureCount + column]
        magnitude = Swift.max(magnitude, Swift.abs(x))
        isConstant = isConstant && x == first
      }
      if isConstant {
        means[column] = first
        constantFeatures.append(column)
        continue
      }
      var sum = 0.0
      for row in rows { sum += features[row * featureCount + column] / magnitude }
      let scaledMean = sum / n
      var squares = 0.0
      for row in rows {
        let d = features[row * featureCount + column] / magnitude - scaledMean
        squares += d * d
      }
      means[column] = scaledMean * magnitude
      // The scaled deviation is at most 1, so the product stays finite.
      let deviation = (squares / n).squareRoot() * magnitude
      scales[column] = deviation > 0 ? deviation : 1
    }
    self.means = means
    self.scales = scales
    self.constantFeatures = constantFeatures
  }

  /// Standardizes every row: `z[i, j] = (x[i, j] − means[j]) / scales[j]`.
  /// - Parameters:
  ///   - features: `[rowCount, featureCount]`, row-major, in the fitted columns' units.
  ///   - featureCount: the number of columns; must equal the fitted `featureCount`.
  /// - Returns: `[rowCount, featureCount]`, row-major, unitless.
  /// - Precondition: `featureCount == self.featureCount`; `features.count` is a multiple of it.
  public func transform(_ features: [Double], featureCount: Int) -> [Double] {
    checkShape(features.count, featureCount: featureCount, operation: "transform")
    var result = features
    for index in result.indices {
      let column = index % featureCount
      let z = (result[index] - means[column]) / scales[column]
      // x − mean can overflow for values near the largest Double; dividing first cannot.
      result[index] =
        z.isFinite ? z : result[index] / scales[column] - means[column] / scales[column]
    }
    return result
  }

  /// Undoes `transform`: `x[i, j] = z[i, j] · scales[j] + means[j]`.
  /// - Parameters:
  ///   - values: `[rowCount, featureCount]`, row-major, standardized (such as a regression
  ///     model's predictions of a standardized target, with `featureCount` 1).
  ///   - featureCount: the number of columns; must equal the fitted `featureCount`.
  /// - Returns: `[rowCount, featureCount]` in the original units.
  /// - Precondition: `featureCount == self.featureCount`; `values.count` is a multiple of it.
  public func inverseTransform(_ values: [Double], featureCount: Int) -> [Double] {
    checkShape(values.count, featureCount: featureCount, operation: "inverseTransform")
    var result = values
    for index in result.indices {
      let column = index % featureCount
      result[index] = result[index] * scales[column] + means[column]
    }
    return result
  }

  /// Maps a variance or mean squared error of column `feature` from standardized units back to
  /// the original squared units: `variance · scales[feature]²`. (A standard deviation, RMSE or
  /// mean absolute error scales by `scales[feature]` alone; a mean shift does not apply.)
  /// - Parameters:
  ///   - variance: in standardized units squared.
  ///   - feature: the column, 0 (the default) for a one-column target standardizer.
  /// - Precondition: `0 <= feature < featureCount`.
  public func inverseTransformVariance(_ variance: Double, feature: Int = 0) -> Double {
    precondition(
      (0..<featureCount).contains(feature),
      "Standardizer: feature \(feature) is out of range 0..<\(featureCount)")
    return variance * scales[feature] * scales[feature]
  }

  private func checkShape(_ count: Int, featureCount: Int, operation: String) {
    precondition(
      featureCount == self.featureCount,
      "Standardizer.\(operation): fitted on \(self.featureCount) features, given \(featureCount)")
    precondition(
      count % featureCount == 0,
      "Standardizer.\(operation): \(count) values do not fill rows of \(featureCount) features")
  }
}
