import Foundation

extension Dataset {
  /// Loads a CSV file with default options except the target. See
  /// `load(csv:source:options:)` for the format, the rules and the errors.
  /// - Parameters:
  ///   - path: the file's path, absolute or relative to the current directory; UTF-8 text.
  ///   - target: the name of the target column; `nil` (the default) takes the last column.
  /// - Returns: a dataset named after the file without its extension (`data.csv` → `"data"`).
  /// - Throws: the errors of `load(contentsOfFile:options:)`.
  public static func load(contentsOfFile path: String, target: String? = nil) throws(DataError)
    -> Dataset
  {
    try load(contentsOfFile: path, options: CSVOptions(target: target))
  }

  /// Loads a CSV file: a header row naming the columns, then one row per example. See
  /// `load(csv:source:options:)` for the format, the rules and the errors.
  /// - Parameters:
  ///   - path: the file's path, absolute or relative to the current directory; UTF-8 text.
  ///   - options: the target, categorical and ignored columns, and the missing-cell policy.
  /// - Returns: a dataset named after the file without its extension (`data.csv` → `"data"`).
  /// - Throws: `DataError.fileNotFound` if nothing is at `path`, `.unreadableFile` for a
  ///   directory, a read failure or bytes that are not UTF-8, and any error of
  ///   `load(csv:source:options:)`, naming the file by its last path component.
  public static func load(contentsOfFile path: String, options: CSVOptions) throws(DataError)
    -> Dataset
  {
    let (text, file) = try readCSVText(atPath: path)
    return try load(csv: text, source: file, options: options)
  }

  /// Parses CSV text with default options except the target; see `load(csv:source:options:)`.
  /// - Parameters:
  ///   - text: the whole CSV text.
  ///   - source: the file name used in error messages, such as `"data.csv"`.
  ///   - target: the name of the target column; `nil` (the default) takes the last column.
  /// - Throws: the errors of `load(csv:source:options:)`.
  public static func load(csv text: String, source: String, target: String? = nil)
    throws(DataError) -> Dataset
  {
    try load(csv: text, source: source, options: CSVOptions(target: target))
  }

