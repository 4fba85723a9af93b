import RealModule

/// Why a linear regression could not be fitted: something about the data, never a bug.
///
/// `description` is one sentence a person can act on, naming the row, column, shapes or
/// columns at fault:
///
///     row 17, column "bmi" holds nan; linear regression needs finite numbers
public enum RegressionError: Error, Equatable, CustomStringConvertible {
  /// There are no rows (or no feature columns) to fit.
  case emptyData(rowCount: Int, featureCount: Int)
  /// A feature or target value is NaN or infinite; `row` is 0-based, `column` a name.
  case nonFinite(row: Int, column: String, value: Double)
  /// An array does not have the length its shape calls for: `what` is `"features"`,
  /// `"targets"` or `"feature names"`.
  case shapeMismatch(what: String, expected: Int, got: Int)
  /// The normal equations XᵀX w = Xᵀy (X centered) are singular: the features have rank
  /// `rank` < `featureCount`; `columns` are those involved in the linear dependencies.
  case singularNormalEquations(rank: Int, featureCount: Int, columns: [String])
  /// The normal equations are too ill-conditioned for Cholesky to give an accurate answer:
  /// the estimated condition number of XᵀX is `conditionNumber` (> 10¹⁰).
  case illConditionedNormalEquations(conditionNumber: Double)

  /// One sentence naming the problem and what to do about it.
  public var description: String {
    switch self {
    case .emptyData(let rows, let features):
      return "cannot fit a linear regression to \(rows) rows and \(features) features;"
        + " it needs at least one row and one feature"
    case .nonFinite(let row, let column, let value):
      return "row \(row), column \"\(column)\" holds \(value); linear regression needs finite"
        + " numbers (drop or impute that cell)"
    case .shapeMismatch(let what, let expected, let got):
      return "\(what) have \(got) values where the shape calls for \(expected)"
    case .singularNormalEquations(let rank, let count, let columns):
      let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
      return "the normal equations XᵀX w = Xᵀy are singular (rank \(rank) of \(count)):"
        + " columns \(names) are collinear; use the QR solver, which returns the minimum-norm"
        + " solution, or a ridge penalty"
    case .illConditionedNormalEquations(let condition):
      return "the normal equations XᵀX w = Xᵀy are ill-conditioned (condition number about"
        + " \(Self.scientific(condition))); use the QR solver or a ridge penalty, or standardize"
        + " the features"
    }
  }

  private static func scientific(_ value: Double) -> String {
    guard value.isFinite, value > 0 else { return "\(value)" }
    let exponent = Int(Double.log10(value).rounded(.down))
    var mantissa = value
    for _ in 0..<Swift.abs(exponent) { mantissa = exponent > 0 ? mantissa / 10 : mantissa * 10 }
    return "\((mantissa * 10).rounded() / 10)e\(exponent)"
  }
}
