/// Why a dataset could not be loaded: a missing or unreadable file, a CSV whose contents cannot
/// be read as a table of examples, or `CSVOptions` that do not fit the file.
///
/// Each case names the file (its last path component, such as `digits.csv`) and, for a problem
/// inside the file, the physical line (1-based; the header is line 1, and a quoted field that
/// spans lines counts every line), the column's name and 1-based index, and the offending value.
/// `description` is one sentence a person can act on:
///
///     digits.csv, line 7, column "pixel_0_3" (4): "nan" is not a finite number
public enum DataError: Error, Equatable, CustomStringConvertible {
  /// No file or directory exists at `path`.
  case fileNotFound(path: String)
  /// The file exists but could not be read as UTF-8 text; `reason` says why.
  case unreadableFile(path: String, reason: String)
  /// The file holds no header row: it is empty or has only blank lines.
  case emptyFile(file: String)
  /// The file has a header row but no data rows.
  case noDataRows(file: String)
  /// The header has no column besides the target, so there are no features.
  case noFeatureColumns(file: String, target: String)
  /// A header cell (1-based `columnIndex`) is empty.
  case emptyColumnName(file: String, line: Int, columnIndex: Int)
  /// Two header cells have the same name, at 1-based indices `firstIndex` and `secondIndex`.
  case duplicateColumn(file: String, line: Int, name: String, firstIndex: Int, secondIndex: Int)
  /// The requested target column is not in the header; `available` lists the header's names.
  case unknownTargetColumn(file: String, name: String, available: [String])
  /// A data row has `found` fields where the header has `expected`.
  case raggedRow(file: String, line: Int, expected: Int, found: Int)
  /// A cell is missing (empty, only spaces and tabs, `NA`, `N/A` or `?`) and the policy is
  /// `MissingValuePolicy.error`.
  case missingCell(file: String, line: Int, column: String, columnIndex: Int)
  /// A cell that a saved model reads as a number is missing, and the model was trained with
  /// no value to put in its place (`--missing error`): only filling it in helps.
  case missingCellForModel(file: String, line: Int, column: String, columnIndex: Int)
  /// A cell of a numeric feature column (one where other cells are numbers) is not a decimal
  /// number; `value` is the cell as written, spaces trimmed.
  case notANumber(file: String, line: Int, column: String, columnIndex: Int, value: String)
  /// A cell of a column that a saved model reads as numbers (a numeric feature, or a
  /// regression target) is not a decimal number: the model, not the file, fixes the column's
  /// kind, so only correcting the cell helps. `value` is the cell as written, spaces trimmed.
  case notANumberForModel(
    file: String, line: Int, column: String, columnIndex: Int, value: String)
  /// A cell of the target column is not a number although other target cells are, so the
  /// target is neither numeric nor class names; `value` is the cell as written, spaces trimmed.
  case mixedTarget(file: String, line: Int, column: String, columnIndex: Int, value: String)
  /// A cell parses to NaN or an infinity, such as `nan` or `inf`.
  case notFinite(file: String, line: Int, column: String, columnIndex: Int, value: String)
  /// Every cell of the first row is a number: the file seems to lack a header row.
  case headerIsNumeric(file: String, line: Int, fields: [String])
  /// The header is one column holding `separator`: the file is not comma-separated.
  case wrongSeparator(file: String, line: Int, separator: String)
  /// A column named in an option is not in the header; `option` is the option's flag, such as
  /// `"--ignore"` or `"--categorical"`, and `available` lists the header's names.
  case unknownColumn(file: String, name: String, option: String, available: [String])
  /// A target cell that is none of the model's classes.
  case unknownClass(
    file: String, line: Int, column: String, columnIndex: Int, value: String, classes: [String])
  /// A column the model reads is not in the file.
  case missingFeatureColumn(file: String, name: String, available: [String])
  /// A column is given more than one role; `roles` says which, such as
  /// `["the target", "in --categorical"]`.
  case conflictingColumnOptions(column: String, roles: [String])
  /// Every one of the file's `rowCount` data rows was dropped for a missing cell: any used cell
  /// under `MissingValuePolicy.drop`, the target cell under `.mean` and `.median`.
  case allRowsDropped(file: String, rowCount: Int)
  /// A quoted field opens on `line` and is never closed.
  case unterminatedQuote(file: String, line: Int)
  /// `name` is neither a bundled dataset nor an existing CSV file; `available` lists the
  /// bundled datasets' names.
  case unknownDataset(name: String, available: [String])

