extension MathExpression {
  /// Parses `text` in the usual mathematical notation:
  ///
  /// - numbers `1`, `2.5`, `.5`, `1e-3`; variables: a letter or `_`, then letters, digits
  ///   or `_` (`x`, `y2`, `learning_rate`);
  /// - `+ - * /` and `^`, with `^` binding tightest and grouping to the right (`2^3^2` is
  ///   2⁹ = 512), then unary minus (`-x^2` is −(x²), `2^-1` is ½), then `* /`, then `+ -`,
  ///   each of those grouping to the left (`8/4/2` is 1);
  /// - parentheses, and the functions of ``MathFunction`` applied with parentheses:
  ///   `sin(x)`, `sigmoid(2*x - 1)`.
  ///
  /// Spaces are ignored. There is no implicit multiplication: write `2*x`, not `2x`.
  /// - Throws: ``ExpressionError/syntax(text:column:expected:found:)`` with the 1-based
  ///   column of the first character that does not fit and what was expected there.
  public init(parsing text: String) throws {
    var parser = ExpressionParser(text: text)
    self = try parser.parseAll()
  }
}

/// A recursive-descent parser over the characters of one expression, one function per
/// precedence level:
///
///     sum     = product (("+" | "-") product)*
///     product = unary (("*" | "/") unary)*
///     unary   = ("-" | "+") unary | power
///     power   = atom ("^" unary)?
///     atom    = number | name | name "(" sum ")" | "(" sum ")"
private struct ExpressionParser {
  let text: String
  let characters: [Character]
  var position = 0
  /// How deeply parentheses, function calls, unary signs, powers and operator chains are
  /// nested here.
  var depth = 0
  /// The deepest nesting read; deeper text is refused rather than overflowing the stack
  /// (parsing, evaluating and differentiating all recurse once per level).
  static let maximumDepth = 1000

  init(text: String) {
    self.text = text
    self.characters = Array(text)
  }

  mutating func parseAll() throws -> MathExpression {
    skipSpaces()
    let expression = try parseSum()
    skipSpaces()
    if position < characters.count {
      var expected = "an operator (+ - * / ^) or the end of the expression"
      if characters[position].isLetter || characters[position] == "(" {
        expected += " (multiplication is written with *, as in 2*x)"
      }
      if characters[position] == ")" { expected = "an operator or the end (no '(' is open)" }
      throw error(expected: expected)
    }
    return expression
  }

  mutating func parseSum() throws -> MathExpression {
    var left = try parseProduct()
    let outer = depth
    defer { depth = outer }
    while let op = peekOperator(in: "+-") {
      position += 1
      // A chain a + b + c is the tree ((a + b) + c): each operator nests one level.
      depth += 1
      let right = try parseProduct()
      left = op == "+" ? .add(left, right) : .subtract(left, right)
    }
    return left
  }

  mutating func parseProduct() throws -> MathExpression {
    var left = try parseUnary()
    let outer = depth
    defer { depth = outer }
    while let op = peekOperator(in: "*/") {
      position += 1
      if op == "*", peekOperator(in: "*") != nil {
        throw error(expected: Self.operandDescription + " (powers are written with ^, as in x^2)")
      }
      // A chain a * b * c is the tree ((a * b) * c): each operator nests one level.
      depth += 1
      let right = try parseUnary()
      left = op == "*" ? .multiply(left, right) : .divide(left, right)
    }
    return left
  }

  mutating func parseUnary() throws -> MathExpression {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else {
      throw error(
        expected: "at most \(Self.maximumDepth) levels of nesting (parentheses, "
          + "functions, signs, powers and chains of operators such as x+x+…+x); this "
          + "expression is nested more deeply")
    }
    if let op = peekOperator(in: "+-") {
      position += 1
      let operand = try parseUnary()
      return op == "-" ? .negate(operand) : operand
    }
    return try parsePower()
  }

  mutating func parsePower() throws -> MathExpression {
    let base = try parseAtom()
    guard peekOperator(in: "^") != nil else { return base }
    position += 1
    return .power(base, try parseUnary())
  }

  mutating func parseAtom() throws -> MathExpression {
    skipSpaces()
    guard position < characters.count else {
      throw error(expected: Self.operandDescription)
    }
    let c = characters[position]
    if c.isASCIIDigit || c == "." { return .number(try parseNumber()) }
    if c.isLetter || c == "_" { return try parseName() }
    if c == "(" {
      let open = position
      position += 1
      let inner = try parseSum()
      try expectClosingParenthesis(openedAt: open)
      return inner
    }
    throw error(expected: Self.operandDescription)
  }

  static let operandDescription = "a number, a variable, a function such as sin(…), or '('"

