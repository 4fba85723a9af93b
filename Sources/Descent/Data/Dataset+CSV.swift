import CSV
import Foundation

extension Dataset {
  /// Loads a numeric table from a CSV file: a header row naming the columns, then one row of
  /// numbers per example. See `load(csv:source:target:)` for the format and the errors.
  /// - Parameters:
  ///   - path: the file's path, absolute or relative to the current directory; UTF-8 text.
  ///   - target: the name of the target column; `nil` (the default) takes the last column.
  /// - Returns: a dataset named after the file without its extension (`data.csv` → `"data"`).
  /// - Throws: `DataError.fileNotFound` if nothing is at `path`, `.unreadableFile` for a
  ///   directory, a read failure or bytes that are not UTF-8, and any error of
  ///   `load(csv:source:target:)`, naming the file by its last path component.
  public static func load(contentsOfFile path: String, target: String? = nil) throws(DataError)
    -> Dataset
  {
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
    let file = URL(fileURLWithPath: path).lastPathComponent
    return try load(csv: text, source: file, target: target)
  }

  /// Parses a numeric table from CSV text (RFC 4180, as read by CSV.swift's `CSVReader`).
  ///
  /// The first non-blank line is the header; names are trimmed of surrounding spaces and tabs
  /// and must be non-empty and unique. Every later record must have as many fields as the
  /// header, each a finite decimal number as `Double(String)` reads it after trimming spaces
  /// and tabs (`3`, `-0.5`, `1e-3`; not `nan`, `inf` or an empty cell). Blank lines are
  /// skipped, a leading UTF-8 byte-order mark is removed, and lines may end in LF, CRLF or CR.
  ///
  /// Line numbers in errors are physical lines of the text, 1-based, the header's first line
  /// being line 1: a quoted field holding a line break moves every later line number down.
  /// - Parameters:
  ///   - text: the whole CSV text.
  ///   - source: the file name used in error messages, such as `"data.csv"`; the dataset's
  ///     `name` is this without its extension.
  ///   - target: the name of the target column; `nil` (the default) takes the last column.
  ///     The other columns, in file order, become the features.
  /// - Returns: a dataset of shape `[rows, columns − 1]` with targets `[rows]`.
  /// - Throws: `DataError`: `.emptyFile` (no header), `.emptyColumnName`, `.duplicateColumn`,
  ///   `.unknownTargetColumn` (listing the header's names), `.noFeatureColumns` (a single
  ///   column), `.noDataRows`, `.raggedRow` (field count differs from the header's),
  ///   `.emptyCell`, `.notANumber`, `.notFinite`.
  public static func load(csv text: String, source: String, target: String? = nil)
    throws(DataError) -> Dataset
  {
    let records = try readRecords(text, file: source).filter { !$0.isBlank }
    guard let header = records.first else { throw .emptyFile(file: source) }
    let names = header.fields.map(trimmingSpacesAndTabs)
    if names.allSatisfy({ decimalNumber($0) != nil }) {
      throw .headerIsNumeric(file: source, line: header.line, fields: names)
    }
    var indexByName: [String: Int] = [:]
    for (index, name) in names.enumerated() {
      guard !name.isEmpty else {
        throw .emptyColumnName(
          file: source, line: header.line(ofField: index), columnIndex: index + 1)
      }
      if let first = indexByName[name] {
        throw .duplicateColumn(
          file: source, line: header.line, name: name, firstIndex: first + 1,
          secondIndex: index + 1)
      }
      indexByName[name] = index
    }

    let targetIndex: Int
    if let target {
      guard let index = indexByName[target] else {
        throw .unknownTargetColumn(file: source, name: target, available: names)
      }
      targetIndex = index
    } else {
      targetIndex = names.count - 1
    }
    guard names.count >= 2 else {
      let name = names[targetIndex]
      if let separator = [";", "\t", "|"].first(where: { name.contains($0) }) {
        throw .wrongSeparator(file: source, line: header.line, separator: separator)
      }
      throw .noFeatureColumns(file: source, target: name)
    }
    let rows = records.dropFirst()
    guard !rows.isEmpty else { throw .noDataRows(file: source) }

    var features: [Double] = []
    features.reserveCapacity(rows.count * (names.count - 1))
    var targets: [Double] = []
    targets.reserveCapacity(rows.count)
    for row in rows {
      guard row.fields.count == names.count else {
        throw .raggedRow(
          file: source, line: row.line, expected: names.count, found: row.fields.count)
      }
      for (index, field) in row.fields.enumerated() {
        let cell = trimmingSpacesAndTabs(field)
        let line = row.line(ofField: index)
        guard !cell.isEmpty else {
          throw .emptyCell(file: source, line: line, column: names[index], columnIndex: index + 1)
        }
        guard let value = decimalNumber(cell) else {
          throw .notANumber(
            file: source, line: line, column: names[index], columnIndex: index + 1, value: cell)
        }
        guard value.isFinite else {
          throw .notFinite(
            file: source, line: line, column: names[index], columnIndex: index + 1, value: cell)
        }
        if index == targetIndex {
          targets.append(value)
        } else {
          features.append(value)
        }
      }
    }
    var featureNames = names
    featureNames.remove(at: targetIndex)
    let name = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
    return Dataset(
      name: name, featureNames: featureNames, targetName: names[targetIndex],
      features: features, targets: targets)
  }
}

