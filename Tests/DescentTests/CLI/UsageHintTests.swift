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

  /// The parser's message for `arguments`, or nil when they parse.
  static func parseFailure(_ arguments: [String]) -> String? {
    do {
      _ = try DescentCommand.parseAsRoot(arguments)
      return nil
    } catch {
      return DescentCommand.message(for: error)
    }
  }

  /// The parser's message for `arguments`, which must fail to parse.
  static func parserMessage(_ arguments: [String]) throws -> String {
    try #require(parseFailure(arguments), "\(arguments) parsed")
  }

  @Test(
    "a value a numeric option cannot take says what the option expects",
    arguments: [
      (
        ["train", "--learning-rate", "abc"],
        "--learning-rate abc: expected a positive number such as 0.01"
      ),
      (
        ["train", "--epochs", "abc"],
        "--epochs abc: expected a positive whole number of epochs such as 40"
      ),
      (["--epochs", "1.5"], "--epochs 1.5: expected a positive whole number of epochs such as 40"),
      (
        ["train", "--batch-size", "x"],
        "--batch-size x: expected a positive whole number of rows such as 32"
      ),
      (
        ["lr-sweep", "--momentum", "high"],
        "--momentum high: expected a number in [0, 1) such as 0.9"
      ),
      (
        ["train", "--test-fraction", "20%"],
        "--test-fraction \"20%\": expected a fraction between 0 and 1 such as 0.2"
      ),
      (["train", "--seed", "-1"], "--seed -1: expected a whole number ≥ 0 such as 42"),
      (["lr-find", "--start", ""], "--start \"\": expected a positive learning rate such as 1e-7"),
      (
        ["descend", "x^2", "--from", "x=1", "--steps", "many"],
        "--steps many: expected a positive whole number of steps such as 200"
      ),
      (["regress", "--ridge", "a"], "--ridge a: expected a number ≥ 0 such as 0.1"),
      (
        ["datasets", "--rows", "all"],
        "--rows all: expected a positive whole number of rows such as 5"
      ),
    ])
  func numericOptionValue(arguments: [String], expected: String) throws {
    let message = try Self.parserMessage(arguments)
    #expect(message.hasPrefix("The value '"), "\(message)")
    #expect(UsageHints.invalidValueMessage(arguments, parserMessage: message) == expected)
  }

  /// Every command's name, hidden ones too.
  static let commandNames = DescentCommand.configuration.subcommands.compactMap {
    $0.configuration.commandName
  }

  @Test(
    "every numeric option of every command has its words, and no other option is rewritten",
    arguments: commandNames)
  func everyNumericOption(command: String) throws {
    let type = try #require(
      DescentCommand.configuration.subcommands.first { $0.configuration.commandName == command })
    // The options that take a value: `--name <value>` in the help.
    let help = DescentCommand.helpMessage(for: type, columns: 1000)
    let options = Set(
      help.split(separator: "\n").compactMap { line -> String? in
        let words = line.split(separator: " ")
        guard words.count >= 2, words[0].hasPrefix("--"), words[1].hasPrefix("<") else {
          return nil
        }
        return String(words[0])
      })
    #expect(!options.isEmpty || command == "regress-benchmark")
    for option in options.sorted() {
      let arguments = [command, option, "abc"]
      guard let message = Self.parseFailure(arguments),
        message.hasPrefix("The value 'abc' is invalid")
      else {
        #expect(UsageHints.numericValues[option] == nil, "\(command) \(option) takes abc")
        continue
      }
      if UsageHints.numericValues[option] == nil {
        // Named values (--task, --optimizer): the parser's message lists them already.
        #expect(UsageHints.valueKind(of: option, in: command) == nil, "\(command) \(option)")
        #expect(message.contains("Please provide one of"), "\(command) \(option): \(message)")
      }
    }
  }

  @Test(
    "a misspelt value of an option of named values suggests the nearest and lists them",
    arguments: [
      (
        ["train", "--optimizer", "adamm"],
        "--optimizer adamm: unknown value; did you mean 'adam'? "
          + "(one of: sgd, adam, adamw, rmsprop, adagrad)"
      ),
      (
        ["train", "--activation", "rleu"],
        "--activation rleu: unknown value; did you mean 'relu'? (one of: relu, sigmoid, tanh)"
      ),
      (
        ["plot", "m.json", "--chart", "los"],
        "--chart los: unknown value; did you mean 'loss'? "
          + "(one of: loss, metric, learning-rate, confusion, predictions)"
      ),
      (
        ["train", "--optimizer", "newton"],
        "--optimizer newton: unknown value (one of: sgd, adam, adamw, rmsprop, adagrad)"
      ),
    ])
  func namedOptionValue(arguments: [String], expected: String) throws {
    let message = try Self.parserMessage(arguments)
    #expect(UsageHints.invalidValueMessage(arguments, parserMessage: message) == nil)
    #expect(UsageHints.unknownNamedValueMessage(parserMessage: message) == expected)
  }

  @Test(
    "every option of named values of every command suggests a value for a misspelling",
    arguments: commandNames)
  func everyNamedOption(command: String) throws {
    let type = try #require(
      DescentCommand.configuration.subcommands.first { $0.configuration.commandName == command })
    let help = DescentCommand.helpMessage(for: type, columns: 1000)
    let options = Set(
      help.split(separator: "\n").compactMap { line -> String? in
        let words = line.split(separator: " ")
        guard words.count >= 2, words[0].hasPrefix("--"), words[1].hasPrefix("<") else {
          return nil
        }
        return String(words[0])
      })
    for option in options.sorted() {
      guard let message = Self.parseFailure([command, option, "zzzz"]),
        message.contains("Please provide one of")
      else { continue }
      let rewritten = try #require(
        UsageHints.unknownNamedValueMessage(parserMessage: message), "\(command) \(option)")
      #expect(rewritten.hasPrefix("\(option) zzzz: unknown value (one of: "), "\(rewritten)")
      // The first value, doubled in its last letter, is one edit away: it is suggested.
      let first = try #require(
        rewritten.split(separator: "(one of: ").last?.split(separator: ",").first.map {
          String($0.trimmingCharacters(in: CharacterSet(charactersIn: ")")))
        })
      let typo = first + String(first.last ?? "x")
      let typoMessage = try Self.parserMessage([command, option, typo])
      #expect(
        UsageHints.unknownNamedValueMessage(parserMessage: typoMessage)?.contains(
          "did you mean '\(first)'?") == true, "\(command) \(option) \(typo)")
    }
  }

  @Test("`descent train --optimizer adamm` fails in one line that suggests adam")
  func namedOptionEndToEnd() throws {
    let result = try CommandRunner.run(["train", "--optimizer", "adamm"])
    #expect(result.status == 64)
    #expect(
      result.standardError
        == "Error: --optimizer adamm: unknown value; did you mean 'adam'? (one of: sgd, adam, "
        + "adamw, rmsprop, adagrad) (see 'descent train --help')\n")
  }

  @Test("an option's kind of value is found by parsing samples")
  func valueKinds() {
    #expect(UsageHints.valueKind(of: "--epochs", in: "train") == .wholeNumber)
    #expect(UsageHints.valueKind(of: "--learning-rate", in: nil) == .number)
    #expect(UsageHints.valueKind(of: "--optimizer", in: "train") == nil)
    let message = "The value 'abc' is invalid for '--unlisted <unlisted>'"
    #expect(UsageHints.invalidValueMessage(["train"], parserMessage: message) == nil)
  }

  @Test("`descent train --learning-rate abc` fails in one line that says what is expected")
  func numericOptionEndToEnd() throws {
    let result = try CommandRunner.run(["train", "--learning-rate", "abc"])
    #expect(result.status == 64)
    #expect(
      result.standardError
        == "Error: --learning-rate abc: expected a positive number such as 0.01 (see 'descent "
        + "train --help')\n")
  }

  @Test(
    "grad's --at given to descend, or descend's --from to grad, names the command's option",
    arguments: [
      (
        ["descend", "x^2 + 10*y^2", "--at", "x=-4,y=1"],
        "descend starts from --from; --at is grad's option: descent descend \"x^2 + 10*y^2\" "
          + "--from x=-4,y=1"
      ),
      (
        ["grad", "x^2", "--from=x=1"],
        "grad evaluates at --at; --from is descend's option: descent grad \"x^2\" --at=x=1"
      ),
    ])
  func pointOption(arguments: [String], hint: String) throws {
    let message = try Self.parserMessage(arguments)
    #expect(UsageHints.pointOptionHint(arguments, parserMessage: message) == [hint])
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 64)
    let lines = result.standardError.split(separator: "\n").map(String.init)
    #expect(lines.count == 2 && lines[1] == "  " + hint, "\(result.standardError)")
  }

  @Test("no point-option hint for other mistakes")
  func noPointOptionHint() throws {
    let arguments = ["descend", "x^2", "--from", "x=1", "--steps", "x"]
    #expect(
      UsageHints.pointOptionHint(arguments, parserMessage: try Self.parserMessage(arguments)) == nil
    )
    let missing = ["descend", "x^2"]
    #expect(
      UsageHints.pointOptionHint(missing, parserMessage: try Self.parserMessage(missing)) == nil)
  }
}