  mutating func parseNumber() throws -> Double {
    let start = position
    var sawDigit = false
    while position < characters.count, characters[position].isASCIIDigit {
      position += 1
      sawDigit = true
    }
    if position < characters.count, characters[position] == "." {
      position += 1
      while position < characters.count, characters[position].isASCIIDigit {
        position += 1
        sawDigit = true
      }
    }
    guard sawDigit else {
      position = start + 1
      throw error(expected: "a digit after '.'")
    }
    if position < characters.count, characters[position] == "e" || characters[position] == "E" {
      position += 1
      if position < characters.count, characters[position] == "+" || characters[position] == "-" {
        position += 1
      }
      guard position < characters.count, characters[position].isASCIIDigit else {
        throw error(expected: "the digits of the exponent (as in 1e-3)")
      }
      while position < characters.count, characters[position].isASCIIDigit { position += 1 }
    }
    guard let value = Double(String(characters[start..<position])) else {
      position = start
      throw error(expected: "a number")
    }
    return value
  }

  mutating func parseName() throws -> MathExpression {
    let start = position
    while position < characters.count,
      characters[position].isLetter || characters[position].isASCIIDigit
        || characters[position] == "_"
    {
      position += 1
    }
    let name = String(characters[start..<position])
    guard let function = MathFunction(rawValue: name) else {
      let end = position
      skipSpaces()
      guard position < characters.count, characters[position] == "(" else {
        position = end
        return .variable(name)
      }
      // A short name before '(' is more likely a variable times a parenthesis (`x(y+1)`),
      // which parseAll reports, than a function.
      let suggestion = MathFunction.suggestion(for: name)
      guard suggestion != nil || name.count >= 3 else {
        position = end
        return .variable(name)
      }
      throw ExpressionError.unknownFunction(
        text: text, column: start + 1, name: name, suggestion: suggestion)
    }
    skipSpaces()
    guard position < characters.count, characters[position] == "(" else {
      throw error(expected: "'(' after the function name \(name), as in \(name)(x)")
    }
    let open = position
    position += 1
    let argument = try parseSum()
    try expectClosingParenthesis(openedAt: open)
    return .function(function, argument)
  }

  mutating func expectClosingParenthesis(openedAt open: Int) throws {
    skipSpaces()
    guard position < characters.count, characters[position] == ")" else {
      throw error(
        expected: "an operator (+ - * / ^) or ')' to close the '(' at column \(open + 1)")
    }
    position += 1
  }

  /// The operator at the next non-space character, if it is one of `operators`.
  mutating func peekOperator(in operators: String) -> Character? {
    skipSpaces()
    guard position < characters.count, operators.contains(characters[position]) else {
      return nil
    }
    return characters[position]
  }

  mutating func skipSpaces() {
    while position < characters.count, characters[position].isWhitespace { position += 1 }
  }

  /// A syntax error at the current position.
  func error(expected: String) -> ExpressionError {
    let found =
      position < characters.count ? "'\(characters[position])'" : "the end of the expression"
    return .syntax(text: text, column: position + 1, expected: expected, found: found)
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension MathFunction {
  /// Other names for the functions, as other tools and textbooks write them.
  static let aliases: [String: MathFunction] = [
    "ln": .log, "logistic": .sigmoid, "expit": .sigmoid, "fabs": .abs, "exponential": .exp,
  ]

  /// Functions that Descent does not have, which a near name must not be taken for (`sinh` is
  /// not a typo of `sin`).
  static let otherFunctions: Set<String> = [
    "sinh", "cosh", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "asinh", "acosh",
    "atanh", "log2", "log10", "log1p", "exp2", "expm1", "pow", "max", "min", "sign", "erf",
    "floor", "ceil", "round", "cot", "sec", "csc", "softplus", "gelu", "cbrt",
  ]

  /// The function an unknown `name` probably means: its alias (`ln` → `log`), or a function one
  /// typo away (`sqtr` → `sqrt`, `sigmod` → `sigmoid`: one letter added, dropped, changed or
  /// two swapped) when `name` has at least 3 letters and is not another function's name. Nil
  /// otherwise.
  static func suggestion(for name: String) -> String? {
    let lowered = name.lowercased()
    if let function = MathFunction(rawValue: lowered) ?? aliases[lowered] {
      return function.rawValue
    }
    guard lowered.count >= 3, !otherFunctions.contains(lowered) else { return nil }
    return allCases.first { isOneEditApart(lowered, $0.rawValue) }?.rawValue
  }

  /// Whether `a` becomes `b` by one insertion, deletion, substitution or swap of two adjacent
  /// characters.
  static func isOneEditApart(_ a: String, _ b: String) -> Bool {
    let (a, b) = (Array(a), Array(b))
    guard a != b, Swift.abs(a.count - b.count) <= 1 else { return false }
    let prefix = zip(a, b).prefix { $0 == $1 }.count
    if a.count == b.count {
      let i = prefix
      if a[(i + 1)...] == b[(i + 1)...] { return true }  // a substitution
      return i + 1 < a.count && a[i] == b[i + 1] && a[i + 1] == b[i]
        && a[(i + 2)...] == b[(i + 2)...]  // a swap
    }
    let (shorter, longer) = a.count < b.count ? (a, b) : (b, a)
    return shorter[prefix...] == longer[(prefix + 1)...]
  }
}
