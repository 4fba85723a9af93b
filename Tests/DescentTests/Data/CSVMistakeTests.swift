import Foundation
import Testing

@testable import Descent

/// Files that are not what they seem: each gets an error that says what is wrong, instead of a
/// silently wrong dataset.
@Suite("CSV mistakes")
struct CSVMistakeTests {
  @Test(
    "mistakes in the file's layout are named with their line",
    arguments: [
      (
        "1,2,3\n4,5,6\n",
        DataError.headerIsNumeric(file: "f.csv", line: 1, fields: ["1", "2", "3"])
      ),
      ("a;b;y\n1;2;3\n", .wrongSeparator(file: "f.csv", line: 1, separator: ";")),
      ("a\tb\ty\n1\t2\t3\n", .wrongSeparator(file: "f.csv", line: 1, separator: "\t")),
      ("a,b,y\n1,2,0\n\"3,4,1\n5,6,7\n", .unterminatedQuote(file: "f.csv", line: 3)),
      (
        "a,b,y\n1,16,0\n2,0x10,1\n",
        .notANumber(file: "f.csv", line: 3, column: "b", columnIndex: 2, value: "0x10")
      ),
      (
        "a,b,y\n1,nan,0\n",
        .notFinite(file: "f.csv", line: 2, column: "b", columnIndex: 2, value: "nan")
      ),
      (
        "a,b,y\n1,1e999,0\n",
        .notFinite(file: "f.csv", line: 2, column: "b", columnIndex: 2, value: "1e999")
      ),
    ])
  func layoutMistakes(text: String, expected: DataError) {
    #expect(throws: expected) { try Dataset.load(csv: text, source: "f.csv") }
  }

  @Test("a value holding a line break is escaped, so the message stays on one line")
  func escapedValue() {
    do {
      _ = try Dataset.load(csv: "a,b,y\n1,2,0\n3,\"4\n5\",1\n", source: "q.csv")
      Issue.record("expected an error")
    } catch {
      #expect(
        error.description.hasPrefix(#"q.csv, line 3, column "b" (2): "4\n5" is not a number,"#))
      #expect(!error.description.contains("\n"))
    }
  }

  @Test("quoted commas and escaped quotes inside a header are not mistaken for mistakes")
  func quotedHeader() throws {
    let data = try Dataset.load(csv: "\"a,1\",\"b \"\"x\"\"\",y\n1,2,3\n", source: "f.csv")
    #expect(data.featureNames == ["a,1", "b \"x\""])
    #expect(data.features == [1, 2])
  }

  @Test("bug case csv-header-hash-in-name: a '#' in a header name is kept, not a comment")
  func headerHash() throws {
    // numpy/numpy#13088: genfromtxt cut the name at '#' and then miscounted the columns.
    let bugCase = try Fixtures.bugCase("csv-header-hash-in-name")
    let inputs = try #require((bugCase["case"] as? [String: Any])?["inputs"] as? [String: Any])
    let expected = try #require(bugCase["expected"] as? [String: Any])
    let text = try #require(inputs["text"] as? String)
    let data = try Dataset.load(csv: text, source: "counts.csv")
    #expect(data.featureNames + [data.targetName] == expected["column_names"] as? [String])
    let rows = try #require(expected["data"] as? [[Double]])
    #expect(data.features == rows.flatMap { $0.dropLast() })
    #expect(data.targets == rows.map { $0[2] })
    let headerOnly = try #require(inputs["B_header_only"] as? String)
    #expect(throws: DataError.noDataRows(file: "b.csv")) {
      try Dataset.load(csv: headerOnly, source: "b.csv")
    }
  }

  @Test("an empty special file reads as empty, not as a permission problem")
  func devNull() {
    #expect(throws: DataError.emptyFile(file: "null")) {
      try Dataset.load(contentsOfFile: "/dev/null")
    }
  }
}
