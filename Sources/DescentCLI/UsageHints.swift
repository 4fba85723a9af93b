import ArgumentParser
import Descent

/// Hints for usage mistakes the argument parser reports unhelpfully: a misspelt subcommand
/// (`descent trian`, which the parser reads as `train` with a stray argument), an expression
/// that starts with a minus sign (`descent grad "-x^2"`, read as an option), a value a numeric
/// option cannot take (`--epochs abc`), and grad's `--at` given to descend or descend's
/// `--from` to grad, and a misspelt value of an option of named values (`--optimizer adamm`).
enum UsageHints {
  /// The subcommands `descent --help` lists, in its order.
  static var visibleCommands: [String] {
    DescentCommand.configuration.subcommands.filter { $0.configuration.shouldDisplay }
      .compactMap { $0.configuration.commandName }
  }

  /// Every name that may come first: the subcommands, hidden ones too, and `help`.
  static var allCommands: [String] {
    DescentCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
      + ["help"]
  }

  /// The message for an unknown subcommand, or nil when the first argument is an option, a
  /// known subcommand or absent: `unknown command 'trian'; did you mean 'train'?` when a
  /// visible subcommand is within ``suggestion(for:among:)``'s distance, else the list of
  /// commands.
  /// - Parameter arguments: the command line without the program's name.
  static func unknownCommandMessage(_ arguments: [String]) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-"), !allCommands.contains(first) else {
      return nil
    }
    if let guess = suggestion(for: first, among: visibleCommands) {
      return "unknown command '\(first)'; did you mean '\(guess)'?"
    }
    return "unknown command '\(first)'; the commands are "
      + visibleCommands.joined(separator: ", ")
  }

  /// The name among `candidates` closest to `word` by ``editDistance(_:_:)``, when it is at
  /// most 2 edits away and fewer edits than half of `word`'s length (so that `x` suggests
  /// nothing); the first in `candidates` order on a tie; nil otherwise.
  static func suggestion(for word: String, among candidates: [String]) -> String? {
    let lowered = word.lowercased()
    let scored = candidates.map { (name: $0, distance: editDistance(lowered, $0)) }
    guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
    guard best.distance <= 2, best.distance * 2 < word.count else { return nil }
    return best.name
  }

  /// The optimal-string-alignment distance between `a` and `b`: the fewest insertions,
  /// deletions, substitutions and swaps of two adjacent characters that turn one into the
  /// other (`trian` → `train` is 1, a swap), each substring edited at most once.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }

  /// For a command line the parser refused for want of its expression (`parserMessage`
  /// names `<expression>`), the detail lines explaining that an argument starting with a
  /// minus sign was read as an option (`descent grad "-x^2" --at x=3`), with the ways to
  /// write it that parse, each checked by parsing the command line with it: a leading space,
  /// `" -x^2"`, and the expression last, after `--`. Nil when the expression is not what is
  /// missing, no argument is such an expression, or no fix parses.
  /// - Parameters:
  ///   - arguments: the command line without the program's name.
  ///   - parserMessage: the parser's message for the command line.
  static func expressionHint(_ arguments: [String], parserMessage: String) -> [String]? {
    guard parserMessage.contains("'<expression>'") else { return nil }
    for (i, argument) in arguments.enumerated().dropFirst() {
      guard argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 1,
        (try? MathExpression(parsing: argument)) != nil
      else { continue }
      var spaced = arguments
      spaced[i] = " " + argument
      var last = arguments
      last.remove(at: i)
      last += ["--", argument]
      let fixes = [spaced, last].filter(parses).map {
        "descent " + $0.map(quoted).joined(separator: " ")
      }
      guard let first = fixes.first else { continue }
      var lines = [
        "\(quoted(argument)) starts with a minus sign, so it was read as an option; write \(first)"
      ]
      lines += fixes.dropFirst().map { "or \($0)" }
      return lines
    }
    return nil
  }

  /// The option that gives the point in each command that takes one, and the sentence that
  /// says so when the other command's option is given in its place.
  static let pointOptions: [String: (option: String, other: String, sentence: String)] = [
    "descend": ("--from", "--at", "descend starts from --from; --at is grad's option"),
    "grad": ("--at", "--from", "grad evaluates at --at; --from is descend's option"),
  ]

  /// For `descent descend EXPR --at x=1` (or `descent grad EXPR --from x=1`), which the parser
  /// refuses for want of `--from` (or for the unknown `--at`), the detail lines saying which
  /// option the command takes, with the command line written with it when that parses:
  /// `descend starts from --from; --at is grad's option: descent descend … --from x=1`. Nil
  /// for any other mistake.
  /// - Parameters:
  ///   - arguments: the command line without the program's name.
  ///   - parserMessage: the parser's message for the command line.
  static func pointOptionHint(_ arguments: [String], parserMessage: String) -> [String]? {
    guard let command = arguments.first, let point = pointOptions[command],
      parserMessage.contains("'\(point.option) ") || parserMessage.contains("'\(point.other)'"),
      let i = arguments.firstIndex(where: { $0 == point.other || $0.hasPrefix(point.other + "=") })
    else { return nil }
    var fixed = arguments
    fixed[i] = point.option + arguments[i].dropFirst(point.other.count)
    guard parses(fixed) else { return [point.sentence] }
    return [point.sentence + ": descent " + fixed.map(quoted).joined(separator: " ")]
  }

  /// Whether `arguments` parse into a command: the parser accepts them, though `validate()`
  /// may still refuse a value (a point or a direction), a separate mistake. The parser's own
  /// errors are usage errors (exit status 64); `validate()`'s are not.
  private static func parses(_ arguments: [String]) -> Bool {
    do {
      _ = try DescentCommand.parseAsRoot(arguments)
      return true
    } catch {
      return DescentCommand.exitCode(for: error) != .validationFailure
    }
  }

  /// What each numeric option takes, in words, with an example: the end of the message for a
  /// value the option's type refuses (`--epochs abc`). Options that are not listed get a
  /// wording from their type (``valueKind(of:in:)``).
  static let numericValues: [String: String] = [
    "--learning-rate": "a positive number such as 0.01",
    "--epochs": "a positive whole number of epochs such as 40",
    "--batch-size": "a positive whole number of rows such as 32",
    "--momentum": "a number in [0, 1) such as 0.9",
    "--weight-decay": "a number ≥ 0 such as 0.0001",
    "--test-fraction": "a fraction between 0 and 1 such as 0.2",
    "--validation-fraction": "a fraction in [0, 1) such as 0.1 (0 for no validation split)",
    "--seed": "a whole number ≥ 0 such as 42",
    "--early-stopping": "a positive whole number of epochs such as 5",
    "--target-loss": "a number ≥ 0 such as 0.05",
    "--warmup-epochs": "a whole number of epochs ≥ 0 such as 3",
    "--clip-norm": "a positive number such as 1",
    "--threads": "a positive whole number such as 2",
    "--checkpoint-every": "a positive whole number of epochs such as 5",
    "--start": "a positive learning rate such as 1e-7",
    "--end": "a positive learning rate such as 10",
    "--steps": "a positive whole number of steps such as 200",
    "--tolerance": "a positive number such as 1e-6",
    "--max-iterations": "a positive whole number such as 1000",
    "--ridge": "a number ≥ 0 such as 0.1",
    "--rows": "a positive whole number of rows such as 5",
  ]

  /// The message for a value that a numeric option's type refuses, in place of the parser's
  /// `The value 'abc' is invalid for '--learning-rate <learning-rate>'`: `--learning-rate
  /// abc: expected a positive number such as 0.01`. Nil when `parserMessage` is not about a
  /// refused value, or the option does not take a number (an option of named values, whose
  /// message lists them already).
  /// - Parameters:
  ///   - arguments: the command line without the program's name.
  ///   - parserMessage: the parser's message for the command line.
  static func invalidValueMessage(_ arguments: [String], parserMessage: String) -> String? {
    let prefix = "The value '"
    guard parserMessage.hasPrefix(prefix),
      let end = parserMessage.range(of: "' is invalid for '", options: .backwards)
    else { return nil }
    let valueStart = parserMessage.index(parserMessage.startIndex, offsetBy: prefix.count)
    let value = String(parserMessage[valueStart..<end.lowerBound])
    let option = String(parserMessage[end.upperBound...].prefix { $0 != " " && $0 != "'" })
    guard option.hasPrefix("--") else { return nil }
    let subcommand = arguments.first.flatMap { allCommands.contains($0) ? $0 : nil }
    let expected: String
    if let words = numericValues[option] {
      expected = words
    } else {
      switch valueKind(of: option, in: subcommand) {
      case .wholeNumber: expected = "a whole number such as 3"
      case .number: expected = "a number such as 0.5"
      case nil: return nil
      }
    }
    return "\(option) \(quoted(value)): expected \(expected)"
  }

  /// The message for a value that an option of named values refuses, in place of the
  /// parser's `The value 'adamm' is invalid for '--optimizer <optimizer>'. Please provide one
  /// of …`: `--optimizer adamm: unknown value; did you mean 'adam'? (one of: sgd, adam, …)`,
  /// the guess from ``suggestion(for:among:)``, left out when no value is near. Reads the
  /// values from the parser's message in either of its forms (a sentence, or a bulleted list
  /// on the lines after it for six values or more). Nil when `parserMessage` is not about a
  /// refused value of an option of named values.
  /// - Parameter parserMessage: the parser's whole message, every line of it.
  static func unknownNamedValueMessage(parserMessage: String) -> String? {
    let prefix = "The value '"
    guard parserMessage.hasPrefix(prefix),
      let end = parserMessage.range(of: "' is invalid for '"),
      let list = parserMessage.range(of: ". Please provide one of ")
    else { return nil }
    let valueStart = parserMessage.index(parserMessage.startIndex, offsetBy: prefix.count)
    let value = String(parserMessage[valueStart..<end.lowerBound])
    let option = String(
      parserMessage[end.upperBound..<list.lowerBound].prefix { $0 != " " && $0 != "'" })
    guard option.hasPrefix("--") else { return nil }
    let rest = parserMessage[list.upperBound...]
    let values: [String]
    if rest.hasPrefix("the following:") {
      values = rest.split(separator: "\n").dropFirst().compactMap { line in
        let item = line.trimmingCharacters(in: .whitespaces)
        return item.hasPrefix("- ") ? String(item.dropFirst(2)) : nil
      }
    } else {
      // `'a', 'b' or 'c'.`: the quoted words are every other piece between quotes.
      values = rest.split(separator: "'", omittingEmptySubsequences: false).enumerated()
        .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
    guard !values.isEmpty else { return nil }
    let guess = suggestion(for: value, among: values).map { "; did you mean '\($0)'?" } ?? ""
    return "\(option) \(quoted(value)): unknown value\(guess) (one of: "
      + values.joined(separator: ", ") + ")"
  }

  /// What an option's type accepts, found by parsing a sample value.
  enum ValueKind: Equatable {
    /// An integer.
    case wholeNumber
    /// A floating-point number.
    case number
  }

  /// Whether `option` of `subcommand` (the default subcommand when nil) takes a whole number,
  /// any number, or neither (nil), found by parsing `1` and `0.5` as its value: a type refuses
  /// a value with the parser's `The value '…' is invalid` message.
  static func valueKind(of option: String, in subcommand: String?) -> ValueKind? {
    func accepts(_ sample: String) -> Bool {
      do {
        _ = try DescentCommand.parseAsRoot((subcommand.map { [$0] } ?? []) + [option, sample])
        return true
      } catch {
        return !DescentCommand.message(for: error).hasPrefix("The value '\(sample)' is invalid")
      }
    }
    if accepts("0.5") { return accepts("x") ? nil : .number }
    return accepts("1") ? .wholeNumber : nil
  }

  /// `argument` as a shell reads it back: in double quotes when it holds anything but
  /// letters, digits and `-_.,=/:`.
  static func quoted(_ argument: String) -> String {
    let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,=/:")
    if !argument.isEmpty, argument.allSatisfy(plain.contains) { return argument }
    let escaped = argument.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "$", with: "\\$")
      .replacingOccurrences(of: "`", with: "\\`")
    return "\"\(escaped)\""
  }
}