  /// Parses a table of examples from CSV text (RFC 4180, as read by CSV.swift's `CSVReader`).
  ///
  /// **Layout.** The first non-blank line is the header; names are trimmed of surrounding
  /// spaces and tabs and must be non-empty and unique. Every later record must have as many
  /// fields as the header. Blank lines are skipped, a leading UTF-8 byte-order mark is removed,
  /// lines may end in LF, CRLF or CR, fields may be quoted (`"a, b"`, `"say ""hi"""`), and
  /// cells are trimmed of surrounding spaces and tabs.
  ///
  /// **Columns.** Columns in `options.ignore` are left out first: their cells are never read.
  /// The target is `options.target`, or else the last remaining column; the other remaining
  /// columns, in file order, are the features. A cell is *missing* when it is empty, `NA`,
  /// `N/A` or `?` (see `MissingValuePolicy` for what happens then). Every other cell is read
  /// by its column's kind:
  /// - A feature column named in `options.categorical`, or one where no cell is a number, is
  ///   *categorical*: it is one-hot encoded, in its place, as columns `name=value`, one per
  ///   distinct value (as written, trimmed) in the loaded rows, sorted by `String` `<` (code-point
  ///   order: `B` before `a`, `10` before `9`), 1 in the row's category and 0 elsewhere. A
  ///   missing cell under `.mean` or `.median` is the category `name=<missing>`, placed last.
  ///   Categories come from the whole file, not a training split: they are a schema.
  /// - A target column where no cell is a number holds *class names*: the distinct names,
  ///   sorted by `String` `<` (as scikit-learn's `LabelEncoder`), become `classNames`, and each
  ///   target is its name's index `0..<classCount` as a `Double`.
  /// - Any other column is numeric: every cell must be a finite decimal number as `Double`
  ///   reads it (`3`, `-0.5`, `1e-3`; not `0x10`, `nan` or `inf`). A non-number in a column
  ///   whose other cells are numbers is taken for a typo and refused, naming it.
  ///
  /// What was decided on the way (ignored, one-hot encoded and dropped columns and rows,
  /// class names, cells to impute) is written to `notes`, one sentence each, and so is a
  /// feature column that looks like a row identifier, with the `--ignore` that leaves it out:
  /// one named `id` or `index`, or one holding 0, 1, …, n − 1 or 1, 2, …, n in row order
  /// (n ≥ 3), unless it is the only feature. The features are the same either way.
  ///
  /// Line numbers in errors are physical lines of the text, 1-based, the header's first line
  /// being line 1: a quoted field holding a line break moves every later line number down.
  /// - Parameters:
  ///   - text: the whole CSV text.
  ///   - source: the file name used in error messages, such as `"data.csv"`; the dataset's
  ///     `name` is this without its extension.
  ///   - options: the target, categorical and ignored columns, and the missing-cell policy.
  /// - Returns: a dataset with one row per kept data row, whose features are the numeric
  ///   columns and the one-hot columns in file order, `missingValuePolicy` set to
  ///   `options.missing`, and `classNames` set for a target of class names.
  /// - Throws: `DataError`: `.emptyFile` (no header), `.headerIsNumeric`, `.emptyColumnName`,
  ///   `.duplicateColumn`, `.unknownTargetColumn` and `.unknownColumn` (listing the header's
  ///   names), `.conflictingColumnOptions`, `.wrongSeparator`, `.noFeatureColumns`,
  ///   `.noDataRows`, `.raggedRow` (field count differs from the header's), `.unterminatedQuote`,
  ///   `.missingCell` (under `.error`), `.notANumber`, `.mixedTarget`, `.notFinite`,
  ///   `.allRowsDropped`.
  public static func load(csv text: String, source: String, options: CSVOptions)
    throws(DataError) -> Dataset
  {
    let records = try readRecords(text, file: source).filter { !$0.isBlank }
    guard let header = records.first else { throw .emptyFile(file: source) }
    let names = try columnNames(of: header, file: source)
    let layout = try ColumnLayout(names: names, options: options, file: source, header: header)
    let rows = Array(records.dropFirst())
    guard !rows.isEmpty else { throw .noDataRows(file: source) }
    var reader = TableReader(
      names: names, layout: layout, policy: options.missing, file: source)
    try reader.read(rows)
    return try reader.dataset(
      name: URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent)
  }
}

/// The trimmed names of the header's fields, checked: not all numbers, none empty, no two
/// alike.
private func columnNames(of header: CSVRecord, file: String) throws(DataError) -> [String] {
  let names = header.fields.map(trimmingSpacesAndTabs)
  if names.allSatisfy({ decimalNumber($0) != nil }) {
    throw .headerIsNumeric(file: file, line: header.line, fields: names)
  }
  var indexByName: [String: Int] = [:]
  for (index, name) in names.enumerated() {
    guard !name.isEmpty else {
      throw .emptyColumnName(file: file, line: header.line(ofField: index), columnIndex: index + 1)
    }
    if let first = indexByName[name] {
      throw .duplicateColumn(
        file: file, line: header.line, name: name, firstIndex: first + 1,
        secondIndex: index + 1)
    }
    indexByName[name] = index
  }
  return names
}

/// The role of each header column, from `CSVOptions`: the target, the features in file order
/// (some forced categorical), and the ignored columns.
private struct ColumnLayout {
  /// The target's 0-based column index.
  var target: Int
  /// The feature columns' 0-based indices, ascending.
  var features: [Int]
  /// The columns named in `CSVOptions.categorical`.
  var forcedCategorical: Set<Int>
  /// The columns named in `CSVOptions.ignore`, ascending.
  var ignored: [Int]

