/// A dataset's columns split into features and one or more targets, for fitting a linear
/// regression to several targets at once (a Y matrix).
public struct RegressionData: Sendable, Equatable {
  /// `[rowCount, featureCount]`, row-major.
  public var features: [Double]
  /// The feature columns' names, in order.
  public var featureNames: [String]
  /// `[rowCount, targetCount]`, row-major.
  public var targets: [Double]
  /// The target columns' names, in order.
  public var targetNames: [String]
  /// The number of rows.
  public var rowCount: Int

  /// The dataset's target, followed by the feature columns named in `extraTargets` (which
  /// leave the features), as targets.
  /// - Throws: `DataError.unknownTargetColumn` for a name that is not a feature column (or is
  ///   the dataset's target twice).
  public init(_ dataset: Dataset, extraTargets: [String] = []) throws(DataError) {
    var indices: [Int] = []
    for name in extraTargets {
      guard let index = dataset.featureNames.firstIndex(of: name), !indices.contains(index)
      else {
        throw .unknownTargetColumn(
          file: dataset.name, name: name, available: dataset.featureNames)
      }
      indices.append(index)
    }
    let n = dataset.rowCount
    let d = dataset.featureCount
    let kept = (0..<d).filter { !indices.contains($0) }
    features = []
    features.reserveCapacity(n * kept.count)
    targets = []
    targets.reserveCapacity(n * (indices.count + 1))
    for row in 0..<n {
      for j in kept { features.append(dataset.features[row * d + j]) }
      targets.append(dataset.targets[row])
      for j in indices { targets.append(dataset.features[row * d + j]) }
    }
    featureNames = kept.map { dataset.featureNames[$0] }
    targetNames = [dataset.targetName] + indices.map { dataset.featureNames[$0] }
    rowCount = n
  }

  /// The number of targets.
  public var targetCount: Int { targetNames.count }
}

extension LinearRegression {
  /// Fits every target of `data` (see ``fit(features:rowCount:featureCount:targets:targetCount:featureNames:targetNames:onIteration:)``),
  /// calling `onIteration` after each gradient-descent update.
  public func fit(
    _ data: RegressionData, onIteration: (Int, Double) -> Void = { _, _ in }
  ) throws(RegressionError) -> LinearRegressionFit {
    try fit(
      features: data.features, rowCount: data.rowCount, featureCount: data.featureNames.count,
      targets: data.targets, targetCount: data.targetCount, featureNames: data.featureNames,
      targetNames: data.targetNames, onIteration: onIteration)
  }
}

extension LinearRegressionFit {
  /// MSE, RMSE, MAE and R² for each target of `data`: `[targetCount]`.
  public func metrics(_ data: RegressionData) -> [RegressionMetrics] {
    metrics(features: data.features, targets: data.targets, rowCount: data.rowCount)
  }
}
