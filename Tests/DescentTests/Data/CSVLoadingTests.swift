import Foundation
import Testing

@testable import Descent

@Suite("Loading CSV")
struct CSVLoadingTests {
  /// The error `Dataset.load(csv:source:target:)` throws for `text`, or `nil` if it loads.
  static func loadingError(_ text: String, source: String = "data.csv", target: String? = nil)
    -> DataError?
  {
    do {
      _ = try Dataset.load(csv: text, source: source, target: target)
      return nil
    } catch {
      return error
    }
  }

  @Test("a header and rows of numbers load with the last column as target")
  func simpleTable() throws {
    let data = try Dataset.load(csv: "a,b,y\n1,2,3\n4.5,-6,7e-1\n", source: "table.csv")
    #expect(data.name == "table")
    #expect(data.featureNames == ["a", "b"])
    #expect(data.targetName == "y")
    #expect(data.features == [1, 2, 4.5, -6])
    #expect(data.targets == [3, 0.7])
    #expect(data.rowCount == 2 && data.featureCount == 2)
  }

  @Test("a target named in the middle is taken out of the features, which keep file order")
  func targetByName() throws {
    let data = try Dataset.load(csv: "a,y,b\n1,2,3\n4,5,6", source: "t.csv", target: "y")
    #expect(data.featureNames == ["a", "b"])
    #expect(data.targetName == "y")
    #expect(data.features == [1, 3, 4, 6])
    #expect(data.targets == [2, 5])
  }

  @Test("the last row needs no line terminator, and spaces and tabs around cells are trimmed")
  func trimsAndNoFinalNewline() throws {
    let data = try Dataset.load(csv: " a ,\tb\n 1 ,\t2\t\n3,4", source: "t.csv")
    #expect(data.featureNames == ["a"])
    #expect(data.targetName == "b")
    #expect(data.features == [1, 3])
    #expect(data.targets == [2, 4])
  }

  @Test("a UTF-8 byte-order mark before the header is removed")
  func byteOrderMark() throws {
    let data = try Dataset.load(csv: "\u{FEFF}x,y\n1,2\n", source: "bom.csv")
    #expect(data.featureNames == ["x"])
    #expect(data.features == [1])
    #expect(data.targets == [2])
  }

