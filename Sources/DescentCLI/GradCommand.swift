import ArgumentParser
import Descent
import Foundation

/// `descent grad EXPR --at x=1,y=2`: the value, partial derivatives, gradient and its norm,
/// the directions of steepest ascent and descent, and optionally the directional derivative,
/// the Hessian and the computation graph of an expression at a point.
struct GradCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grad",
    abstract: "Differentiate an expression at a point: gradient, directional derivative, Hessian.",
    discussion: """
      EXPR uses numbers (1, 2.5, 1e-3), variables, + - * / ^ (^ binds tightest and groups \
      to the right; -x^2 is -(x^2)), parentheses and sin cos tan exp log sqrt abs tanh \
      sigmoid relu, e.g. "x^2*y + 3*y". Quote it; start one that begins with a minus sign \
      with a space or parentheses (" -x^2"). Variables are ordered as in --at, and --along \
      follows that order. With --json, fields that do not apply (steepest_ascent and \
      angle_degrees where the gradient is zero) are left out. All in float64, by autodiff.
      """
  )

  @Argument(help: "The function, such as \"x^2*y + 3*y\".")
  var expression: String

  @Option(
    parsing: .unconditional,
    help: "The point: name=value pairs separated by commas, such as x=1,y=2.")
  var at: String

  @Option(
    parsing: .unconditional,
    help: "A direction, one component per variable in --at order, such as 3,4 (normalized).")
  var along: String?

  @Flag(help: "Also print the Hessian and its eigenvalues.")
  var hessian = false

  @Option(help: "Write the computation graph to this file: .dot (Graphviz) or .svg.")
  var graph: String?

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  func validate() throws {
    _ = try direction(for: ExpressionInput.point(at, option: "--at").variables)
    if let graph { try ExpressionInput.checkExtension(graph, option: "--graph", ["dot", "svg"]) }
  }

  /// The direction given with --along, checked against the variables of --at.
  func direction(for variables: [String]) throws -> [Double]? {
    guard let along else { return nil }
    let direction = try ExpressionInput.numbers(along, option: "--along")
    guard direction.count == variables.count else {
      throw CommandError(
        "--along has \(direction.count) components but --at gives \(variables.count) "
          + "variables (\(variables.joined(separator: ", "))); give one per variable, in order")
    }
    guard direction.contains(where: { $0 != 0 }) else {
      throw CommandError("--along \(along) is the zero vector, which has no direction")
    }
    return direction
  }

  func run() throws {
    // The expression is parsed here rather than in validate(), so that a syntax error
    // reaches the user with its caret line.
    let (expression, variables, point) = try ExpressionInput.parse(
      expression, point: at, option: "--at")
    let direction = try direction(for: variables)
    let report: DerivativeReport
    do {
      report = try DerivativeReport(
        expression, variables: variables, at: point, along: direction, includeHessian: hessian)
      if let graph {
        try ComputationGraph(of: expression, variables: variables, at: point)
          .write(toFile: graph, title: "f(\(variables.joined(separator: ", "))) = \(expression)")
      }
    } catch {
      throw CommandError(error)
    }
    if json {
      print(report.json)
      return
    }
    print(Self.text(report, direction: along))
    if let graph { print("\nWrote the computation graph to \(graph).") }
  }

  /// The report as aligned lines, numbers to 10 significant digits.
  static func text(_ r: DerivativeReport, direction: String?) -> String {
    let n = ExpressionInput.format
    let vector = { (v: [Double]) in "(" + v.map(n).joined(separator: ", ") + ")" }
    let at = zip(r.variables, r.point).map { "\($0) = \(n($1))" }.joined(separator: ", ")
    var rows: [(String, String)] = [
      ("value", "f = \(n(r.value))")
    ]
    for (i, (name, partial)) in zip(r.variables, r.gradient).enumerated() {
      rows.append((i == 0 ? "partial derivatives" : "", "∂f/∂\(name) = \(n(partial))"))
    }
    rows.append(("gradient", "∇f = \(vector(r.gradient))"))
    rows.append(("gradient norm", "|∇f| = \(n(r.gradientNorm))"))
    if let ascent = r.steepestAscent, let descent = r.steepestDescent {
      rows.append(("steepest ascent", "∇f/|∇f| = \(vector(ascent))"))
      rows.append(("steepest descent", "−∇f/|∇f| = \(vector(descent))"))
    } else {
      rows.append(("steepest ascent", "none: the gradient is zero (a stationary point)"))
    }
    if let u = r.direction, let derivative = r.directionalDerivative {
      rows.append(("direction", "u = \(vector(u))  (--along \(direction ?? ""), normalized)"))
      rows.append(("directional derivative", "∇f·u = \(n(derivative))"))
      if let angle = r.angleDegrees {
        rows.append(("angle to the gradient", "\(n(angle))°"))
      }
    }
    if let h = r.hessian, let eigenvalues = r.hessianEigenvalues {
      rows.append(
        (
          "Hessian",
          "["
            + h.map { "[" + $0.map(n).joined(separator: ", ") + "]" }
            .joined(separator: ", ") + "]"
        ))
      rows.append(("Hessian eigenvalues", eigenvalues.map(n).joined(separator: ", ")))
      rows.append(("", Self.classify(eigenvalues)))
    }
    let width = rows.map(\.0.count).max() ?? 0
    let body = rows.map { $0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $1 }
    let variables = r.variables.joined(separator: ", ")
    return (["f(\(variables)) = \(r.expression)  at \(at)", ""] + body).joined(separator: "\n")
  }

  /// What the Hessian's eigenvalues say about the point, if it were stationary.
  static func classify(_ eigenvalues: [Double]) -> String {
    let scale = eigenvalues.map { Swift.abs($0) }.max() ?? 0
    let tolerance = 1e-12 * Swift.max(scale, 1)
    if eigenvalues.allSatisfy({ $0 > tolerance }) { return "(positive definite: curving up)" }
    if eigenvalues.allSatisfy({ $0 < -tolerance }) { return "(negative definite: curving down)" }
    if eigenvalues.contains(where: { $0 > tolerance }),
      eigenvalues.contains(where: { $0 < -tolerance })
    {
      return "(indefinite: a saddle shape)"
    }
    return "(semidefinite: flat in some direction)"
  }
}

