import Descent
import Foundation
import Testing

/// One row of `calculus_reference.json` (see scripts/reference/make_calculus_reference.py).
struct CalculusReferenceCase: Decodable, Sendable, CustomTestStringConvertible {
  let expression: String
  let variables: [String]
  let point: [Double]
  let direction: [Double]
  let value: Double
  let gradient: [Double]
  let directionalDerivative: Double
  let hessian: [[Double]]

  enum CodingKeys: String, CodingKey {
    case expression, variables, point, direction, value, gradient, hessian
    case directionalDerivative = "directional_derivative"
  }

  var testDescription: String { expression }

  static let all: [CalculusReferenceCase] = {
    guard
      let url = Bundle.module.url(
        forResource: "Fixtures/calculus_reference.json", withExtension: nil),
      let data = try? Data(contentsOf: url),
      let cases = try? JSONDecoder().decode([CalculusReferenceCase].self, from: data)
    else { return [] }
    return cases
  }()
}

/// Value, gradient, directional derivative and Hessian of 40 expressions against SymPy's exact
/// derivatives evaluated to 40 digits, to |Δ| ≤ 1e-10 + 1e-9·|expected| in float64.
@Suite("Derivatives of expressions against SymPy")
struct CalculusReferenceTests {
  static let atol = 1e-10
  static let rtol = 1e-9

  func expectClose(
    _ actual: Double, _ expected: Double, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let tolerance = Self.atol + Self.rtol * Swift.abs(expected)
    #expect(
      Swift.abs(actual - expected) <= tolerance,
      "\(what): got \(actual), SymPy \(expected) (|Δ| = \(Swift.abs(actual - expected)))",
      sourceLocation: sourceLocation)
  }

  @Test("the fixture holds at least 30 expressions")
  func fixtureSize() {
    #expect(CalculusReferenceCase.all.count >= 30)
  }

  @Test(
    "value, gradient, directional derivative and Hessian match SymPy",
    arguments: CalculusReferenceCase.all)
  func matchesSymPy(reference: CalculusReferenceCase) throws {
    let f = try MathExpression(parsing: reference.expression)
    let report = try DerivativeReport(
      f, variables: reference.variables, at: reference.point, along: reference.direction,
      includeHessian: true)
    expectClose(report.value, reference.value, "value")
    for (i, name) in reference.variables.enumerated() {
      expectClose(report.gradient[i], reference.gradient[i], "∂f/∂\(name)")
    }
    expectClose(
      try #require(report.directionalDerivative), reference.directionalDerivative,
      "directional derivative")
    let hessian = try #require(report.hessian)
    for i in reference.variables.indices {
      for j in reference.variables.indices {
        expectClose(hessian[i][j], reference.hessian[i][j], "H[\(i)][\(j)]")
      }
    }
  }
}
