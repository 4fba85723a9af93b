import Descent
import Foundation
import Testing

/// The diabetes reference: ordinary least squares by LAPACK's gelsd in float64
/// (`Fixtures/diabetes_ols.json`, copied from the shared cases).
private struct DiabetesReference: Decodable {
  var intercept: Double
  var coefficients: [String: Double]
  var r2: Double
  var mse: Double

  static func load() throws -> DiabetesReference {
    try JSONDecoder().decode(DiabetesReference.self, from: Fixtures.data("diabetes_ols.json"))
  }
}

@Suite("Linear regression")
struct LinearRegressionTests {
  @Test(
    "the closed forms match LAPACK's least squares on diabetes to 1e-8 relative",
    arguments: [LinearRegression.Solver.qr, .normalEquations])
  func diabetesClosedForm(solver: LinearRegression.Solver) throws {
    let reference = try DiabetesReference.load()
    let diabetes = try BundledDataset.diabetes.load()
    let fit = try LinearRegression(solver: solver).fit(diabetes)
    #expect(fit.solver == solver.name)
    #expect(isApproximatelyEqual(fit.intercept, reference.intercept, atol: 0, rtol: 1e-8))
    for (name, value) in zip(fit.featureNames, fit.coefficient) {
      let expected = try #require(reference.coefficients[name], "no reference for \(name)")
      #expect(
        isApproximatelyEqual(value, expected, atol: 0, rtol: 1e-8),
        "\(name): \(value) vs \(expected)")
    }
    let metrics = fit.metrics(diabetes)
    #expect(isApproximatelyEqual(try #require(metrics.r2), reference.r2, atol: 0, rtol: 1e-9))
    #expect(isApproximatelyEqual(metrics.meanSquaredError, reference.mse, atol: 0, rtol: 1e-9))
    #expect(fit.rank == 10 && fit.notes.isEmpty)
  }

  @Test("standardized gradient descent with the defaults reaches the closed form to 1e-6")
  func diabetesGradientDescent() throws {
    let reference = try DiabetesReference.load()
    let diabetes = try BundledDataset.diabetes.load()
    let fit = try LinearRegression(
      solver: .gradientDescent(GradientDescentOptions(standardize: true))
    ).fit(diabetes)
    let report = try #require(fit.gradientDescent)
    #expect(report.converged)
    #expect(report.iterations > 0 && report.iterations < 100_000)
    #expect(report.lossHistory.count == report.iterations + 1)
    #expect(isApproximatelyEqual(fit.intercept, reference.intercept, atol: 0, rtol: 1e-6))
    for (name, value) in zip(fit.featureNames, fit.coefficient) {
      let expected = try #require(reference.coefficients[name])
      #expect(
        isApproximatelyEqual(value, expected, atol: 0, rtol: 1e-6),
        "\(name): \(value) vs \(expected) after \(report.iterations) iterations")
    }
    // With η = 1/L the loss never increases.
    #expect(zip(report.lossHistory, report.lossHistory.dropFirst()).allSatisfy { $1 <= $0 + 1e-9 })
  }

  @Test("an exact linear relation is recovered, with an intercept and several targets")
  func exactRelation() throws {
    // y0 = 1 + 2 a − 3 b, y1 = −4 + 0.5 b, on 6 rows.
    let rows: [[Double]] = [[0, 1], [1, 0], [2, 3], [3, 1], [4, 4], [-1, 2]]
    let features = rows.flatMap { $0 }
    var targets: [Double] = []
    for row in rows {
      let y0: Double = 1 + 2 * row[0] - 3 * row[1]
      let y1: Double = -4 + 0.5 * row[1]
      targets += [y0, y1]
    }
    for solver in [LinearRegression.Solver.qr, .normalEquations] {
      let fit = try LinearRegression(solver: solver).fit(
        features: features, rowCount: 6, featureCount: 2, targets: targets, targetCount: 2)
      expectClose(fit.coefficients[0], [2, -3], atol: 1e-12, rtol: 1e-12)
      expectClose(fit.coefficients[1], [0, 0.5], atol: 1e-12, rtol: 1e-12)
      expectClose(fit.intercepts, [1, -4], atol: 1e-12, rtol: 1e-12)
    }
  }

  @Test("without an intercept the fit goes through the origin")
  func noIntercept() throws {
    let fit = try LinearRegression(fitsIntercept: false).fit(
      features: [1, 2, 3], rowCount: 3, featureCount: 1, targets: [2, 4.5, 5.5])
    // w = Σxy / Σx² = (2 + 9 + 16.5) / 14.
    expectClose(fit.coefficient, [27.5 / 14], rtol: 1e-14)
    #expect(fit.intercept == 0)
  }

  @Test("QR handles more rows than one block of the blocked factorization")
  func blockedQR() throws {
    let n = 700
    let d = 45
    // A deterministic, well-conditioned design: x_ij = sin(i·(j+1)·0.37 + j).
    var features = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      for j in 0..<d {
        features[i * d + j] = Foundation.sin(Double(i * (j + 1)) * 0.37 + Double(j))
      }
    }
    let truth = (0..<d).map { Double($0) * 0.25 - 3 }
    let targets = (0..<n).map { i in
      7 + (0..<d).reduce(0.0) { $0 + features[i * d + $1] * truth[$1] }
    }
    let qr = try LinearRegression().fit(
      features: features, rowCount: n, featureCount: d, targets: targets)
    expectClose(qr.coefficient, truth, atol: 1e-10, rtol: 1e-10)
    #expect(isApproximatelyEqual(qr.intercept, 7, atol: 1e-10, rtol: 0))
    let normal = try LinearRegression(solver: .normalEquations).fit(
      features: features, rowCount: n, featureCount: d, targets: targets)
    expectClose(normal.coefficient, truth, atol: 1e-8, rtol: 1e-8)
  }
}

