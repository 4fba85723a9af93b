/// Why a ``MathExpression`` could not be read or evaluated, in a sentence a person can act on.
public enum ExpressionError: Error, Equatable, CustomStringConvertible {
  /// The text is not an expression: at `column` (1-based, in characters) the parser expected
  /// `expected` and found `found`.
  case syntax(text: String, column: Int, expected: String, found: String)
  /// A name applied like a function (`ln(x)`) is not one of ``MathFunction``'s; `column` is
  /// where the name starts (1-based), `suggestion` the function it probably means (`log`), if
  /// any.
  case unknownFunction(text: String, column: Int, name: String, suggestion: String?)
  /// The expression uses a variable that was given no value; `defined` lists those that were.
  case undefinedVariable(_ name: String, defined: [String])
  /// A sub-expression's value (`order` 0), derivative (1) or second derivative (2) is
  /// infinite or NaN at `point`; `reason` says why when the op tells (such as "log of a
  /// negative number, -2").
  case notFinite(
    subexpression: String, order: Int, point: [(String, Double)], reason: String?)
  /// A point written as `name=value` pairs (see ``parsePoint(_:)``) that could not be read.
  case invalidPoint(text: String, reason: String)

  /// One sentence: where and what, without the text and caret (see ``caretLines``).
  public var description: String {
    switch self {
    case .syntax(_, let column, let expected, let found):
      return "syntax error at column \(column): expected \(expected), found \(found)"
    case .unknownFunction(_, let column, let name, let suggestion):
      let known = MathFunction.allCases.map(\.rawValue).joined(separator: ", ")
      let guess = suggestion.map { "; did you mean '\($0)'?" } ?? "."
      return "unknown function '\(name)' at column \(column)\(guess) The functions are \(known)."
    case .undefinedVariable(let name, let defined):
      let given =
        defined.isEmpty
        ? "none were given"
        : "values were given for "
          + defined.joined(separator: ", ")
      return "undefined variable \(name): the expression uses \(name) but \(given)"
    case .notFinite(let sub, let order, let point, let reason):
      let what = ["the value of", "the derivative of", "the second derivative of"][
        Swift.min(order, 2)]
      let at = point.map { "\($0.0) = \(MathExpression.format($0.1))" }.joined(separator: ", ")
      var text = "\(what) \(sub) is not finite at \(at.isEmpty ? "this point" : at)"
      if let reason { text += " (\(reason))" }
      return text
    case .invalidPoint(let text, let reason):
      return "cannot read the point \"\(text)\": \(reason); write it as name=value pairs "
        + "separated by commas, e.g. x=1,y=2"
    }
  }

  /// For a syntax error or an unknown function, the text and a caret under the offending
  /// column:
  ///
  ///     x^2*+y
  ///         ^
  ///
  /// Empty for other errors.
  /// A text longer than 100 characters is shown as a window of it around the column, with
  /// `…` where it was cut.
  public var caretLines: [String] {
    let text: String
    let column: Int
    switch self {
    case .syntax(let t, let c, _, _), .unknownFunction(let t, let c, _, _): (text, column) = (t, c)
    default: return []
    }
    let characters = Array(text)
    let window = 40
    let start = Swift.max(0, column - 1 - window)
    let end = Swift.min(characters.count, column - 1 + window)
    guard characters.count > 100, start < end else {
      return [text, String(repeating: " ", count: Swift.max(0, column - 1)) + "^"]
    }
    let prefix = start > 0 ? "…" : ""
    let suffix = end < characters.count ? "…" : ""
    let shown = prefix + String(characters[start..<end]) + suffix
    return [shown, String(repeating: " ", count: prefix.count + column - 1 - start) + "^"]
  }

  /// Equal when the descriptions (and, for syntax errors, the texts) are equal.
  public static func == (lhs: ExpressionError, rhs: ExpressionError) -> Bool {
    lhs.description == rhs.description && lhs.caretLines == rhs.caretLines
  }
}

/// Reads a point written as `name=value` pairs separated by commas, such as `x=1,y=-2.5`:
/// the names in the order given, and their values.
///
///     try parsePoint("x=1, y=2")   // (["x", "y"], [1, 2])
/// - Throws: ``ExpressionError/invalidPoint(text:reason:)`` for a pair without `=`, a name
///   that is not a variable name (or is a function's name), a value that is not a finite
///   number, or a name given twice.
public func parsePoint(_ text: String) throws -> (variables: [String], values: [Double]) {
  var variables: [String] = []
  var values: [Double] = []
  for part in text.split(separator: ",", omittingEmptySubsequences: false) {
    let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    let name = pair[0].trimmed
    guard pair.count == 2 else {
      throw ExpressionError.invalidPoint(
        text: text, reason: "\"\(part)\" is not of the form name=value")
    }
    let valueText = pair[1].trimmed
    guard isVariableName(name), MathFunction(rawValue: name) == nil else {
      throw ExpressionError.invalidPoint(text: text, reason: "\"\(name)\" is not a variable name")
    }
    guard let value = Double(valueText), value.isFinite else {
      throw ExpressionError.invalidPoint(
        text: text, reason: "the value of \(name), \"\(valueText)\", is not a finite number")
    }
    guard !variables.contains(name) else {
      throw ExpressionError.invalidPoint(text: text, reason: "\(name) is given twice")
    }
    variables.append(name)
    values.append(value)
  }
  return (variables, values)
}

/// Whether `name` is a variable name: a letter or `_`, then letters, digits or `_`.
func isVariableName(_ name: String) -> Bool {
  guard let first = name.first, first.isLetter || first == "_" else { return false }
  return name.allSatisfy { $0.isLetter || ($0.isASCII && $0.isNumber) || $0 == "_" }
}

extension Substring {
  /// Without leading and trailing whitespace.
  fileprivate var trimmed: String {
    String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}
