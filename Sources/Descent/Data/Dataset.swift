/// A table of numeric examples: a feature matrix and one target value per row.
///
/// Features are stored row-major in one flat array of shape `[rowCount, featureCount]`, so the
/// value of feature `j` in row `i` is `features[i * featureCount + j]`. Targets have shape
/// `[rowCount]`: a class value for classification (see `ClassEncoding`), a real number for
/// regression, in the units of the file it came from.
///
///     let iris = try BundledDataset.iris.load()
///     iris.rowCount      // 150
///     iris.featureCount  // 4
///     iris.features[0..<4]  // [5.1, 3.5, 1.4, 0.2]
public struct Dataset: Sendable, Equatable {
  /// A short name for the data, such as `"iris"`: the file name without its extension.
  public var name: String
  /// One name per feature column, in the order of `features`' columns; `featureCount` entries.
  public var featureNames: [String]
  /// The name of the target column, such as `"species"`.
  public var targetName: String
  /// The feature matrix, row-major, shape `[rowCount, featureCount]`.
  public var features: [Double]
  /// The target of each row, shape `[rowCount]`.
  public var targets: [Double]

  /// The number of examples (rows), `targets.count`.
  public var rowCount: Int { targets.count }

  /// The number of feature columns, `featureNames.count`.
  public var featureCount: Int { featureNames.count }

  /// Creates a dataset from its parts.
  /// - Parameters:
  ///   - name: a short name used in messages and reports.
  ///   - featureNames: `[featureCount]` column names.
  ///   - targetName: the target column's name.
  ///   - features: `[rowCount, featureCount]`, row-major.
  ///   - targets: `[rowCount]`.
  /// - Precondition: `features.count == targets.count * featureNames.count`.
  public init(
    name: String, featureNames: [String], targetName: String, features: [Double],
    targets: [Double]
  ) {
    precondition(
      features.count == targets.count * featureNames.count,
      "Dataset \"\(name)\": \(features.count) feature values do not fill \(targets.count) rows"
        + " × \(featureNames.count) features (\(targets.count * featureNames.count) values)")
    self.name = name
    self.featureNames = featureNames
    self.targetName = targetName
    self.features = features
    self.targets = targets
  }

  /// The features of row `index`, `[featureCount]`.
  /// - Precondition: `0 <= index < rowCount`.
  public func featureRow(_ index: Int) -> ArraySlice<Double> {
    precondition(
      (0..<rowCount).contains(index),
      "Dataset \"\(name)\": row \(index) is out of range 0..<\(rowCount)")
    return features[(index * featureCount)..<((index + 1) * featureCount)]
  }

  /// A dataset holding the given rows, in the given order (rows may repeat), with the same
  /// name and columns; used to cut train and test sets out of the indices of `trainTestSplit`.
  /// - Parameter rows: row indices, each in `0..<rowCount`.
  /// - Returns: a dataset with `rows.count` rows.
  /// - Precondition: every index is in `0..<rowCount`.
  public func selecting(rows: [Int]) -> Dataset {
    var newFeatures: [Double] = []
    newFeatures.reserveCapacity(rows.count * featureCount)
    var newTargets: [Double] = []
    newTargets.reserveCapacity(rows.count)
    for row in rows {
      newFeatures.append(contentsOf: featureRow(row))
      newTargets.append(targets[row])
    }
    return Dataset(
      name: name, featureNames: featureNames, targetName: targetName, features: newFeatures,
      targets: newTargets)
  }
}
