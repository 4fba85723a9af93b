/// What to do with a missing cell in a CSV file: one that is empty (after trimming spaces and
/// tabs) or holds exactly `NA`, `N/A` or `?` (case-sensitive; `na` or `n/a` are ordinary text).
///
/// | policy | missing feature cell | missing target cell |
/// | --- | --- | --- |
/// | `error` (default) | `DataError.missingCell`, naming line and column | the same |
/// | `drop` | the row is removed | the row is removed |
/// | `mean`, `median` | numeric: `NaN` in `features`, filled later by an `Imputer` fitted on the training rows; categorical: the category `<missing>` | the row is removed |
///
/// Removed rows and filled cells are reported in `Dataset.notes`.
public enum MissingValuePolicy: String, Sendable, CaseIterable {
  /// Refuse the file, naming the first missing cell's line and column.
  case error
  /// Remove every row with a missing cell in a used column (ignored columns do not count).
  case drop
  /// Fill a missing numeric feature with its column's mean over the training rows.
  case mean
  /// Fill a missing numeric feature with its column's median over the training rows.
  case median
}

/// How to read a CSV file into a `Dataset`: which column is the target, which are categories,
/// which to skip, and what to do with missing cells. The defaults read every column as a
/// number (or as categories when no cell of it is a number) with the last column as target.
///
///     let options = CSVOptions(target: "species", ignore: ["id"], missing: .drop)
///     let data = try Dataset.load(contentsOfFile: "flowers.csv", options: options)
///
/// A column may have at most one role: the target, ignored or categorical; a name given twice
/// is `DataError.conflictingColumnOptions`, and a name not in the header is
/// `DataError.unknownColumn`.
public struct CSVOptions: Sendable, Equatable {
  /// The target column's name; `nil` takes the last column that is not ignored.
  public var target: String?
  /// Feature columns to one-hot encode even if their cells look like numbers (such as zip
  /// codes). Columns where no cell is a number are one-hot encoded without being named here.
  public var categorical: [String] = []
  /// Columns to leave out entirely (such as an `id`): their cells are not read, so they may
  /// hold anything, missing cells included.
  public var ignore: [String] = []
  /// What to do with missing cells; `.error` by default.
  public var missing: MissingValuePolicy = .error

  /// Options for reading a CSV file; every parameter has the default described on its property.
  /// - Parameters:
  ///   - target: the target column's name, or `nil` for the last column not in `ignore`.
  ///   - categorical: feature columns to one-hot encode.
  ///   - ignore: columns to leave out.
  ///   - missing: the missing-cell policy.
  public init(
    target: String? = nil, categorical: [String] = [], ignore: [String] = [],
    missing: MissingValuePolicy = .error
  ) {
    self.target = target
    self.categorical = categorical
    self.ignore = ignore
    self.missing = missing
  }
}
