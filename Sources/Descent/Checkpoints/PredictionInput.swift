/// Rows of a CSV file laid out as a model's inputs: the model's feature columns, in its
/// order, read by name (other columns ignored), with the target when the file has it.
public struct PredictionInput: Sendable, Equatable {
  /// `[rowCount, features]`, row-major, in the model's feature order, before standardization.
  public var features: [Double]
  /// The number of data rows.
  public var rowCount: Int
  /// Each row's 1-based line in the file.
  public var lines: [Int]
  /// When the file has the target column: each row's class index (classification) or value
  /// (regression).
  public var targets: [Double]?
  /// What the rows hold that the model cannot represent, one sentence each: per one-hot
  /// encoded column, the values it never saw in training (encoded as all zeros, no
  /// category) and how many rows have them. Empty when there is nothing to say.
  public var notes: [String] = []

  /// Reads the CSV file at `path` for the model `description` describes.
  ///
  /// A feature `name` is read from the column of that name; a one-hot feature `name=value`
  /// from column `name` (1 where the cell is `value`, else 0). A missing cell (empty, `NA`,
  /// `N/A`, `?`) takes the stored fill value when the model was trained with `--missing
  /// mean|median`, and is an error otherwise. A one-hot column's value that the model never
  /// saw (nor a missing cell where it has no `name=<missing>` category) is all zeros, and is
  /// named in ``notes`` with the number of rows that hold it.
  /// - Throws: ``DataError`` naming the file, line and column: a file that cannot be read, a
  ///   feature column the file lacks, a cell that is not a number, a missing cell, a target
  ///   that is not one of the model's classes.
  public init(csvAtPath path: String, for description: ModelDescription) throws(DataError) {
    let (text, file) = try readCSVText(atPath: path)
    try self.init(csv: text, source: file, for: description)
  }

  /// Reads the rows that a `--data` option names for the model `description` describes: a
  /// bundled dataset's name (`iris`; see ``BundledDataset/named(_:)``) or the path of a CSV
  /// file, read as ``BundledDataset/resolve(_:options:)`` reads them (a bundled name wins).
  /// - Throws: ``DataError/unknownDataset(name:available:)`` for a name that is neither; else
  ///   as ``init(csvAtPath:for:)``.
  public init(data nameOrPath: String, for description: ModelDescription) throws(DataError) {
    try self.init(csvAtPath: BundledDataset.csvPath(for: nameOrPath), for: description)
  }

