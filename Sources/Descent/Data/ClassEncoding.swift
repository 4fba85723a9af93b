/// A numbering of the classes in a classification target: its distinct values, sorted
/// ascending, become the class indices `0..<classCount`.
///
///     let encoding = ClassEncoding(targets: [2, 0, 2, 1])
///     encoding.classValues                 // [0, 1, 2]
///     encoding.indices(for: [2, 0, 2, 1])  // [2, 0, 2, 1]
///     ClassEncoding(targets: [-1, 1]).indices(for: [1, -1])  // [1, 0]
///
/// Build it from every target of a dataset (not the training split alone), so every row's
/// value has an index.
public struct ClassEncoding: Sendable, Equatable {
  /// The distinct target values, ascending; `classValues[k]` is class `k`.
  public let classValues: [Double]

  /// The number of classes, `classValues.count`.
  public var classCount: Int { classValues.count }

  /// Numbers the distinct values of `targets` in ascending order.
  /// - Parameter targets: `[rowCount]` class values, such as `Dataset.targets`; finite.
  public init(targets: [Double]) {
    classValues = Array(Set(targets)).sorted()
  }

  /// The class index of `value`, or `nil` if it is not one of `classValues`.
  public func index(of value: Double) -> Int? {
    var low = 0
    var high = classValues.count
    while low < high {
      let middle = (low + high) / 2
      if classValues[middle] < value {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low < classValues.count && classValues[low] == value ? low : nil
  }

  /// The class index of each target, `[rowCount]`, each in `0..<classCount`.
  /// - Precondition: every value is one of `classValues`.
  public func indices(for targets: [Double]) -> [Int] {
    targets.map { value in
      guard let index = index(of: value) else {
        preconditionFailure(
          "ClassEncoding: target value \(value) is not one of the classes \(classValues)")
      }
      return index
    }
  }

  /// Whether `targets` look like class labels rather than a real-valued quantity: every value
  /// is a (finite) integer and there are at most 20 distinct values. An empty list gives
  /// `false`.
  public static func looksLikeClassification(_ targets: [Double]) -> Bool {
    guard !targets.isEmpty else { return false }
    var distinct = Set<Double>()
    for value in targets {
      guard value.isFinite, value.rounded() == value else { return false }
      distinct.insert(value)
      if distinct.count > 20 { return false }
    }
    return true
  }
}
