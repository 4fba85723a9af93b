import Descent
import Foundation
import Testing

/// The calculus report at a point: the worked example of the issue, the derived quantities,
/// and the errors for points where something is not finite.
@Suite("Derivative report")
struct DerivativeReportTests {
  @Test(
    "f = x²y + 3y at (1, 2): ∇f = (4, 4); along (3, 4), u = (0.6, 0.8) and ∇f·u = 5.6; H = [[4, 2], [2, 0]]"
  )
  func workedExample() throws {
    // By hand: ∂f/∂x = 2xy = 4, ∂f/∂y = x² + 3 = 4; ∇f·u = 4·0.6 + 4·0.8 = 5.6;
    // ∂²f/∂x² = 2y = 4, ∂²f/∂x∂y = 2x = 2, ∂²f/∂y² = 0.
    let f = try MathExpression(parsing: "x^2*y + 3*y")
    let r = try DerivativeReport(
      f, variables: ["x", "y"], at: [1, 2], along: [3, 4], includeHessian: true)
    #expect(r.value == 8)
    #expect(r.gradient == [4, 4])
    #expect(r.direction == [0.6, 0.8])
    #expect(Swift.abs(try #require(r.directionalDerivative) - 5.6) < 1e-14)
    #expect(r.hessian == [[4, 2], [2, 0]])
    #expect(Swift.abs(r.gradientNorm - 32.0.squareRoot()) < 1e-14)
    let ascent = try #require(r.steepestAscent)
    #expect(Swift.abs(ascent[0] - 0.5.squareRoot()) < 1e-15)
    #expect(try #require(r.steepestDescent) == ascent.map { -$0 })
    // cos θ = 5.6 / √32; θ ≈ 8.130102354°.
    #expect(Swift.abs(try #require(r.angleDegrees) - 8.130102354156) < 1e-9)
    // Eigenvalues of [[4, 2], [2, 0]]: 2 ± 2√2.
    let eigenvalues = try #require(r.hessianEigenvalues)
    #expect(Swift.abs(eigenvalues[0] - (2 - 2 * 2.0.squareRoot())) < 1e-12)
    #expect(Swift.abs(eigenvalues[1] - (2 + 2 * 2.0.squareRoot())) < 1e-12)
  }

  @Test("the JSON has the documented fields")
  func json() throws {
    let f = try MathExpression(parsing: "x^2*y + 3*y")
    let r = try DerivativeReport(
      f, variables: ["x", "y"], at: [1, 2], along: [3, 4], includeHessian: true)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(r.json.utf8)) as? [String: Any])
    #expect(object["variables"] as? [String] == ["x", "y"])
    #expect(object["value"] as? Double == 8)
    #expect(object["gradient"] as? [String: Double] == ["x": 4, "y": 4])
    #expect(object["direction"] as? [Double] == [0.6, 0.8])
    #expect(object["hessian"] as? [[Double]] == [[4, 2], [2, 0]])
    for key in [
      "gradient_norm", "steepest_ascent", "directional_derivative", "angle_degrees",
      "hessian_eigenvalues",
    ] {
      #expect(object[key] != nil, "missing \(key)")
    }
  }

  @Test("at a stationary point there is no direction of steepest ascent and no angle")
  func stationary() throws {
    let f = try MathExpression(parsing: "x^2 + y^2")
    let r = try DerivativeReport(f, variables: ["x", "y"], at: [0, 0], along: [1, 1])
    #expect(r.gradient == [0, 0])
    #expect(r.steepestAscent == nil)
    #expect(r.angleDegrees == nil)
    #expect(r.directionalDerivative == 0)
    #expect(!r.json.contains("steepest_ascent"))
  }

  @Test("a variable the expression does not use has partial derivative 0; a constant works")
  func unusedVariable() throws {
    let r = try DerivativeReport(
      MathExpression(parsing: "3*x"), variables: ["x", "y"], at: [1, 5], includeHessian: true)
    #expect(r.gradient == [3, 0])
    #expect(r.hessian == [[0, 0], [0, 0]])
    let constant = try DerivativeReport(
      MathExpression(parsing: "2^10"), variables: ["x"], at: [1], includeHessian: true)
    #expect(constant.value == 1024)
    #expect(constant.gradient == [0])
  }

  @Test("an undefined variable is named")
  func undefined() throws {
    let f = try MathExpression(parsing: "x*z")
    let error = try #require(throws: ExpressionError.self) {
      try DerivativeReport(f, variables: ["x", "y"], at: [1, 2])
    }
    #expect(error == .undefinedVariable("z", defined: ["x", "y"]))
    #expect(error.description.contains("undefined variable z"))
  }

  @Test(
    "a value or derivative that is not finite names the sub-expression, not NaN",
    arguments: [
      (
        "log(x - 3) + y", "x=1,y=2", false, "the value of log(x - 3)",
        "log of a negative number, -2"
      ),
      ("sqrt(x^2 + y^2)", "x=0,y=0", false, "the derivative of sqrt(x^2 + y^2)", "sqrt′(0) = +∞"),
      ("x + 1/(y - 2)", "x=1,y=2", false, "the value of 1/(y - 2)", "division by 0"),
      ("sqrt(x) + y", "x=0,y=1", false, "the derivative of sqrt(x)", "sqrt′(0)"),
      ("log(y*0)*x", "x=1,y=1", false, "the value of log(y*0)", "log of 0"),
      ("(x - 1)^0.5", "x=0.5", false, "the value of (x - 1)^0.5", "non-integer power 0.5"),
      ("exp(exp(x))", "x=7", false, "the value of exp(exp(x))", "overflows"),
      ("x^y", "x=-2,y=2", false, "the derivative of x^y", "a > 0"),
      ("x^1.5 + y", "x=0,y=1", true, "the second derivative of x^1.5", "u = 0"),
      ("exp(-exp(1000*x))", "x=1", false, "the value of exp(1000*x)", "overflows"),
    ] as [(String, String, Bool, String, String)])
  func notFinite(
    text: String, point: String, hessian: Bool, subject: String, reason: String
  ) throws {
    let f = try MathExpression(parsing: text)
    let (variables, values) = try parsePoint(point)
    let error = try #require(throws: ExpressionError.self) {
      try DerivativeReport(f, variables: variables, at: values, includeHessian: hessian)
    }
    #expect(error.description.contains(subject), "\(error)")
    #expect(error.description.contains(reason), "\(error)")
    #expect(!error.description.contains("nan"), "\(error)")
  }

  @Test("symmetric eigenvalues by Jacobi rotations match known spectra")
  func eigenvalues() {
    #expect(symmetricEigenvalues([[2, 0], [0, -1]]) == [-1, 2])
    // [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: 2 − √2, 2, 2 + √2.
    let values = symmetricEigenvalues([[2, 1, 0], [1, 2, 1], [0, 1, 2]])
    let expected = [2 - 2.0.squareRoot(), 2, 2 + 2.0.squareRoot()]
    for (a, e) in zip(values, expected) { #expect(Swift.abs(a - e) < 1e-13) }
    #expect(symmetricEigenvalues([]) == [])
    #expect(symmetricEigenvalues([[5]]) == [5])
  }
}