  init(names: [String], options: CSVOptions, file: String, header: CSVRecord) throws(DataError) {
    var indexByName: [String: Int] = [:]
    for (index, name) in names.enumerated() { indexByName[name] = index }
    func index(of name: String, option: String) throws(DataError) -> Int {
      guard let index = indexByName[name] else {
        throw .unknownColumn(file: file, name: name, option: option, available: names)
      }
      return index
    }
    if let target = options.target, indexByName[target] == nil {
      throw .unknownTargetColumn(file: file, name: target, available: names)
    }
    guard names.count >= 2 else {
      if let separator = [";", "\t", "|"].first(where: { names[0].contains($0) }) {
        throw .wrongSeparator(file: file, line: header.line, separator: separator)
      }
      throw .noFeatureColumns(file: file, target: names[0])
    }
    var ignored = Set<Int>()
    for name in options.ignore { ignored.insert(try index(of: name, option: "--ignore")) }
    var categorical = Set<Int>()
    for name in options.categorical {
      let column = try index(of: name, option: "--categorical")
      if ignored.contains(column) {
        throw .conflictingColumnOptions(column: name, roles: ["in --ignore", "in --categorical"])
      }
      categorical.insert(column)
    }
    let target: Int
    if let name = options.target, let column = indexByName[name] {
      target = column
    } else if let column = names.indices.last(where: { !ignored.contains($0) }) {
      target = column
    } else {
      throw .conflictingColumnOptions(
        column: names[names.count - 1], roles: ["the target (the last column)", "in --ignore"])
    }
    if ignored.contains(target) {
      throw .conflictingColumnOptions(column: names[target], roles: ["the target", "in --ignore"])
    }
    if categorical.contains(target) {
      throw .conflictingColumnOptions(
        column: names[target], roles: ["the target", "in --categorical"])
    }
    let features = names.indices.filter { $0 != target && !ignored.contains($0) }
    guard !features.isEmpty else { throw .noFeatureColumns(file: file, target: names[target]) }
    self.target = target
    self.features = features
    self.forcedCategorical = categorical
    self.ignored = ignored.sorted()
  }
}

/// One read cell of a used column.
private enum Cell {
  case number(Double)
  case text(String)
  case missing
}

/// Reads the data rows of a CSV table in two passes (the kind of each column, then the cells)
/// and assembles the dataset.
private struct TableReader {
  let names: [String]
  let layout: ColumnLayout
  let policy: MissingValuePolicy
  let file: String
  /// The used columns (features, then the target), 0-based header indices, ascending.
  let used: [Int]
  /// Whether each header column is read as text: categorical features, a class-name target.
  var isText: [Bool]
  /// The kept rows' cells, `[row][header column]`; ignored columns hold `.missing`.
  var cells: [[Cell]] = []
  /// The physical lines of the dropped rows.
  var droppedLines: [Int] = []
  /// The number of data rows read, kept or dropped.
  var rowCount = 0

  init(names: [String], layout: ColumnLayout, policy: MissingValuePolicy, file: String) {
    self.names = names
    self.layout = layout
    self.policy = policy
    self.file = file
    self.used = (layout.features + [layout.target]).sorted()
    self.isText = [Bool](repeating: false, count: names.count)
  }

  /// Checks every row's field count (a ragged row anywhere is reported first), decides each
  /// column's kind, then reads every used cell in file order, row by row, so the first bad
  /// cell in the file is the one reported.
  mutating func read(_ rows: [CSVRecord]) throws(DataError) {
    rowCount = rows.count
    var hasNumber = [Bool](repeating: false, count: names.count)
    var hasText = [Bool](repeating: false, count: names.count)
    for row in rows {
      guard row.fields.count == names.count else {
        throw .raggedRow(
          file: file, line: row.line, expected: names.count, found: row.fields.count)
      }
      for column in used {
        let cell = trimmingSpacesAndTabs(row.fields[column])
        if isMissingCell(cell) { continue }
        if decimalNumber(cell) != nil { hasNumber[column] = true } else { hasText[column] = true }
      }
    }
    for column in used {
      isText[column] =
        layout.forcedCategorical.contains(column) || (hasText[column] && !hasNumber[column])
    }
    for row in rows {
      var values = [Cell](repeating: .missing, count: names.count)
      var drop = false
      for column in used {
        let cell = trimmingSpacesAndTabs(row.fields[column])
        // Where the cell is, for an error; counting line breaks is left until one is thrown.
        func place() -> (line: Int, column: String, columnIndex: Int) {
          (row.line(ofField: column), names[column], column + 1)
        }
        if isMissingCell(cell) {
          if policy == .error {
            let (line, name, index) = place()
            throw .missingCell(file: file, line: line, column: name, columnIndex: index)
          }
          drop = drop || policy == .drop || column == layout.target
        } else if isText[column] {
          values[column] = .text(cell)
        } else {
          guard let value = decimalNumber(cell) else {
            let (line, name, index) = place()
            if column == layout.target {
              throw .mixedTarget(
                file: file, line: line, column: name, columnIndex: index, value: cell)
            }
            throw .notANumber(file: file, line: line, column: name, columnIndex: index, value: cell)
          }
          guard value.isFinite else {
            let (line, name, index) = place()
            throw .notFinite(file: file, line: line, column: name, columnIndex: index, value: cell)
          }
          values[column] = .number(value)
        }
      }
      if drop {
        droppedLines.append(row.line)
      } else {
        cells.append(values)
      }
    }
  }

