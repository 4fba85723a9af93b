import ArgumentParser
import Descent
import Foundation

/// `descent descend EXPR --from x=-1.5,y=2`: plain gradient descent on an expression, with
/// an optional picture of the contours, the gradient field and the path.
struct DescendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "descend",
    abstract: "Minimize an expression by plain gradient descent, x ← x − η∇f(x).",
    discussion: """
      EXPR is written as for `descent grad`. Stops when |∇f| falls below --tolerance \
      (converged), when the value or gradient stops being finite or |f| exceeds 10^6 × \
      max(|f(start)|, 1) (diverged), or after --steps updates. Try \
      descent descend "(1 - x)^2 + 100*(y - x^2)^2" --from x=-1.5,y=2 --learning-rate 0.001 \
      --steps 20000 --plot rosenbrock.svg
      """
  )

  @Argument(help: "The function to minimize, such as \"(1 - x)^2 + 100*(y - x^2)^2\".")
  var expression: String

  @Option(
    parsing: .unconditional,
    help: "The starting point: name=value pairs separated by commas, such as x=-1.5,y=2.")
  var from: String

  @Option(parsing: .unconditional, help: "The step size η (default 0.01).")
  var learningRate = 0.01

  @Option(parsing: .unconditional, help: "The largest number of updates (default 1000).")
  var steps = 1000

  @Option(
    parsing: .unconditional,
    help: "Stop when the gradient norm falls below this (default 1e-6).")
  var tolerance = 1e-6

  @Option(
    help: "Draw the contours, the gradient field and the path to this .svg file (two variables).")
  var plot: String?

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  @Flag(help: "Show no progress line on standard error; print only the report.")
  var quiet = false

  func validate() throws {
    guard learningRate > 0, learningRate.isFinite else {
      throw CommandError("--learning-rate must be a positive number, got \(learningRate)")
    }
    guard steps >= 0 else { throw CommandError("--steps must be 0 or more, got \(steps)") }
    guard tolerance >= 0, tolerance.isFinite else {
      throw CommandError("--tolerance must be 0 or more, got \(tolerance)")
    }
    let (variables, _) = try ExpressionInput.point(from, option: "--from")
    if let plot {
      try ExpressionInput.checkExtension(plot, option: "--plot", ["svg"])
      guard variables.count == 2 else {
        throw CommandError(
          "--plot draws functions of two variables; --from gives \(variables.count) "
            + "(\(variables.joined(separator: ", ")))")
      }
    }
  }

  func run() throws {
    // Parsed here rather than in validate(), so that a syntax error keeps its caret line.
    let (expression, variables, start) = try ExpressionInput.parse(
      expression, point: from, option: "--from")
    let path: GradientDescentPath
    let display = ProgressDisplay.standardError(quiet: quiet)
    do {
      defer { display?.finish() }
      path = try descend(
        expression, variables: variables, from: start, learningRate: learningRate, steps: steps,
        tolerance: tolerance,
        onStep: { step, value in
          display?.iteration(step, of: steps, "f \(ExpressionInput.format(value))")
        })
      if let plot { try path.chart(of: expression).document().write(toFile: plot) }
    } catch {
      throw CommandError(error)
    }
    if json {
      print(path.json)
      // A diverged run fails, as `descent train` does, after its JSON has been printed.
      if path.divergenceReason != nil { throw ExitCode.failure }
      return
    }
    let n = ExpressionInput.format
    func describe(_ point: [Double], _ value: Double, _ norm: Double) -> String {
      zip(variables, point).map { "\($0) = \(n($1))" }.joined(separator: ", ")
        + "   f = \(n(value))   |∇f| = \(n(norm))"
    }
    print(
      "Gradient descent on f(\(variables.joined(separator: ", "))) = \(expression), "
        + "learning rate \(n(learningRate))")
    print("start  " + describe(path.start, path.values[0], path.gradientNorms[0]))
    print("end    " + describe(path.end, path.value, path.gradientNorm))
    if let reason = path.divergenceReason {
      print(
        "Diverged after \(path.steps) steps: \(reason). Try a smaller learning rate, "
          + "such as \(n(learningRate / 10)).")
    } else if path.converged {
      print("Converged after \(path.steps) steps: |∇f| fell below the tolerance \(n(tolerance)).")
    } else {
      print(
        "Stopped after \(path.steps) steps without converging: |∇f| = \(n(path.gradientNorm)) "
          + "is above the tolerance \(n(tolerance)).")
    }
    if let plot { print("Wrote the plot to \(plot).") }
    if path.divergenceReason != nil { throw ExitCode.failure }
  }
}
