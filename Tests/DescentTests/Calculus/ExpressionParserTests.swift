import Testing

@testable import Descent

/// The expression language: precedence and associativity, numbers, functions, how
/// expressions are written back, and syntax errors with their column.
@Suite("Expression parser")
struct ExpressionParserTests {
  /// Evaluates `text` with x = 3 and y = 2.
  func value(_ text: String) throws -> Double {
    let f = try MathExpression(parsing: text)
    return try f.evaluate(at: [
      "x": Tensor(scalar: 3, dtype: .float64), "y": Tensor(scalar: 2, dtype: .float64),
    ]).item
  }

  @Test(
    "operators follow the usual precedence (checked at x = 3, y = 2)",
    arguments: [
      ("-x^2", -9.0),  // −(x²), not (−x)²
      ("2^3^2", 512),  // 2^(3^2): ^ groups to the right
      ("(2^3)^2", 64),
      ("2^-1", 0.5),  // unary minus in an exponent
      ("-2^2", -4),
      ("--x", 3),
      ("+x", 3),
      ("1 + 2*3", 7),
      ("(1 + 2)*3", 9),
      ("8/4/2", 1),  // left to right
      ("10 - 4 - 3", 3),
      ("x*y^2", 12),
      ("-x*y", -6),
      ("x^2*y + 3*y", 24),
      ("2*-x", -6),
      ("x^-y", 1.0 / 9),
      ("sin(0) + cos(0)", 1),
      ("exp(log(x))", 3),
      ("sqrt(x^2 + 16)", 5),
      ("abs(-x) + relu(-y) + relu(y)", 5),
      ("1e-3*1000 + 2.5 + .5", 4),
      ("1E+2", 100),
      ("  x   *   y  ", 6),
    ] as [(String, Double)])
  func precedence(text: String, expected: Double) throws {
    #expect(Swift.abs(try value(text) - expected) <= 1e-12, "\(text)")
  }