  /// One sentence naming the file, line, column and value involved, and what was expected.
  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "no file at \(path); check the path, or name a bundled dataset"
    case .unreadableFile(let path, let reason):
      return "cannot read \(path): \(reason)"
    case .emptyFile(let file):
      return "\(file) is empty; expected a header row naming the columns, then rows of numbers"
    case .noDataRows(let file):
      return "\(file) has a header row but no data rows"
    case .noFeatureColumns(let file, let target):
      return "\(file) has only the target column \(quoted(target)); at least one feature column"
        + " is needed"
    case .emptyColumnName(let file, let line, let columnIndex):
      return "\(file), line \(line): column \(columnIndex) of the header has no name"
    case .duplicateColumn(let file, let line, let name, let firstIndex, let secondIndex):
      return "\(file), line \(line): column name \(quoted(name)) appears twice,"
        + " as columns \(firstIndex) and \(secondIndex); column names must be unique"
    case .unknownTargetColumn(let file, let name, let available):
      return "\(file) has no column \(quoted(name)); available columns: "
        + available.map(quoted).joined(separator: ", ")
    case .raggedRow(let file, let line, let expected, let found):
      return "\(file), line \(line): expected \(expected) fields as in the header, found \(found)"
    case .missingCell(let file, let line, let column, let columnIndex):
      return "\(file), line \(line), column \(quoted(column)) (\(columnIndex)): the cell is missing"
        + " (empty, NA, N/A or ?); fill it in, or choose --missing drop, mean or median"
    case .missingCellForModel(let file, let line, let column, let columnIndex):
      return "\(file), line \(line), column \(quoted(column)) (\(columnIndex)): the cell is missing"
        + " (empty, NA, N/A or ?); fill it in (the model was trained without a value to put in"
        + " place of a missing one; train with --missing mean or median for that)"
    case .notANumber(let file, let line, let column, let columnIndex, let value):
      return
        "\(file), line \(line), column \(quoted(column)) (\(columnIndex)): \(JSONValue.string(value).text)"
        + " is not a number, unlike the column's other cells; correct it, or name the column in"
        + " --categorical if it holds categories"
    case .notANumberForModel(let file, let line, let column, let columnIndex, let value):
      return
        "\(file), line \(line), column \(quoted(column)) (\(columnIndex)): \(JSONValue.string(value).text)"
        + " is not a number; correct it (the model reads this column as numbers)"
    case .mixedTarget(let file, let line, let column, let columnIndex, let value):
      return
        "\(file), line \(line), column \(quoted(column)) (\(columnIndex)): \(JSONValue.string(value).text)"
        + " is not a number, unlike the target's other cells; correct it, or write every class"
        + " as a name"
    case .notFinite(let file, let line, let column, let columnIndex, let value):
      return
        "\(file), line \(line), column \(quoted(column)) (\(columnIndex)): \(JSONValue.string(value).text)"
        + " is not a finite number"
    case .headerIsNumeric(let file, let line, let fields):
      let shown = fields.prefix(4).joined(separator: ",") + (fields.count > 4 ? ",…" : "")
      return
        "\(file), line \(line): the first row (\(JSONValue.string(shown).text)) holds only numbers; the"
        + " file needs a header row naming the columns"
    case .wrongSeparator(let file, let line, let separator):
      let name = separator == "\t" ? "tabs" : "\"\(separator)\""
      return "\(file), line \(line): the header is one column separated by \(name); Descent"
        + " reads comma-separated files"
    case .unknownColumn(let file, let name, let option, let available):
      return "\(file) has no column \(quoted(name)) (named in \(option)); available columns: "
        + available.map(quoted).joined(separator: ", ")
    case .unknownClass(let file, let line, let column, let columnIndex, let value, let classes):
      return
        "\(file), line \(line), column \(quoted(column)) (\(columnIndex)): \(JSONValue.string(value).text) "
        + "is not one of the model's classes ("
        + classes.map { JSONValue.string($0).text }.joined(separator: ", ") + ")"
    case .missingFeatureColumn(let file, let name, let available):
      return "\(file) has no column \(quoted(name)), which the model reads; available columns: "
        + available.map(quoted).joined(separator: ", ")
    case .conflictingColumnOptions(let column, let roles):
      let hint =
        roles.contains("the target") && roles.contains("in --categorical")
        ? " (a target whose cells are not numbers is read as class names without it)" : ""
      return "column \(quoted(column)) is \(roles.joined(separator: " and ")); a column can be only"
        + " one of the target, ignored or categorical" + hint
    case .allRowsDropped(let file, let rowCount):
      return "all \(rowCount) data rows of \(file) were dropped for a missing cell (a missing"
        + " target drops its row under every --missing policy but error), leaving none"
    case .unterminatedQuote(let file, let line):
      return "\(file), line \(line): a quoted field opens here and is never closed"
    case .unknownDataset(let name, let available):
      return "unknown dataset \(quoted(name)); bundled datasets: "
        + available.joined(separator: ", ") + " (a path to a CSV file also works)"
    }
  }

  /// A name or value from the user's file as it appears in a message: in double quotes, with
  /// quotes, backslashes, line breaks and other control characters escaped as in JSON, so the
  /// message stays one line.
  private func quoted(_ text: String) -> String { JSONValue.string(text).text }
}