  /// The distinct values of text column `column` in the kept rows, sorted, with `<missing>`
  /// last if a kept cell is missing.
  func categories(of column: Int) -> [String] {
    var values = Set<String>()
    var hasMissing = false
    for row in cells {
      switch row[column] {
      case .text(let value): values.insert(value)
      case .missing: hasMissing = true
      case .number: break
      }
    }
    return values.sorted() + (hasMissing ? [missingCategory] : [])
  }

  /// The number of missing cells of `column` in the kept rows.
  func missingCount(of column: Int) -> Int {
    cells.reduce(0) { count, row in
      if case .missing = row[column] { return count + 1 }
      return count
    }
  }

  /// A note suggesting `--ignore` for feature column `column` when it looks like a row
  /// identifier rather than a measurement: it is named `id` or `index` (any case), or its kept
  /// cells are the numbers 0, 1, …, n − 1 or 1, 2, …, n in row order (n ≥ 3). Nil otherwise,
  /// and nil when it is the only feature column (ignoring it would leave none).
  func idLikeNote(_ column: Int) -> String? {
    guard layout.features.count > 1 else { return nil }
    let name = names[column]
    let reason: String
    if let first = counting(column) {
      reason =
        "holds the numbers \(first) to \(first + cells.count - 1) in row order, like a row number"
    } else if ["id", "index"].contains(name.lowercased()) {
      reason = "is named like a row identifier"
    } else {
      return nil
    }
    return "column \"\(name)\" \(reason), and is used as a feature; if it is not one, "
      + "leave it out with --ignore \(shellWord(name))"
  }

  /// 0 or 1 when numeric column `column`'s kept cells count up by one from it in row order,
  /// over at least 3 rows; nil otherwise.
  private func counting(_ column: Int) -> Int? {
    guard !isText[column], cells.count >= 3 else { return nil }
    for first in [0, 1] {
      let counts = cells.enumerated().allSatisfy { row, values in
        if case .number(let value) = values[column] { return value == Double(row + first) }
        return false
      }
      if counts { return first }
    }
    return nil
  }