  @Test("-x^2 parses as -(x^2) and 2^3^2 as 2^(3^2)")
  func trees() throws {
    #expect(try MathExpression(parsing: "-x^2") == .negate(.power(.variable("x"), .number(2))))
    #expect(
      try MathExpression(parsing: "2^3^2")
        == .power(.number(2), .power(.number(3), .number(2))))
    #expect(
      try MathExpression(parsing: "a - b - c")
        == .subtract(.subtract(.variable("a"), .variable("b")), .variable("c")))
  }

  @Test(
    "writing an expression back gives text that parses to the same expression",
    arguments: [
      "x^2*y + 3*y", "-x^2", "(-x)^2", "2^3^2", "(2^3)^2", "x - (y - 1)", "x/(y*2)",
      "sin(x)^2 + cos(-y)", "2^-x", "-(x + y)", "x*-y", "1e-07*x", "(1 - x)^2 + 100*(y - x^2)^2",
    ])
  func roundTrip(text: String) throws {
    let f = try MathExpression(parsing: text)
    #expect(try MathExpression(parsing: f.description) == f, "\(text) → \(f)")
  }

  @Test("minimal parentheses when written back")
  func description() throws {
    #expect(try MathExpression(parsing: "((x^2)*y) + (3*y)").description == "x^2*y + 3*y")
    #expect(try MathExpression(parsing: "-(x^2)").description == "-x^2")
    #expect(try MathExpression(parsing: "(-x)^2").description == "(-x)^2")
    #expect(try MathExpression(parsing: "x - (y - 1)").description == "x - (y - 1)")
  }

  @Test("variables are listed once each, in order of first appearance")
  func variables() throws {
    #expect(try MathExpression(parsing: "y*x + sin(y) - z/x").variables == ["y", "x", "z"])
    #expect(try MathExpression(parsing: "2 + 3").variables.isEmpty)
  }

  @Test(
    "a syntax error gives the 1-based column and what was expected there",
    arguments: [
      ("x^2*/y", 5, "a number, a variable", "'/'"),
      ("sin(x", 6, "')' to close the '(' at column 4", "the end of the expression"),
      ("2x", 2, "multiplication is written with *", "'x'"),
      ("x +", 4, "a number, a variable", "the end of the expression"),
      ("sin x", 5, "'(' after the function name sin", "'x'"),
      ("x $ y", 3, "an operator", "'$'"),
      ("(x + y))", 8, "no '(' is open", "')'"),
      ("1e-", 4, "the digits of the exponent", "the end of the expression"),
      ("", 1, "a number, a variable", "the end of the expression"),
      ("x + . ", 6, "a digit after '.'", "' '"),
      ("x**2", 3, "powers are written with ^, as in x^2", "'*'"),
      ("x(y + 1)", 2, "multiplication is written with *", "'('"),
    ] as [(String, Int, String, String)])
  func syntaxErrors(text: String, column: Int, expected: String, found: String) throws {
    let error = try #require(throws: ExpressionError.self) { try MathExpression(parsing: text) }
    guard case .syntax(_, let actualColumn, let actualExpected, let actualFound) = error else {
      Issue.record("not a syntax error: \(error)")
      return
    }
    #expect(actualColumn == column, "\(error)")
    #expect(actualExpected.contains(expected), "\(error)")
    #expect(actualFound == found, "\(error)")
    #expect(error.description.contains("column \(column)"))
    let caret = error.caretLines
    #expect(caret.count == 2)
    #expect(caret.first == text)
    #expect(caret.last == String(repeating: " ", count: column - 1) + "^")
  }

  @Test(
    "an unknown function is named, with the function it probably means and the list of all",
    arguments: [
      ("ln(x)", 1, "ln", "log"), ("2 * Sin(x)", 5, "Sin", "sin"), ("sqtr(x)", 1, "sqtr", "sqrt"),
      ("sigmod(x)", 1, "sigmod", "sigmoid"), ("logistic (x)", 1, "logistic", "sigmoid"),
      ("arctan(x)", 1, "arctan", nil), ("sinh(x)", 1, "sinh", nil), ("x + atan(y)", 5, "atan", nil),
    ] as [(String, Int, String, String?)])
  func unknownFunction(text: String, column: Int, name: String, suggestion: String?) throws {
    #expect(
      throws: ExpressionError.unknownFunction(
        text: text, column: column, name: name, suggestion: suggestion)
    ) {
      try MathExpression(parsing: text)
    }
    let error = ExpressionError.unknownFunction(
      text: text, column: column, name: name, suggestion: suggestion)
    let guess = suggestion.map { "; did you mean '\($0)'?" } ?? "."
    #expect(
      error.description
        == "unknown function '\(name)' at column \(column)\(guess) The functions are sin, cos, "
        + "tan, exp, log, sqrt, abs, tanh, sigmoid, relu.")
    #expect(error.caretLines == [text, String(repeating: " ", count: column - 1) + "^"])
  }

  @Test("one edit apart: one letter added, dropped, changed, or two adjacent swapped")
  func oneEditApart() {
    for (a, b) in [
      ("sqtr", "sqrt"), ("sigmod", "sigmoid"), ("tahn", "tanh"), ("cso", "cos"), ("rel", "relu"),
      ("exq", "exp"),
    ] {
      #expect(MathFunction.isOneEditApart(a, b) && MathFunction.isOneEditApart(b, a), "\(a) \(b)")
    }
    for (a, b) in [
      ("sin", "sin"), ("ln", "log"), ("sqrtt2", "sqrt"), ("tnha", "tanh"), ("abc", "cab"),
    ] {
      #expect(!MathFunction.isOneEditApart(a, b), "\(a) \(b)")
    }
  }

  @Test("points are read as name=value pairs in order; mistakes are named")
  func points() throws {
    let (names, values) = try parsePoint("x=-1.5, y=2,z=1e-3")
    #expect(names == ["x", "y", "z"])
    #expect(values == [-1.5, 2, 0.001])
    for (text, piece) in [
      ("x=1,y", "\"y\" is not of the form"), ("x=1,x=2", "x is given twice"),
      ("x=abc", "\"abc\", is not a finite number"), ("2x=1", "\"2x\" is not a variable"),
      ("sin=1", "\"sin\" is not a variable"), ("x=inf", "not a finite number"),
    ] {
      let error = try #require(throws: ExpressionError.self) { try parsePoint(text) }
      #expect(error.description.contains(piece), "\(text): \(error)")
    }
  }
}
