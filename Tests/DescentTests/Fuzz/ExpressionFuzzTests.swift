import Descent
import Foundation
import PropertyBased
import Testing

/// Random expression text for `descent grad`: token soup from the grammar's own tokens (and
/// some that are not in it), with long and huge numbers and deep nesting.
enum ExpressionFuzz {
  static let tokens = [
    "x", "y", "z", "_a1", "1", "0", "2.5", ".5", "1e-3", "1e308", "1e999", "4.9e-324", "-", "+",
    "*", "/", "^", "(", ")", "(", ")", "sin(", "cos(", "tan(", "exp(", "log(", "sqrt(", "abs(",
    "tanh(", "sigmoid(", "relu(", "foo(", " ", "e", "E", ".", ",", "=", "2x", "\u{0}", "π", "√",
    "日", "1.2.3", "1e", "1e+", "--", "**", "^-", "inf", "nan",
  ]

  /// One expression, from `rng`.
  static func text(_ rng: inout some RandomNumberGenerator) -> String {
    // Deep nesting of one kind, around the parser's limit of 1000 levels, in 1 round of 100
    // (about 10 ms each in a debug build; with the Hessian, which only short texts get, 0.1 s).
    if Int.random(in: 0..<100, using: &rng) == 0 {
      let depth = Int.random(in: 990...1010, using: &rng)
      let (open, close) =
        [("(", ")"), ("sin(", ")"), ("-", ""), ("x^", ""), ("x+", ""), ("x*", ""), ("x/", "")]
        .randomElement(using: &rng)!
      return String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth)
    }
    if Int.random(in: 0..<20, using: &rng) == 0 {
      // A huge number written out.
      return String(repeating: "9", count: Int.random(in: 300...400, using: &rng)) + "*x"
    }
    return (0..<Int.random(in: 1...16, using: &rng)).map { _ in
      tokens.randomElement(using: &rng)!
    }.joined()
  }

  /// A value for a variable: ordinary, zero, or huge.
  static func value(_ rng: inout some RandomNumberGenerator) -> Double {
    [
      0, -0.0, 1, -2.5, 1e-300, 1e300, -1e300, Double.greatestFiniteMagnitude,
      Double.leastNonzeroMagnitude,
    ]
    .randomElement(using: &rng)!
  }

  /// Parses `text` and, if it parses, differentiates it as `descent grad` does at a random
  /// point with a random direction and, for short texts, sometimes the Hessian. Returns whether it parsed, or
  /// what went wrong (an error with no message).
  static func run(_ text: String, _ rng: inout some RandomNumberGenerator) -> (Bool, String?) {
    let expression: MathExpression
    do {
      expression = try MathExpression(parsing: text)
    } catch {
      return (false, "\(error)".isEmpty ? "a syntax error without a message" : nil)
    }
    let variables = expression.variables
    let point = variables.map { _ in value(&rng) }
    let direction = variables.isEmpty ? nil : variables.map { _ in value(&rng) }
    let usable = direction.map { $0.contains { $0 != 0 } } ?? false
    do {
      let report = try DerivativeReport(
        expression, variables: variables, at: point, along: usable ? direction : nil,
        includeHessian: text.count < 100 && Bool.random(using: &rng))
      _ = report.json
      _ = "\(report.expression)"
    } catch {
      if "\(error)".isEmpty { return (true, "an evaluation error without a message") }
    }
    return (true, nil)
  }
}

@Suite("Fuzz: expressions for descent grad")
struct ExpressionFuzzTests {
  @Test("seeded token soup parses and differentiates, or throws with a message; never traps")
  func tokenSoup() {
    var rng = Xoshiro(seed: (0xE4, 0x9A, 0x11, 1))
    var parsed = 0
    for round in 0..<FuzzRounds.count {
      let text = ExpressionFuzz.text(&rng)
      let (didParse, problem) = ExpressionFuzz.run(text, &rng)
      if let problem {
        Issue.record("round \(round): \(problem)\ninput: \(text.debugDescription)")
        return
      }
      if didParse { parsed += 1 }
      if round % 50 == 0 {
        // Points as typed after --at.
        _ = try? parsePoint(text)
      }
    }
    #expect(parsed > 0)
  }

  @Test("a chain of 100,000 operators is refused as too deep, not a stack overflow")
  func longOperatorChainRegression() throws {
    // Before the fix, x*x*…*x with 20,000 factors parsed into a tree 20,000 levels deep,
    // and evaluating it overflowed the stack (descent grad crashed with SIGSEGV).
    for op in ["+", "-", "*", "/"] {
      let text = "x" + String(repeating: "\(op)x", count: 100_000)
      #expect(throws: ExpressionError.self) { try MathExpression(parsing: text) }
      do {
        _ = try MathExpression(parsing: text)
      } catch {
        #expect("\(error)".contains("at most 1000 levels of nesting"))
      }
    }
    // A chain just inside the limit still works.
    let sum = try MathExpression(parsing: "x" + String(repeating: "+x", count: 990))
    let report = try DerivativeReport(sum, variables: ["x"], at: [2])
    #expect(report.value == 1982)
    #expect(report.gradient == [991])
  }

  @Test("a direction whose length overflows float64 is still normalized (regression)")
  func hugeDirectionRegression() throws {
    // Found by the token-soup fuzz run: |(1.7e308, 1.7e308)| overflows to ∞, and
    // DerivativeReport trapped ("zero or infinite direction"); `descent grad "x+y" --at x=1,y=1
    // --along 1.7e308,1.7e308` crashed with SIGILL.
    let expression = try MathExpression(parsing: "x+y")
    let huge = Double.greatestFiniteMagnitude
    let report = try DerivativeReport(
      expression, variables: ["x", "y"], at: [1, 1], along: [huge, huge])
    let u = try #require(report.direction)
    #expect(Swift.abs(u[0] - 0.5.squareRoot()) < 1e-15 && u[0] == u[1])
    #expect(Swift.abs(try #require(report.directionalDerivative) - 2.0.squareRoot()) < 1e-15)
  }

  @Test("huge numbers are refused or finite; 1e999 is not a finite number")
  func hugeNumbers() throws {
    for text in ["1e999*x", String(repeating: "9", count: 400) + "*x", "x^1e308"] {
      if let expression = try? MathExpression(parsing: text) {
        do {
          _ = try DerivativeReport(expression, variables: ["x"], at: [2])
        } catch {
          #expect(!"\(error)".isEmpty)
        }
      }
    }
  }
}
