import ArgumentParser
import Descent

/// Hints for two usage mistakes the argument parser reports unhelpfully: a misspelt
/// subcommand (`descent trian`, which the parser reads as `train` with a stray argument) and
/// an expression that starts with a minus sign (`descent grad "-x^2"`, read as an option).
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
