import Testing

@testable import DescentCLI

/// `--help` states each option's values and default once (issue 12: `error, drop, mean or
/// median. (values: error, drop, mean, median; default: error)`).
@Suite("Help text")
struct HelpTextTests {
  /// Each option's help in `text`: from a line starting with `--` up to the next such line.
  static func optionBlocks(_ text: String) -> [(option: String, help: String)] {
    var blocks: [(option: String, help: String)] = []
    for line in text.split(separator: "\n") {
      let trimmed = line.drop { $0 == " " }
      if trimmed.hasPrefix("--") {
        blocks.append((String(trimmed.prefix { $0 != " " }), String(trimmed)))
      } else if !blocks.isEmpty, line.hasPrefix("   ") {
        blocks[blocks.count - 1].help += " " + trimmed
      }
    }
    return blocks
  }

  @Test(
    "an option's help lists its values only in the parser's (values: …), never twice",
    arguments: DescentCommand.configuration.subcommands.compactMap {
      $0.configuration.commandName
    })
  func valuesOnce(command: String) throws {
    let type = try #require(
      DescentCommand.configuration.subcommands.first { $0.configuration.commandName == command })
    let help = DescentCommand.helpMessage(for: type, columns: 100)
    for (option, text) in Self.optionBlocks(help) {
      guard let range = text.range(of: "(values: ") else { continue }
      let values = text[range.upperBound...].prefix { $0 != ";" && $0 != ")" }
        .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      let before = text[..<range.lowerBound]
      let words = Set(
        before.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") }).map(
          String.init))
      #expect(
        !values.allSatisfy(words.contains), "\(command) \(option) lists its values twice: \(text)")
      if text.contains("; default: ") {
        #expect(!before.contains("default"), "\(command) \(option) states its default twice")
      }
    }
  }

  @Test("train --help: --missing states its values and default once")
  func missing() throws {
    let help = DescentCommand.helpMessage(for: TrainCommand.self, columns: 1000)
    let block = try #require(Self.optionBlocks(help).first { $0.option == "--missing" })
    #expect(block.help.components(separatedBy: "median").count == 3)  // meaning, and values
    #expect(block.help.hasSuffix("(values: error, drop, mean, median; default: error)"))
  }
}
