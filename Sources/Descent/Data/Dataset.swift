/// A table of numeric examples: a feature matrix and one target value per row.
///
/// Features are stored row-major in one flat array of shape `[rowCount, featureCount]`, so the
/// value of feature `j` in row `i` is `features[i * featureCount + j]`. Targets have shape
/// `[rowCount]`: a class value for classification (see `ClassEncoding`), a real number for
/// regression, in the units of the file it came from. A target read from class names holds
/// their indices `0..<classCount`, and `classNames` maps them back.
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
  /// The feature matrix, row-major, shape `[rowCount, featureCount]`. Finite, except that a
  /// cell missing from a file loaded with `MissingValuePolicy.mean` or `.median` is NaN until
  /// filled by the `Imputer` of `imputer(fittingRows:)`.
  public var features: [Double]
  /// The target of each row, shape `[rowCount]`; with `classNames`, a class index as a Double.
  public var targets: [Double]
  /// The class names of a target read from names, such as `["setosa", "versicolor",
  /// "virginica"]`: target value `k` is class `classNames[k]`. `nil` for a numeric target.
  public var classNames: [String]?
  /// What was decided while loading, one sentence each, in the order made, such as
  /// `"dropped 3 rows with missing cells (line 4, line 7, line 9)"`; empty if nothing was.
  public var notes: [String]
  /// The missing-cell policy the data were loaded with; `.mean` or `.median` says how the NaN
  /// cells of `features` are to be filled. `.error` for a dataset built in memory.
  public var missingValuePolicy: MissingValuePolicy

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
  ///   - classNames: the class names a class target's values index, or `nil` (the default).
  ///   - notes: what was decided while loading; empty by default.
  ///   - missingValuePolicy: how NaN features are to be filled; `.error` by default.
  /// - Precondition: `features.count == targets.count * featureNames.count`; with
  ///   `classNames`, every target is an index into it.
  public init(
    name: String, featureNames: [String], targetName: String, features: [Double],
    targets: [Double], classNames: [String]? = nil, notes: [String] = [],
    missingValuePolicy: MissingValuePolicy = .error
  ) {
    precondition(
      features.count == targets.count * featureNames.count,
      "Dataset \"\(name)\": \(features.count) feature values do not fill \(targets.count) rows"
        + " × \(featureNames.count) features (\(targets.count * featureNames.count) values)")
    if let classNames,
      let bad = targets.first(where: { Self.classIndex($0, of: classNames) == nil })
    {
      preconditionFailure(
        "Dataset \"\(name)\": target \(bad) is not an index into \(classNames.count) class names")
    }
    self.name = name
    self.featureNames = featureNames
    self.targetName = targetName
    self.features = features
    self.targets = targets
    self.classNames = classNames
    self.notes = notes
    self.missingValuePolicy = missingValuePolicy
  }

  /// The class name of target value `value`, `classNames[Int(value)]`, or `nil` for a numeric
  /// target or a value that is not an index into `classNames`.
  public func className(of value: Double) -> String? {
    guard let classNames, let index = Self.classIndex(value, of: classNames) else { return nil }
    return classNames[index]
  }

  /// `value` as an index into `classNames`, or nil if it is not a whole number in range.
  private static func classIndex(_ value: Double, of classNames: [String]) -> Int? {
    guard value >= 0, value < Double(classNames.count), value.rounded() == value else {
      return nil
    }
    return Int(value)
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
  /// name, columns, class names, notes and policy; used to cut train and test sets out of the indices of `trainTestSplit`.
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
      targets: newTargets, classNames: classNames, notes: notes,
      missingValuePolicy: missingValuePolicy)
  }
}
