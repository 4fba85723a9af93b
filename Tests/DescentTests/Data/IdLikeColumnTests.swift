import Descent
import Testing

/// A feature column that looks like a row identifier gets a note suggesting `--ignore`, and
/// nothing else changes (issue 12).
@Suite("Id-like feature columns")
struct IdLikeColumnTests {
  /// The notes about id-like columns of `text` loaded with `options`.
  static func idNotes(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> [String] {
    try Dataset.load(csv: text, source: "t.csv", options: options).notes.filter {
      $0.contains("--ignore")
    }
  }

  @Test(
    "a column counting 1..n or 0..n-1 in row order, or named id or index, gets the note",
    arguments: [
      (
        "id,a,y\n1,5,0\n2,7,1\n3,9,0\n4,2,1\n",
        #"column "id" holds the numbers 1 to 4 in row order, like a row number, and is used "#
          + "as a feature; if it is not one, leave it out with --ignore id"
      ),
      (
        "a,n,y\n5,0,0\n7,1,1\n9,2,0\n",
        #"column "n" holds the numbers 0 to 2 in row order, like a row number, and is used "#
          + "as a feature; if it is not one, leave it out with --ignore n"
      ),
      (
        "ID,a,y\n17,5,0\n3,7,1\n9,9,0\n",
        #"column "ID" is named like a row identifier, and is used as a feature; if it is not "#
          + "one, leave it out with --ignore ID"
      ),
      (
        "a,index,y\n5,x,0\n7,y,1\n",
        #"column "index" is named like a row identifier, and is used as a feature; if it is "#
          + "not one, leave it out with --ignore index"
      ),
      (
        "row number,a,y\n1,5,0\n2,7,1\n3,9,0\n",
        #"column "row number" holds the numbers 1 to 3 in row order, like a row number, and "#
          + #"is used as a feature; if it is not one, leave it out with --ignore "row number""#
      ),
    ])
  func noted(text: String, note: String) throws {
    #expect(try Self.idNotes(text) == [note])
  }

  @Test(
    "no note for a column that does not count in row order, the only feature or the target",
    arguments: [
      "n,a,y\n1,5,0\n2,7,1\n4,9,0\n",  // a gap
      "n,a,y\n2,5,0\n1,7,1\n3,9,0\n",  // out of order
      "n,a,y\n1,5,0\n2,7,1\n",  // two rows only
      "n,a,y\n1.5,5,0\n2.5,7,1\n3.5,9,0\n",  // not integers
      "x,y\n1,3\n2,5\n3,6\n4,9\n5,10\n",  // the only feature (Docs/data/five-points.csv)
      "a,b,id\n5,1,1\n7,2,2\n9,1,3\n",  // the target
    ])
  func notNoted(text: String) throws {
    #expect(try Self.idNotes(text).isEmpty)
    #expect(
      try Self.idNotes("id,a,y\n1,5,0\n2,7,1\n3,9,0\n", CSVOptions(ignore: ["id"])).isEmpty)
  }

  @Test("the note changes nothing else: the column stays a feature with its values")
  func featuresUnchanged() throws {
    let data = try Dataset.load(
      csv: "id,a,y\n1,5,0\n2,7,1\n3,9,0\n", source: "t.csv", options: CSVOptions())
    #expect(data.featureNames == ["id", "a"])
    #expect(data.features == [1, 5, 2, 7, 3, 9])
  }

  @Test("no bundled dataset has an id-like feature", arguments: BundledDataset.allCases)
  func bundled(dataset: BundledDataset) throws {
    #expect(try dataset.load().notes.allSatisfy { !$0.contains("--ignore") })
  }

  @Test("descent train prints the note with the report, and with --json on standard error")
  func train() throws {
    let rows = (1...30).map { "\($0),\(Double($0 % 7) / 7),\($0 % 2)" }
    let path = try CommandRunner.temporaryFile(
      named: "rows.csv", contents: (["id,a,y"] + rows).joined(separator: "\n") + "\n")
    let note = "Note: column \"id\" holds the numbers 1 to 30 in row order"
    let text = try CommandRunner.run(["train", "--data", path, "--epochs", "1"])
    #expect(text.status == 0, "\(text.standardError)")
    #expect(text.standardOutput.contains(note))
    let json = try CommandRunner.run(["train", "--data", path, "--epochs", "1", "--json"])
    #expect(json.standardError.contains(note))
    #expect(!json.standardOutput.contains("Note"))
  }
}
