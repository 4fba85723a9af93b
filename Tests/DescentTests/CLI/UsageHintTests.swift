import Foundation
import Testing

@testable import DescentCLI

/// The hints for two usage mistakes of issue 12's tutorial trial: a misspelt subcommand
/// (`descent trian`) and an expression starting with a minus sign (`descent grad "-x^2"`).
@Suite("Usage hints: misspelt commands and expressions read as options")
struct UsageHintTests {
  @Test(
    "the edit distance counts insertions, deletions, substitutions and adjacent swaps",
    arguments: [
      ("trian", "train", 1), ("train", "train", 0), ("tain", "train", 1), ("trainn", "train", 1),
      ("grda", "grad", 1), ("lrfind", "lr-find", 1), ("kitten", "sitting", 3), ("", "grad", 4),
      ("plot", "", 4),
    ])
  func editDistance(a: String, b: String, distance: Int) {
    #expect(UsageHints.editDistance(a, b) == distance)
    #expect(UsageHints.editDistance(b, a) == distance)
  }

  @Test(
    "a misspelt command suggests the nearest visible one; a far one suggests none",
    arguments: [
      ("trian", "train"), ("Train", "train"), ("gard", "grad"), ("predcit", "predict"),
      ("lr-swep", "lr-sweep"), ("lrfind", "lr-find"), ("datasest", "datasets"),
      ("decsend", "descend"), ("regres", "regress"),
    ])
  func suggestion(typed: String, expected: String) throws {
    let message = try #require(UsageHints.unknownCommandMessage([typed]))
    #expect(message == "unknown command '\(typed)'; did you mean '\(expected)'?")
  }

  @Test("with no command near, the message lists the visible commands and no hidden one")
  func noSuggestion() throws {
    let message = try #require(UsageHints.unknownCommandMessage(["fit", "--epochs", "3"]))
    #expect(message.hasPrefix("unknown command 'fit'; the commands are train, datasets, grad"))
    #expect(!message.contains("memory-check"))
    #expect(UsageHints.suggestion(for: "x", among: ["grad", "plot"]) == nil)
  }

  @Test(
    "known commands, help, options first and an empty command line are left to the parser",
    arguments: [
      ["train"], ["help", "train"], ["--help"], ["--version"], ["--epochs", "3"], [],
      ["memory-check"], ["grad", "-x^2"],
    ])
  func leftAlone(arguments: [String]) {
    #expect(UsageHints.unknownCommandMessage(arguments) == nil)
  }

  @Test("`descent trian` fails with the suggestion in one line, exit status 64")
  func misspeltCommand() throws {
    let result = try CommandRunner.run(["trian", "--data", "iris"])
    #expect(result.status == 64)
    #expect(
      result.standardError
        == "Error: unknown command 'trian'; did you mean 'train'? (see 'descent --help')\n")
    #expect(result.standardOutput.isEmpty)
  }

  @Test("--help, help train and options before the (default) command still work")
  func parserStillWorks() throws {
    let help = try CommandRunner.run(["--help"])
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("SUBCOMMANDS"))
    let trainHelp = try CommandRunner.run(["help", "train"])
    #expect(trainHelp.status == 0)
    #expect(trainHelp.standardOutput.contains("--learning-rate"))
    let train = try CommandRunner.run(["--data", "iris", "--epochs", "1", "--quiet"])
    #expect(train.status == 0, "\(train.standardError)")
    #expect(train.standardOutput.contains("Test accuracy"))
  }

  @Test(
    "an expression starting with a minus sign gets the two ways to write it, and both work",
    arguments: [
      ["grad", "-x^2", "--at", "x=3"],
      ["descend", "-x^2 + 2*x", "--from", "x=0", "--steps", "5"],
      ["grad", "--at", "x=3", "-sin(x)"],
    ])
  func expressionStartingWithMinus(arguments: [String]) throws {
    let expression = try #require(arguments.first { $0.hasPrefix("-") && !$0.hasPrefix("--") })
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 64)
    let lines = result.standardError.split(separator: "\n").map(String.init)
    #expect(lines.count == 3, "\(result.standardError)")
    #expect(lines.first?.contains("Missing expected argument '<expression>'") == true)

    // The suggestions: a leading space, then the expression last after --; each one runs.
    var spaced = arguments
    spaced[spaced.firstIndex(of: expression)!] = " " + expression
    var last = arguments.filter { $0 != expression }
    last += ["--", expression]
    let shown = [spaced, last].map { "descent " + $0.map(UsageHints.quoted).joined(separator: " ") }
    #expect(
      lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) } == [
        "\(UsageHints.quoted(expression)) starts with a minus sign, so it was read as an "
          + "option; write \(shown[0])",
        "or \(shown[1])",
      ])
    for fixed in [spaced, last] {
      let run = try CommandRunner.run(fixed)
      #expect(run.status == 0, "\(fixed): \(run.standardError)")
    }
  }

  @Test("no hint when the expression is not what is missing, or when no fix would parse")
  func noExpressionHint() {
    let missing = "Missing expected argument '<expression>'"
    #expect(
      UsageHints.expressionHint(["grad", "x^2", "--at", "x=1", "--bogus"], parserMessage: missing)
        == nil)
    #expect(
      UsageHints.expressionHint(["grad", "-x^2", "y", "--at", "x=1"], parserMessage: missing)
        == nil)
    #expect(
      UsageHints.expressionHint(
        ["descend", "x^2", "--from", "x=1", "--plot", "-inf"],
        parserMessage: "Missing value for '--plot <path.svg>'") == nil)
  }

  @Test("arguments are quoted for the shell only when they need it")
  func quoting() {
    #expect(UsageHints.quoted("x=1,y=2") == "x=1,y=2")
    #expect(UsageHints.quoted("-x^2") == "\"-x^2\"")
    #expect(UsageHints.quoted(" -x") == "\" -x\"")
    #expect(UsageHints.quoted("a\"$b") == "\"a\\\"\\$b\"")
  }
}