/// Reading expressions, points and number lists from the command line, shared by `grad` and
/// `descend`; every failure is a ``CommandError``.
enum ExpressionInput {
  /// The expression and the point, with each variable of the expression given a value.
  static func parse(
    _ text: String, point: String, option: String
  ) throws -> (MathExpression, [String], [Double]) {
    let expression: MathExpression
    do {
      expression = try MathExpression(parsing: text)
    } catch let error as ExpressionError {
      throw CommandError("\(error)", detailLines: error.caretLines)
    }
    let (variables, values) = try self.point(point, option: option)
    if let missing = expression.variables.first(where: { !variables.contains($0) }) {
      let example = zip(variables, values).map { "\($0)=\(format($1))" } + ["\(missing)=0"]
      throw CommandError(
        "undefined variable \(missing) in \(expression): give it a value with \(option), "
          + "e.g. \(option) \(example.joined(separator: ","))")
    }
    return (expression, variables, values)
  }

  /// The variables and values of a point such as `x=1,y=2`.
  static func point(
    _ text: String, option: String
  ) throws -> (variables: [String], values: [Double]) {
    do {
      return try parsePoint(text)
    } catch {
      throw CommandError("\(option): \(error)")
    }
  }

  /// Numbers separated by commas, such as `3,4`.
  static func numbers(_ text: String, option: String) throws -> [Double] {
    try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      guard let value = Double(trimmed), value.isFinite else {
        throw CommandError(
          "\(option) takes finite numbers separated by commas (e.g. 3,4), got \"\(text)\"")
      }
      return value
    }
  }

  /// Throws unless `path` ends in one of `extensions`.
  static func checkExtension(_ path: String, option: String, _ extensions: [String]) throws {
    let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
    guard extensions.contains(ext) else {
      throw CommandError(
        "\(option) \(path): the file name must end in "
          + extensions.map { "." + $0 }.joined(separator: " or "))
    }
  }

  /// A number to 10 significant digits: `5.6`, `-0.7071067812`, `1.5e-07`.
  static func format(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.10g", value)
  }
}
