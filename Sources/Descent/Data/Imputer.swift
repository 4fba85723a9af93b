/// Fills missing feature cells (NaN) with each column's mean or median over some rows (the
/// training split), as scikit-learn's `SimpleImputer`:
///
///     x[i, j] = fillValues[j]   where x[i, j] is NaN;   other cells unchanged
///
/// `fillValues[j]` is the mean, or the median (the middle value, or the mean of the two middle
/// values for an even count, as NumPy's `median`), of column `j`'s non-NaN values in the
/// fitted rows. Fitting on the training rows only keeps the test rows unseen. A column with no
/// value in the fitted rows fills with 0; its index is listed in `columnsWithoutValues`.
/// Apply it before the `Standardizer`, which needs finite values.
///
///     let imputer = Imputer(fitting: data.features, featureCount: 2, rows: train, strategy: .mean)
///     let filled = imputer.transform(data.features, featureCount: 2)
public struct Imputer: Sendable, Equatable {
  /// `.mean` or `.median`.
  public let strategy: MissingValuePolicy
  /// The value that replaces NaN in each column, `[featureCount]`, in the column's units.
  public let fillValues: [Double]
  /// The 0-based indices of columns with no non-NaN value in the fitted rows (filled with 0),
  /// ascending.
  public let columnsWithoutValues: [Int]

  /// The number of columns, `fillValues.count`.
  public var featureCount: Int { fillValues.count }

  /// Fits each column's mean or median on the given rows of a row-major matrix, skipping NaN.
  /// - Parameters:
  ///   - features: `[rowCount, featureCount]`, row-major; finite or NaN.
  ///   - featureCount: the number of columns, at least 1.
  ///   - rows: the row indices to fit on, such as `trainTestSplit(...).train`; others are
  ///     ignored. An empty list leaves every column without values.
  ///   - strategy: `.mean` or `.median`.
  /// - Precondition: `featureCount > 0`; `features.count` is a multiple of `featureCount`;
  ///   each index in `rows` is a row of `features`; `strategy` is `.mean` or `.median`.
  public init(
    fitting features: [Double], featureCount: Int, rows: [Int], strategy: MissingValuePolicy
  ) {
    precondition(featureCount > 0, "Imputer needs featureCount > 0, got \(featureCount)")
    precondition(
      features.count % featureCount == 0,
      "Imputer: \(features.count) values do not fill rows of \(featureCount) features")
    precondition(
      strategy == .mean || strategy == .median,
      "Imputer: strategy must be .mean or .median, got .\(strategy)")
    let rowCount = features.count / featureCount
    for row in rows {
      precondition(
        (0..<rowCount).contains(row), "Imputer: row \(row) is out of range 0..<\(rowCount)")
    }
    var fillValues = [Double](repeating: 0, count: featureCount)
    var columnsWithoutValues: [Int] = []
    for column in 0..<featureCount {
      let values = rows.map { features[$0 * featureCount + column] }.filter { !$0.isNaN }
      guard !values.isEmpty else {
        columnsWithoutValues.append(column)
        continue
      }
      fillValues[column] = strategy == .mean ? mean(of: values) : median(of: values)
    }
    self.strategy = strategy
    self.fillValues = fillValues
    self.columnsWithoutValues = columnsWithoutValues
  }

  /// Replaces every NaN cell with its column's fill value.
  /// - Parameters:
  ///   - features: `[rowCount, featureCount]`, row-major.
  ///   - featureCount: the number of columns; must equal the fitted `featureCount`.
  /// - Returns: `[rowCount, featureCount]`, with no NaN.
  /// - Precondition: `featureCount == self.featureCount`; `features.count` is a multiple of it.
  public func transform(_ features: [Double], featureCount: Int) -> [Double] {
    precondition(
      featureCount == self.featureCount,
      "Imputer.transform: fitted on \(self.featureCount) features, given \(featureCount)")
    precondition(
      features.count % featureCount == 0,
      "Imputer.transform: \(features.count) values do not fill rows of \(featureCount) features")
    var result = features
    for index in result.indices where result[index].isNaN {
      result[index] = fillValues[index % featureCount]
    }
    return result
  }

  /// One sentence per column in `columnsWithoutValues`, such as
  /// `column "x" has no value in the training rows; its missing cells are filled with 0`.
  /// - Parameter featureNames: `[featureCount]` column names, such as `Dataset.featureNames`.
  /// - Precondition: `featureNames.count == featureCount`.
  public func notes(featureNames: [String]) -> [String] {
    precondition(
      featureNames.count == featureCount,
      "Imputer.notes: fitted on \(featureCount) features, given \(featureNames.count) names")
    return columnsWithoutValues.map {
      "column \"\(featureNames[$0])\" has no value in the training rows; its missing cells are"
        + " filled with 0"
    }
  }
}

extension Dataset {
  /// An `Imputer` for the NaN cells of `features`, fitted on `rows`, or `nil` when no cell is
  /// NaN. The strategy is `missingValuePolicy` if that is `.median`, and `.mean` otherwise.
  ///
  ///     if let imputer = data.imputer(fittingRows: train) {
  ///       features = imputer.transform(data.features, featureCount: data.featureCount)
  ///     }
  /// - Parameter rows: the training rows, each in `0..<rowCount`.
  /// - Precondition: `featureCount > 0`.
  public func imputer(fittingRows rows: [Int]) -> Imputer? {
    guard features.contains(where: \.isNaN) else { return nil }
    return Imputer(
      fitting: features, featureCount: featureCount, rows: rows,
      strategy: missingValuePolicy == .median ? .median : .mean)
  }
}

/// The mean of finite `values` (non-empty), computed in units of the largest magnitude so the
/// sum cannot overflow.
private func mean(of values: [Double]) -> Double {
  let magnitude = values.reduce(0) { Swift.max($0, Swift.abs($1)) }
  guard magnitude > 0 else { return 0 }
  let sum = values.reduce(0) { $0 + $1 / magnitude }
  return sum / Double(values.count) * magnitude
}

/// The median of finite `values` (non-empty): the middle value, or the mean of the two middle
/// values for an even count, halved before adding so it cannot overflow.
private func median(of values: [Double]) -> Double {
  let sorted = values.sorted()
  let middle = sorted.count / 2
  if sorted.count % 2 == 1 { return sorted[middle] }
  return sorted[middle - 1] / 2 + sorted[middle] / 2
}