  /// Assembles the features (one-hot encoding categorical columns), the targets and the notes.
  func dataset(name: String) throws(DataError) -> Dataset {
    guard !cells.isEmpty else { throw .allRowsDropped(file: file, rowCount: rowCount) }
    var notes: [String] = []
    if !layout.ignored.isEmpty {
      let quoted = layout.ignored.map { "\"\(names[$0])\"" }
      let noun = quoted.count == 1 ? "column" : "columns"
      notes.append("ignored \(noun) \(quoted.joined(separator: ", "))")
    }
    if !droppedLines.isEmpty {
      let reason = policy == .drop ? "missing cells" : "a missing target"
      notes.append(
        "dropped \(plural(droppedLines.count, "row")) with \(reason)"
          + " (\(listed(droppedLines.map { "line \($0)" }, limit: 10)))")
    }

    // Per feature column: its output names and how to write one row's cell into them.
    var featureNames: [String] = []
    var encodings: [(column: Int, categoryIndex: [String: Int]?)] = []
    for column in layout.features {
      let name = names[column]
      guard isText[column] else {
        featureNames.append(name)
        encodings.append((column, nil))
        let missing = missingCount(of: column)
        if missing > 0 {
          notes.append(
            "column \"\(name)\" has \(plural(missing, "missing cell")), filled with the training"
              + " \(policy.rawValue)")
        }
        continue
      }
      let categories = categories(of: column)
      let encoded = categories.map { "\(name)=\($0)" }
      featureNames += encoded
      encodings.append(
        (column, Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })))
      let why =
        layout.forcedCategorical.contains(column) ? "is named in --categorical" : "is not numeric"
      notes.append(
        "column \"\(name)\" \(why): one-hot encoded as \(listed(encoded, limit: 10))")
      let missing = missingCount(of: column)
      if missing > 0 {
        notes.append(
          "column \"\(name)\" has \(plural(missing, "missing cell")), encoded as the category"
            + " \(name)=\(missingCategory)")
      }
    }

    notes += layout.features.compactMap(idLikeNote)

    let target = layout.target
    let classNames = isText[target] ? categories(of: target) : nil
    let classIndex = Dictionary(
      uniqueKeysWithValues: (classNames ?? []).enumerated().map { ($1, $0) })
    if let classNames {
      let numbered = classNames.enumerated().map { "\($0) = \($1)" }
      notes.append(
        "target \"\(names[target])\" holds class names: \(listed(numbered, limit: 10))")
    }

    var features: [Double] = []
    features.reserveCapacity(cells.count * featureNames.count)
    var targets: [Double] = []
    targets.reserveCapacity(cells.count)
    for row in cells {
      for (column, categoryIndex) in encodings {
        switch (row[column], categoryIndex) {
        case (.number(let value), _):
          features.append(value)
        case (.missing, nil):
          features.append(.nan)
        case (let cell, let categoryIndex?):
          var oneHot = [Double](repeating: 0, count: categoryIndex.count)
          let category: String
          if case .text(let value) = cell { category = value } else { category = missingCategory }
          if let hot = categoryIndex[category] { oneHot[hot] = 1 }
          features += oneHot
        case (.text, nil):
          preconditionFailure("Dataset.load: a text cell in numeric column \(names[column])")
        }
      }
      switch row[target] {
      case .number(let value): targets.append(value)
      case .text(let value): targets.append(Double(classIndex[value] ?? 0))
      case .missing: preconditionFailure("Dataset.load: a kept row with a missing target")
      }
    }
    return Dataset(
      name: name, featureNames: featureNames, targetName: names[target], features: features,
      targets: targets, classNames: classNames, notes: notes, missingValuePolicy: policy)
  }
}

/// `name` as one word for a shell: as it is when it holds only letters, digits and `-_.`,
/// else in double quotes with `\`, `"`, `$` and `` ` `` escaped.
private func shellWord(_ name: String) -> String {
  let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
  if !name.isEmpty, name.allSatisfy(plain.contains) { return name }
  var escaped = ""
  for character in name {
    if "\\\"$`".contains(character) { escaped.append("\\") }
    escaped.append(character)
  }
  return "\"\(escaped)\""
}

/// The category a missing cell of a categorical column becomes under `.mean` or `.median`.
private let missingCategory = "<missing>"

/// `"1 row"`, `"3 rows"`: `count` and `noun`, with an `s` unless `count` is 1.
private func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}

/// The items joined by `", "`, the first `limit` only, followed by how many more there are.
private func listed(_ items: [String], limit: Int) -> String {
  guard items.count > limit else { return items.joined(separator: ", ") }
  return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
}

/// The UTF-8 text of the file at `path` (a regular file, or a special one such as
/// /dev/stdin or a named pipe) and its last path component, for messages.
/// - Throws: `DataError.fileNotFound`, or `.unreadableFile` for a directory, a read failure or
///   bytes that are not UTF-8.
func readCSVText(atPath path: String) throws(DataError) -> (text: String, file: String) {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
    throw .fileNotFound(path: path)
  }
  guard !isDirectory.boolValue else {
    throw .unreadableFile(path: path, reason: "it is a directory, not a CSV file")
  }
  // A FileHandle reads special files (/dev/stdin, a named pipe) as well as regular ones.
  guard let handle = FileHandle(forReadingAtPath: path) else {
    throw .unreadableFile(path: path, reason: "it cannot be opened for reading")
  }
  let data: Data
  do {
    defer { try? handle.close() }
    data = try handle.readToEnd() ?? Data()
  } catch {
    throw .unreadableFile(path: path, reason: error.localizedDescription)
  }
  guard let text = String(validating: data, as: UTF8.self) else {
    throw .unreadableFile(path: path, reason: "it is not UTF-8 text")
  }
  return (text, URL(fileURLWithPath: path).lastPathComponent)
}
