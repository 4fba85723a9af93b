import CSV
import Foundation

/// One CSV record as `CSVReader` returns it, with the physical line on which it starts.
struct CSVRecord {
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
func readRecords(_ text: String, file: String) throws(DataError) -> [CSVRecord] {
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
func lineBreakCount(in field: String) -> Int {
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
func trimmingSpacesAndTabs(_ text: String) -> String {
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
func decimalNumber(_ cell: String) -> Double? {
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
func unterminatedQuoteLine(_ text: String) -> Int? {
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

/// Whether a trimmed cell stands for a missing value: empty, `NA`, `N/A` or `?` (exactly; the
/// comparison is case-sensitive, so `na` and `n/a` are ordinary text).
func isMissingCell(_ cell: String) -> Bool {
  cell.isEmpty || cell == "NA" || cell == "N/A" || cell == "?"
}
