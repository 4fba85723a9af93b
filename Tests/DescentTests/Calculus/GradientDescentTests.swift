import Descent
import Foundation
import Testing

/// Plain gradient descent on expressions: the Rosenbrock runs from the issue, early stopping,
/// divergence, and a hand-computed first step.
@Suite("Gradient descent on an expression")
struct GradientDescentTests {
  static let rosenbrock = "(1 - x)^2 + 100*(y - x^2)^2"

  @Test("Rosenbrock from (−1.5, 2), η = 0.001, 20 000 steps ends within 0.001 of (1, 1)")
  func rosenbrockConverges() throws {
    let f = try MathExpression(parsing: Self.rosenbrock)
    let run = try descend(
      f, variables: ["x", "y"], from: [-1.5, 2], learningRate: 0.001, steps: 20000)
    #expect(!run.diverged)
    #expect(run.steps == 20000)
    #expect(Swift.abs(run.end[0] - 1) < 0.001, "x = \(run.end[0])")
    #expect(Swift.abs(run.end[1] - 1) < 0.001, "y = \(run.end[1])")
    #expect(run.points.count == 20001)
    #expect(run.value < 1e-6)
  }

  @Test("Rosenbrock with η = 0.01 is reported divergent within the first few steps, no NaN")
  func rosenbrockDiverges() throws {
    let f = try MathExpression(parsing: Self.rosenbrock)
    let run = try descend(
      f, variables: ["x", "y"], from: [-1.5, 2], learningRate: 0.01, steps: 20000)
    #expect(run.diverged)
    #expect(!run.converged)
    #expect(run.steps <= 5, "\(run.steps) steps")
    #expect(run.values.allSatisfy { $0.isFinite })
    #expect(run.points.allSatisfy { point in point.allSatisfy { $0.isFinite } })
    #expect(run.divergenceReason?.contains("step 4") == true, "\(run.divergenceReason ?? "")")
  }

  @Test("one step by hand: x² + 3y² from (1, 1) with η = 0.1 goes to (0.8, 0.4)")
  func firstStep() throws {
    // ∇f = (2x, 6y) = (2, 6); x₁ = (1 − 0.2, 1 − 0.6).
    let f = try MathExpression(parsing: "x^2 + 3*y^2")
    let run = try descend(f, variables: ["x", "y"], from: [1, 1], learningRate: 0.1, steps: 1)
    #expect(run.steps == 1)
    #expect(Swift.abs(run.end[0] - 0.8) < 1e-15)
    #expect(Swift.abs(run.end[1] - 0.4) < 1e-15)
    #expect(Swift.abs(run.values[1] - (0.64 + 0.48)) < 1e-15)
    #expect(run.gradientNorms[0] == 40.0.squareRoot())
  }

  @Test("the run stops early once |∇f| is below the tolerance, and says it converged")
  func earlyStop() throws {
    // x_k = 0.5^k·x₀ for f = x² with η = 0.25, |∇f| = 2|x_k| < 1e-6 once k ≥ 21.
    let f = try MathExpression(parsing: "x^2")
    let run = try descend(f, variables: ["x"], from: [1], learningRate: 0.25, steps: 1000)
    #expect(run.converged)
    #expect(!run.diverged)
    #expect(run.steps == 21)
    #expect(run.gradientNorm < 1e-6)
    #expect(run.gradientNorms.dropLast().allSatisfy { $0 >= 1e-6 })
    let loose = try descend(
      f, variables: ["x"], from: [1], learningRate: 0.25, steps: 1000, tolerance: 0.1)
    #expect(loose.steps == 5)  // 2·0.5⁵ = 0.0625 < 0.1
  }

  @Test("zero steps gives the start; a run that never reaches the tolerance is neither")
  func bounds() throws {
    let f = try MathExpression(parsing: "x^2")
    let none = try descend(f, variables: ["x"], from: [3], learningRate: 0.1, steps: 0)
    #expect(none.points == [[3]])
    #expect(!none.converged && !none.diverged)
    let short = try descend(f, variables: ["x"], from: [3], learningRate: 0.1, steps: 3)
    #expect(short.steps == 3)
    #expect(!short.converged && !short.diverged)
  }

  @Test(
    "a step onto a point where f is not finite ends the run as divergent, keeping the finite iterates"
  )
  func nonFiniteValue() throws {
    // log(x) from x = 1 with η = 2: ∇f = 1/x = 1, so x₁ = 1 − 2 = −1, where log is NaN.
    let f = try MathExpression(parsing: "log(x)")
    let run = try descend(f, variables: ["x"], from: [1], learningRate: 2, steps: 10)
    #expect(run.diverged)
    #expect(run.points == [[1]])
    #expect(run.divergenceReason?.contains("not finite at step 1") == true)
  }

  @Test("a start where f or ∇f is not finite is an error naming the sub-expression")
  func badStart() throws {
    let f = try MathExpression(parsing: "sqrt(x^2 + y^2)")
    let error = try #require(throws: ExpressionError.self) {
      try descend(f, variables: ["x", "y"], from: [0, 0], learningRate: 0.1, steps: 10)
    }
    #expect(error.description.contains("derivative of sqrt(x^2 + y^2)"))
  }

  @Test("the JSON has start, end, value, gradient_norm, steps, converged and diverged")
  func json() throws {
    let f = try MathExpression(parsing: "x^2 + y^2")
    let run = try descend(f, variables: ["x", "y"], from: [1, -1], learningRate: 0.25, steps: 2)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.json.utf8)) as? [String: Any])
    #expect(object["start"] as? [String: Double] == ["x": 1, "y": -1])
    #expect(object["end"] as? [String: Double] == ["x": 0.25, "y": -0.25])
    #expect(object["value"] as? Double == 0.125)
    #expect(object["steps"] as? Int == 2)
    #expect(object["converged"] as? Bool == false)
    #expect(object["diverged"] as? Bool == false)
    #expect(object["gradient_norm"] as? Double != nil)
  }
}
