import Foundation

/// Statistics of one column of a `Dataset`, as `descent datasets --show` prints them.
///
/// Over the column's non-missing (non-NaN) values: `mean`, the population `standardDeviation`
/// (divisor n, as `Standardizer`), `minimum` and `maximum`, in the column's units. With no
/// such value (`count == 0`) all four are NaN. A constant column has standard deviation 0.
public struct ColumnSummary: Sendable, Equatable {
  /// The column's name: a feature name (`color=red` for a one-hot column) or the target's.
  public var name: String
  /// The number of non-missing values.
  public var count: Int
  /// The number of missing (NaN) values, waiting for an `Imputer`.
  public var missing: Int
  /// The mean of the non-missing values.
  public var mean: Double
  /// The population standard deviation of the non-missing values, sqrt(mean((x − mean)²)).
  public var standardDeviation: Double
  /// The smallest non-missing value.
  public var minimum: Double
  /// The largest non-missing value.
  public var maximum: Double

  /// Summarizes `values`, skipping NaN.
  init(name: String, values: [Double]) {
    let present = values.filter { !$0.isNaN }
    self.name = name
    count = present.count
    missing = values.count - present.count
    guard let low = present.min(), let high = present.max() else {
      mean = .nan
      standardDeviation = .nan
      minimum = .nan
      maximum = .nan
      return
    }
    minimum = low
    maximum = high
    // Work in units of the largest magnitude, so neither the sum nor the squares overflow.
    let magnitude = Swift.max(Swift.abs(low), Swift.abs(high))
    guard magnitude > 0, low != high else {
      mean = low
      standardDeviation = 0
      return
    }
    let n = Double(present.count)
    let scaledMean = present.reduce(0) { $0 + $1 / magnitude } / n
    let squares = present.reduce(0) { sum, x in
      let d = x / magnitude - scaledMean
      return sum + d * d
    }
    mean = scaledMean * magnitude
    standardDeviation = (squares / n).squareRoot() * magnitude
  }
}

extension Dataset {
  /// One summary per feature column, in order, then one for the target (class indices for a
  /// target of class names).
  /// - Returns: `featureCount + 1` summaries.
  public func columnSummaries() -> [ColumnSummary] {
    var summaries = featureNames.indices.map { column in
      ColumnSummary(
        name: featureNames[column],
        values: stride(from: column, to: features.count, by: featureCount).map { features[$0] })
    }
    summaries.append(ColumnSummary(name: targetName, values: targets))
    return summaries
  }

  /// The first rows as a text table, one line per row under a header of column names, the
  /// target last; cells are right-aligned and separated by two spaces. Numbers are written as
  /// Swift writes them (`5.1`, `1e-05`), whole numbers without a fraction (`3`); a missing cell
  /// is `NA`; a class target shows its class name. When rows are left out, a last line says
  /// how many (`… 145 more rows`).
  ///
  ///     sepal_length  sepal_width  petal_length  petal_width  species
  ///              5.1          3.5           1.4          0.2   setosa
  /// - Parameter rows: the most rows to show, 5 by default.
  /// - Precondition: `rows >= 0`.
  public func preview(rows: Int = 5) -> String {
    precondition(rows >= 0, "Dataset.preview: rows must not be negative, got \(rows)")
    var table = [featureNames + [targetName]]
    for row in 0..<Swift.min(rows, rowCount) {
      let target = className(of: targets[row]) ?? formatted(targets[row])
      table.append(featureRow(row).map(formatted) + [target])
    }
    var text = textTable(table, leftAligned: [])
    if rowCount > rows {
      text += "\n… \(rowCount - rows) more row\(rowCount - rows == 1 ? "" : "s")"
    }
    return text
  }

  /// `columnSummaries()` as a text table: a row per column with its count, missing count,
  /// mean, standard deviation, minimum and maximum (4 significant digits, `-` when there is no
  /// value). A target of class names has no mean or spread (its values are class indices):
  /// its row shows `-` for them, and a last line gives each class's index, name and row
  /// count instead.
  ///
  ///     column        count  missing   mean     std  min  max
  ///     sepal_length    150        0  5.843  0.8253  4.3  7.9
  ///     …
  ///     species         150        0      -       -    -    -
  ///     classes: 0 setosa (50), 1 versicolor (50), 2 virginica (50)
  public func summaryTable() -> String {
    var table = [["column", "count", "missing", "mean", "std", "min", "max"]]
    for (column, summary) in columnSummaries().enumerated() {
      let isClassTarget = column == featureCount && classNames != nil
      let statistics =
        isClassTarget
        ? [Double](repeating: .nan, count: 4)
        : [summary.mean, summary.standardDeviation, summary.minimum, summary.maximum]
      table.append(
        [summary.name, String(summary.count), String(summary.missing)]
          + statistics.map { $0.isNaN ? "-" : String(format: "%.4g", $0) })
    }
    var text = textTable(table, leftAligned: [0])
    if let classNames {
      var counts = [Int](repeating: 0, count: classNames.count)
      for target in targets {
        if let index = Int(exactly: target), counts.indices.contains(index) { counts[index] += 1 }
      }
      let classes = classNames.indices.map { "\($0) \(classNames[$0]) (\(counts[$0]))" }
      text += "\nclasses: " + classes.joined(separator: ", ")
    }
    return text
  }
}

/// A number as the preview shows it: whole numbers below 10¹⁵ without a fraction, NaN as `NA`,
/// others as Swift's shortest round-tripping form.
private func formatted(_ value: Double) -> String {
  if value.isNaN { return "NA" }
  if value.rounded() == value && Swift.abs(value) < 1e15 { return String(Int64(value)) }
  return String(value)
}

/// `rows` as lines of cells padded to each column's widest cell (counted in characters) and
/// joined by two spaces; columns in `leftAligned` are padded on the right, others on the left.
/// Line breaks inside cells are written as `\n` and `\r`; trailing spaces are trimmed.
private func textTable(_ rows: [[String]], leftAligned: Set<Int>) -> String {
  let rows = rows.map { row in
    row.map {
      $0.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }
  }
  let columnCount = rows.map(\.count).max() ?? 0
  let widths = (0..<columnCount).map { column in
    rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
  }
  return rows.map { row in
    let cells = row.enumerated().map { column, cell in
      let padding = String(repeating: " ", count: widths[column] - cell.count)
      return leftAligned.contains(column) ? cell + padding : padding + cell
    }
    var line = cells.joined(separator: "  ")
    while line.last == " " { line.removeLast() }
    return line
  }.joined(separator: "\n")
}