/// One CSV record as `CSVReader` returns it, with the physical line on which it starts.
private struct CSVRecord {
  var fields: [String]
  /// The 1-based physical line of the record's first field.
  var line: Int

  /// A blank line: a single field that is empty or only spaces and tabs.
  var isBlank: Bool {
    fields.count == 1 && trimmingSpacesAndTabs(fields[0]).isEmpty
  }

  /// The physical line on which field `index` starts: the record's line plus the line breaks
  /// inside the quoted fields before it.
  func line(ofField index: Int) -> Int {
    fields[..<index].reduce(line) { $0 + lineBreakCount(in: $1) }
  }
}

/// Splits `text` into records with CSV.swift and numbers each by the physical line where it
/// starts: each record ends with one line terminator (LF, CRLF or CR), plus the line breaks
/// inside its quoted fields.
private func readRecords(_ text: String, file: String) throws(DataError) -> [CSVRecord] {
  var text = text
  if text.unicodeScalars.first == "\u{FEFF}" {
    text.unicodeScalars.removeFirst()
  }
  if let line = unterminatedQuoteLine(text) {
    throw .unterminatedQuote(file: file, line: line)
  }
  let reader: CSVReader
  do {
    reader = try CSVReader(string: text, hasHeaderRow: false)
  } catch {
    throw .unreadableFile(path: file, reason: "the CSV parser failed: \(error)")
  }
  var records: [CSVRecord] = []
  var line = 1
  while let fields = reader.next() {
    records.append(CSVRecord(fields: fields, line: line))
    line += 1 + fields.reduce(0) { $0 + lineBreakCount(in: $1) }
  }
  return records
}

/// The number of line breaks in `field`, counting CRLF as one and a lone CR or LF as one.
private func lineBreakCount(in field: String) -> Int {
  var count = 0
  var previousWasCarriageReturn = false
  for byte in field.utf8 {
    if byte == UInt8(ascii: "\r") {
      count += 1
      previousWasCarriageReturn = true
    } else {
      if byte == UInt8(ascii: "\n") && !previousWasCarriageReturn {
        count += 1
      }
      previousWasCarriageReturn = false
    }
  }
  return count
}

/// `text` without leading and trailing spaces and tabs.
private func trimmingSpacesAndTabs(_ text: String) -> String {
  let scalars = text.unicodeScalars
  let isSpaceOrTab: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
  guard let first = scalars.firstIndex(where: { !isSpaceOrTab($0) }),
    let last = scalars.lastIndex(where: { !isSpaceOrTab($0) })
  else { return "" }
  if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex {
    return text
  }
  return String(scalars[first...last])
}

/// The value of a cell written as a decimal number (`3`, `-0.5`, `1e-3`, `.5`), or nil.
/// Stricter than `Double(String)`, which also reads hexadecimal (`0x10`) and words (`nan`,
/// `infinity`); an overflowing number such as `1e999` reads as an infinity.
private func decimalNumber(_ cell: String) -> Double? {
  let allowed = cell.utf8.allSatisfy { byte in
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
      || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+")
      || byte == UInt8(ascii: "-")
  }
  guard allowed else {
    // Let words such as nan and inf through, so they are reported as not finite.
    let word = cell.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
    return ["nan", "inf", "infinity"].contains(word) ? Double(cell) : nil
  }
  return Double(cell)
}

/// The physical line on which a quoted field opens and never closes, or nil when every quote
/// is closed. RFC 4180 quotes pair up (an escaped quote is written twice), so an odd count of
/// quote characters means the last opening one is unterminated.
private func unterminatedQuoteLine(_ text: String) -> Int? {
  var line = 1
  var inQuotes = false
  var openedOn = 1
  var previous: UInt8 = 0
  for byte in text.utf8 {
    if byte == UInt8(ascii: "\"") {
      inQuotes.toggle()
      if inQuotes { openedOn = line }
    } else if byte == UInt8(ascii: "\n") {
      if previous != UInt8(ascii: "\r") { line += 1 }
    } else if byte == UInt8(ascii: "\r") {
      line += 1
    }
    previous = byte
  }
  return inQuotes ? openedOn : nil
}
