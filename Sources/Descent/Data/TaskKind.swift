/// What a dataset's target asks a model to do.
public enum TaskKind: Sendable, Equatable, CustomStringConvertible {
  /// Predict one of `classCount` classes, numbered `0..<classCount` in the target column.
  case classification(classCount: Int)
  /// Predict a real number, in the target column's units.
  case regression

  /// `"classification, 3 classes"` or `"regression"`.
  public var description: String {
    switch self {
    case .classification(let classCount):
      return "classification, \(classCount) class\(classCount == 1 ? "" : "es")"
    case .regression:
      return "regression"
    }
  }
}