@Suite("Regression on several targets")
struct MultipleTargetTests {
  @Test("RegressionData moves extra target columns out of the features, in the order named")
  func regressionData() throws {
    let dataset = try Dataset.load(
      csv: "x1,y2,x2,y1\n1,10,2,100\n3,30,4,300\n", source: "t.csv")
    let data = try RegressionData(dataset, extraTargets: ["y2"])
    #expect(data.featureNames == ["x1", "x2"])
    #expect(data.targetNames == ["y1", "y2"])
    #expect(data.features == [1, 2, 3, 4])
    #expect(data.targets == [100, 10, 300, 30])
    #expect(throws: DataError.self) { try RegressionData(dataset, extraTargets: ["nope"]) }
  }

  @Test("fitting two targets at once equals fitting each alone")
  func eachAlone() throws {
    let rows = (0..<12).map { i -> [Double] in
      let x1 = Double(i)
      let x2 = Double((i * 7) % 5)
      return [x1, x2, 2 * x1 - x2 + 1 + 0.1 * Double(i % 3), -x1 + 3 * x2 + 0.2 * Double(i % 2)]
    }
    let csv =
      "x1,x2,y1,y2\n"
      + rows.map { $0.map { "\($0)" }.joined(separator: ",") }
      .joined(separator: "\n")
    let dataset = try Dataset.load(csv: csv, source: "two.csv", target: "y1")
    let both = try LinearRegression().fit(RegressionData(dataset, extraTargets: ["y2"]))
    let firstDataset = try Dataset.load(
      csv: csv, source: "two.csv", options: CSVOptions(target: "y1", ignore: ["y2"]))
    let first = try LinearRegression().fit(firstDataset)
    let secondDataset = try Dataset.load(
      csv: csv, source: "two.csv", options: CSVOptions(target: "y2", ignore: ["y1"]))
    let second = try LinearRegression().fit(secondDataset)
    expectClose(both.coefficients[0], first.coefficients[0], atol: 1e-12, rtol: 1e-10)
    expectClose(both.coefficients[1], second.coefficients[0], atol: 1e-12, rtol: 1e-10)
    expectClose(both.intercepts, [first.intercept, second.intercept], atol: 1e-12, rtol: 1e-10)
  }
}