  @Test("CRLF line endings load, and errors count CRLF as one line")
  func crlf() throws {
    let data = try Dataset.load(csv: "x,y\r\n1,2\r\n3,4\r\n", source: "crlf.csv")
    #expect(data.features == [1, 3])
    #expect(data.targets == [2, 4])
    let error = Self.loadingError("x,y\r\n1,2\r\n3,4\r\n5,abc\r\n")
    #expect(
      error == .mixedTarget(file: "data.csv", line: 4, column: "y", columnIndex: 2, value: "abc"))
  }

  @Test("lone CR line endings load")
  func carriageReturnOnly() throws {
    let data = try Dataset.load(csv: "x,y\r1,2\r3,4\r", source: "cr.csv")
    #expect(data.targets == [2, 4])
    #expect(Self.loadingError("x,y\r1,2\r3,z\r")?.description.contains("line 3") == true)
  }

  @Test("blank lines are skipped but counted in line numbers")
  func blankLines() throws {
    let data = try Dataset.load(csv: "\nx,y\n\n1,2\n  \n\n3,4\n\n", source: "gaps.csv")
    #expect(data.rowCount == 2)
    #expect(data.features == [1, 3])
    let error = Self.loadingError("x,y\n\n1,2\n\n\n3,oops\n")
    #expect(
      error == .mixedTarget(file: "data.csv", line: 6, column: "y", columnIndex: 2, value: "oops"))
  }

  @Test("a quoted header name holding a line break moves later line numbers down")
  func quotedMultilineHeader() throws {
    let data = try Dataset.load(csv: "a,\"two\nlines\",c\n1,2,3\n4,5,6\n", source: "q.csv")
    #expect(data.featureNames == ["a", "two\nlines"])
    #expect(data.features == [1, 2, 4, 5])
    #expect(data.targets == [3, 6])
    let error = Self.loadingError("a,\"two\nlines\",c\n1,2,3\n4,x,6\n")
    #expect(
      error
        == .notANumber(
          file: "data.csv", line: 4, column: "two\nlines", columnIndex: 2, value: "x"))
  }

  @Test("a quoted field with a CRLF inside counts it as one line break")
  func quotedCRLFField() throws {
    // `?` is a missing cell, an error by default.
    let text = "\"a\r\nb\r\nc\",y\r\n1,2\r\n3,?\r\n"
    #expect(
      Self.loadingError(text)
        == .missingCell(file: "data.csv", line: 5, column: "y", columnIndex: 2))
    let data = try Dataset.load(csv: "\"a\r\nb\r\nc\",y\r\n1,2\r\n", source: "q.csv")
    #expect(data.featureNames == ["a\r\nb\r\nc"])
  }

  @Test("a cell after a multi-line field is reported on the line where it starts")
  func lineOfFieldInsideRecord() {
    #expect(
      Self.loadingError("\"first\nname\",,y\n1,2,3\n")
        == .emptyColumnName(file: "data.csv", line: 2, columnIndex: 2))
    #expect(
      Self.loadingError("a,b\n0,1\n1,\"2\n\n3\"\n")
        == .mixedTarget(file: "data.csv", line: 3, column: "b", columnIndex: 2, value: "2\n\n3"))
  }

  @Test("a non-numeric cell names file, line, column, 1-based index and the value")
  func notANumberMessage() {
    let header = "pixel_0_0,pixel_0_1,pixel_0_2,pixel_0_3,digit\n"
    let goodRows = String(repeating: "0,1,2,3,4\n", count: 5)
    let error = Self.loadingError(header + goodRows + "0,1,2,abc,4\n", source: "digits.csv")
    #expect(
      error
        == .notANumber(
          file: "digits.csv", line: 7, column: "pixel_0_3", columnIndex: 4, value: "abc"))
    #expect(
      error?.description
        == "digits.csv, line 7, column \"pixel_0_3\" (4): \"abc\" is not a number, unlike the"
        + " column's other cells; correct it, or name the column in --categorical if it holds"
        + " categories")
  }

  @Test(
    "NaN and infinite cells are rejected as not finite",
    arguments: ["nan", "NaN", "inf", "-Infinity", "1e999"])
  func notFinite(value: String) {
    let error = Self.loadingError("a,b\n1,2\n\(value),3\n")
    #expect(
      error == .notFinite(file: "data.csv", line: 3, column: "a", columnIndex: 1, value: value))
    #expect(
      error?.description
        == "data.csv, line 3, column \"a\" (1): \"\(value)\" is not a finite number")
  }

  @Test(
    "a missing cell (empty, spaces, NA, N/A or ?) names its line and column by default",
    arguments: ["", "  ", "NA", " N/A ", "?", "\"\""])
  func missingCell(cell: String) {
    let error = Self.loadingError("a,b,c\n1,2,3\n4,\(cell),6\n")
    #expect(error == .missingCell(file: "data.csv", line: 3, column: "b", columnIndex: 2))
    #expect(
      error?.description
        == "data.csv, line 3, column \"b\" (2): the cell is missing (empty, NA, N/A or ?);"
        + " fill it in, or choose --missing drop, mean or median")
  }

  @Test(
    "a row with a different field count names the line and both counts",
    arguments: ["1,2,3,4", "1,2,3,4,5,6", "1,2,3,4,5,"])
  func raggedRow(row: String) {
    let error = Self.loadingError("a,b,c,d,e\n1,2,3,4,5\n\(row)\n")
    let found = row.split(separator: ",", omittingEmptySubsequences: false).count
    #expect(error == .raggedRow(file: "data.csv", line: 3, expected: 5, found: found))
    #expect(
      error?.description == "data.csv, line 3: expected 5 fields as in the header, found \(found)")
  }

  @Test("an unknown target column lists the available columns")
  func unknownTarget() {
    let error = Self.loadingError("a,b,y\n1,2,3\n", target: "label")
    #expect(
      error == .unknownTargetColumn(file: "data.csv", name: "label", available: ["a", "b", "y"]))
    #expect(
      error?.description
        == "data.csv has no column \"label\"; available columns: \"a\", \"b\", \"y\"")
  }

  @Test("an empty file, or one of blank lines, has no header", arguments: ["", "\n\n", "\r\n \n"])
  func emptyFile(text: String) {
    let error = Self.loadingError(text, source: "empty.csv")
    #expect(error == .emptyFile(file: "empty.csv"))
    #expect(error?.description.hasPrefix("empty.csv is empty") == true)
  }

  @Test("a header without data rows is an error")
  func noDataRows() {
    let error = Self.loadingError("a,b\n\n", source: "header.csv")
    #expect(error == .noDataRows(file: "header.csv"))
    #expect(error?.description == "header.csv has a header row but no data rows")
  }

  @Test("duplicate column names are reported with both 1-based indices")
  func duplicateColumns() {
    let error = Self.loadingError("a,b, a ,y\n1,2,3,4\n")
    #expect(
      error == .duplicateColumn(file: "data.csv", line: 1, name: "a", firstIndex: 1, secondIndex: 3)
    )
    #expect(error?.description.contains("\"a\" appears twice, as columns 1 and 3") == true)
  }

  @Test("a header cell without a name is an error")
  func emptyColumnName() {
    #expect(
      Self.loadingError("a,,y\n1,2,3\n")
        == .emptyColumnName(file: "data.csv", line: 1, columnIndex: 2))
  }

  @Test("a single column leaves no features")
  func singleColumn() {
    #expect(Self.loadingError("y\n1\n2\n") == .noFeatureColumns(file: "data.csv", target: "y"))
  }

  @Test("a file loads under the name of its stem and errors name the file")
  func loadsFile() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let good = directory.appendingPathComponent("houses.csv")
    try "rooms,price\n3,250.5\n4,300\n".write(to: good, atomically: true, encoding: .utf8)
    let data = try Dataset.load(contentsOfFile: good.path)
    #expect(data.name == "houses")
    #expect(data.features == [3, 4])
    #expect(data.targets == [250.5, 300])

    let bad = directory.appendingPathComponent("bad.csv")
    try "rooms,price\n3,250\n4,cheap\n".write(to: bad, atomically: true, encoding: .utf8)
    #expect(
      throws: DataError.mixedTarget(
        file: "bad.csv", line: 3, column: "price", columnIndex: 2, value: "cheap")
    ) {
      try Dataset.load(contentsOfFile: bad.path)
    }
  }

  @Test("a missing file, a directory and non-UTF-8 bytes are reported with the path")
  func unreadableFiles() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    let missing = directory.appendingPathComponent("missing.csv").path
    #expect(throws: DataError.fileNotFound(path: missing)) {
      try Dataset.load(contentsOfFile: missing)
    }
    #expect(DataError.fileNotFound(path: missing).description.contains(missing))

    #expect(
      throws: DataError.unreadableFile(
        path: directory.path, reason: "it is a directory, not a CSV file")
    ) {
      try Dataset.load(contentsOfFile: directory.path)
    }

    let latin1 = directory.appendingPathComponent("latin1.csv")
    try Data([0x61, 0x2C, 0x62, 0x0A, 0xE9, 0x2C, 0x31, 0x0A]).write(to: latin1)
    #expect(
      throws: DataError.unreadableFile(path: latin1.path, reason: "it is not UTF-8 text")
    ) {
      try Dataset.load(contentsOfFile: latin1.path)
    }
  }
}

@Suite("csvField")
struct CSVFieldTests {
  @Test("a field is quoted only when it holds a comma, a quote or a line break")
  func quoting() {
    #expect(csvField("setosa") == "setosa")
    #expect(csvField("a,b") == "\"a,b\"")
    #expect(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(csvField("two\nlines") == "\"two\nlines\"")
  }
}