  /// Reads CSV text (see ``init(csvAtPath:for:)``); `source` names it in messages.
  /// - Throws: as ``init(csvAtPath:for:)``.
  public init(csv text: String, source file: String, for description: ModelDescription)
    throws(DataError)
  {
    let records = try readRecords(text, file: file).filter { !$0.isBlank }
    guard let header = records.first else { throw .emptyFile(file: file) }
    let names = header.fields.map { trimmingSpacesAndTabs($0) }
    var columnOf: [String: Int] = [:]
    for (i, name) in names.enumerated() where columnOf[name] == nil { columnOf[name] = i }

    // Where each feature comes from.
    enum Source {
      case number(column: Int)
      case oneHot(column: Int, value: String)
    }
    var sources: [Source] = []
    for feature in description.featureNames {
      if let column = columnOf[feature] {
        sources.append(.number(column: column))
      } else if let equals = feature.firstIndex(of: "="),
        let column = columnOf[String(feature[..<equals])]
      {
        sources.append(
          .oneHot(column: column, value: String(feature[feature.index(after: equals)...])))
      } else if let equals = feature.firstIndex(of: "=") {
        // A one-hot feature: name the column the user had, not the encoded one.
        throw .missingFeatureColumn(
          file: file, name: String(feature[..<equals]), available: names)
      } else {
        throw .missingFeatureColumn(file: file, name: feature, available: names)
      }
    }
    let targetColumn = columnOf[description.targetName]

    let rows = records.dropFirst()
    guard !rows.isEmpty else { throw .noDataRows(file: file) }
    var features: [Double] = []
    features.reserveCapacity(rows.count * sources.count)
    var targets: [Double] = []
    var lines: [Int] = []
    // Per one-hot column: the values the model knows, and the unseen ones met with their rows.
    var known: [Int: Set<String>] = [:]
    for case .oneHot(let column, let value) in sources { known[column, default: []].insert(value) }
    var unseen: [Int: [String: Int]] = [:]
    for record in rows {
      guard record.fields.count == names.count else {
        throw .raggedRow(
          file: file, line: record.line, expected: names.count, found: record.fields.count)
      }
      for (f, source) in sources.enumerated() {
        switch source {
        case .number(let column):
          let cell = trimmingSpacesAndTabs(record.fields[column])
          if isMissingCell(cell) {
            guard let fill = description.fillValues?[f] else {
              throw .missingCellForModel(
                file: file, line: record.line(ofField: column), column: names[column],
                columnIndex: column + 1)
            }
            features.append(fill)
            continue
          }
          guard let value = Double(cell) else {
            throw .notANumberForModel(
              file: file, line: record.line(ofField: column), column: names[column],
              columnIndex: column + 1, value: cell)
          }
          guard value.isFinite else {
            throw .notFinite(
              file: file, line: record.line(ofField: column), column: names[column],
              columnIndex: column + 1, value: cell)
          }
          features.append(value)
        case .oneHot(let column, let value):
          let cell = trimmingSpacesAndTabs(record.fields[column])
          let matches = isMissingCell(cell) ? value == "<missing>" : cell == value
          features.append(matches ? 1 : 0)
        }
      }
      for (column, values) in known {
        let cell = trimmingSpacesAndTabs(record.fields[column])
        let value = isMissingCell(cell) ? "<missing>" : cell
        if !values.contains(value) {
          unseen[column, default: [:]][value, default: 0] += 1
        }
      }
      if let targetColumn {
        targets.append(
          try Self.target(
            trimmingSpacesAndTabs(record.fields[targetColumn]), description, file: file,
            line: record.line(ofField: targetColumn), column: targetColumn,
            name: names[targetColumn]))
      }
      lines.append(record.line)
    }
    self.features = features
    self.rowCount = lines.count
    self.lines = lines
    self.targets = targetColumn == nil ? nil : targets
    self.notes = unseen.keys.sorted().map { column in
      Self.unseenNote(column: names[column], counts: unseen[column] ?? [:])
    }
  }

  /// `column "color" has 2 values the model did not see in training: "teal" (2 rows),
  /// "mauve" (1 row); those 3 rows are encoded as no category (all of its one-hot features 0)`:
  /// the values with the most rows first (missing cells last among equals), at most 10 named; a missing cell (where the model
  /// has no `name=<missing>` category) is named "missing cells".
  private static func unseenNote(column: String, counts: [String: Int]) -> String {
    let rows = counts.values.reduce(0, +)
    func rowCount(_ count: Int) -> String { "\(count) row\(count == 1 ? "" : "s")" }
    let values = counts.sorted { a, b in
      if a.value != b.value { return a.value > b.value }
      if (a.key == "<missing>") != (b.key == "<missing>") { return b.key == "<missing>" }
      return a.key < b.key
    }
    var named = values.prefix(10).map { value, count in
      (value == "<missing>" ? "missing cells" : JSONValue.string(value).text)
        + " (\(rowCount(count)))"
    }
    if values.count > 10 { named.append("and \(values.count - 10) more") }
    let noun = values.count == 1 ? "value" : "values"
    let those = rows == 1 ? "that row is" : "those \(rowCount(rows)) are"
    return "column \(JSONValue.string(column).text) has \(values.count) \(noun) the model did "
      + "not see in training: \(named.joined(separator: ", ")); \(those) encoded as no "
      + "category (all of its one-hot features 0)"
  }

  /// A target cell as a class index or a value.
  private static func target(
    _ cell: String, _ description: ModelDescription, file: String, line: Int, column: Int,
    name: String
  ) throws(DataError) -> Double {
    guard let labels = description.classLabels else {
      guard let value = Double(cell), value.isFinite else {
        throw .notANumberForModel(
          file: file, line: line, column: name, columnIndex: column + 1, value: cell)
      }
      return value
    }
    if let index = labels.firstIndex(of: cell) { return Double(index) }
    if let value = Double(cell), let index = description.classValues?.firstIndex(of: value) {
      return Double(index)
    }
    throw .unknownClass(
      file: file, line: line, column: name, columnIndex: column + 1, value: cell, classes: labels)
  }
}
