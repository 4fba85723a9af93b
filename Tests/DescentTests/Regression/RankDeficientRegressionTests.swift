import Descent
import Foundation
import Testing

@Suite("Rank-deficient and invalid regression data")
struct RankDeficientRegressionTests {
  /// Bug case linreg-collinear-singular-normal-eq (jstat/jstat#245): features [x, 3x] with an
  /// intercept, y = [3.1, 4.9, 7.2, 8.8]; NumPy's lstsq / scikit-learn give coefficients
  /// [0.194, 0.582] and intercept 1.15.
  @Test("the collinear bug case: minimum norm by QR and GD, a clear error from Cholesky")
  func collinearBugCase() throws {
    let bug = try Fixtures.bugCase("linreg-collinear-singular-normal-eq")
    let inputs = try #require((bug["case"] as? [String: Any])?["inputs"] as? [String: Any])
    let expected = try #require(bug["expected"] as? [String: Any])
    let x = try #require(inputs["x"] as? [Double])
    let y = try #require(inputs["y"] as? [Double])
    let minimumNorm = try #require(expected["b_min_norm_coefficients"] as? [Double])
    let tolerance = try #require((bug["tolerance"] as? [String: Any])?["abs"] as? Double)
    let features: [Double] = x.flatMap { [$0, 3 * $0] }
    let names = ["x", "3x"]

    let qr = try LinearRegression().fit(
      features: features, rowCount: x.count, featureCount: 2, targets: y, featureNames: names)
    expectClose([qr.intercept] + qr.coefficient, minimumNorm, atol: tolerance, rtol: 0)
    #expect(qr.rank == 1)
    #expect(qr.notes.contains { $0.contains("\"x\", \"3x\" are collinear") })

    let gd = try LinearRegression(solver: .gradientDescent(GradientDescentOptions())).fit(
      features: features, rowCount: x.count, featureCount: 2, targets: y, featureNames: names)
    #expect(gd.gradientDescent?.converged == true)
    expectClose([gd.intercept] + gd.coefficient, minimumNorm, atol: 1e-8, rtol: 0)

    #expect(
      throws: RegressionError.singularNormalEquations(rank: 1, featureCount: 2, columns: names)
    ) {
      try LinearRegression(solver: .normalEquations).fit(
        features: features, rowCount: x.count, featureCount: 2, targets: y, featureNames: names)
    }
  }

  @Test("two identical columns share the coefficient of one, and are named")
  func identicalColumns() throws {
    let a: [Double] = [1, 2, 3, 4, 5]
    let b: [Double] = [2, 0, 1, 3, 1]
    let y = zip(a, b).map { 1 + 4 * $0 - $1 }
    let features: [Double] = (0..<5).flatMap { [a[$0], b[$0], a[$0]] }
    let fit = try LinearRegression().fit(
      features: features, rowCount: 5, featureCount: 3, targets: y,
      featureNames: ["a", "b", "a copy"])
    expectClose(fit.coefficient, [2, -1, 2], atol: 1e-12, rtol: 1e-12)
    #expect(isApproximatelyEqual(fit.intercept, 1, atol: 1e-12, rtol: 0))
    #expect(
      fit.notes == [
        "columns \"a\", \"a copy\" are collinear (rank 2 of 3); returned the minimum-norm"
          + " solution, which splits their effect among them"
      ])
  }

  @Test("a constant column gets coefficient 0 and a note")
  func constantColumn() throws {
    let a: [Double] = [1, 2, 3, 4]
    let features: [Double] = a.flatMap { [$0, 7.0] }
    let fit = try LinearRegression().fit(
      features: features, rowCount: 4, featureCount: 2, targets: a.map { 2 * $0 + 1 },
      featureNames: ["a", "seven"])
    expectClose(fit.coefficient, [2, 0], atol: 1e-12, rtol: 0)
    #expect(fit.notes.contains { $0.contains("constant columns \"seven\"") })
    #expect(
      throws: RegressionError.singularNormalEquations(rank: 1, featureCount: 2, columns: ["seven"])
    ) {
      try LinearRegression(solver: .normalEquations).fit(
        features: features, rowCount: 4, featureCount: 2, targets: a, featureNames: ["a", "seven"])
    }
  }

  @Test("more features than rows gives a finite minimum-norm interpolant")
  func wideData() throws {
    // 3 rows, 5 features: with the intercept, any 2 independent centered directions fit exactly.
    let features: [Double] = [1, 0, 2, 5, 1, 0, 1, 1, 3, 2, 4, 4, 0, 1, 1]
    let y: [Double] = [1, 2, 4]
    let fit = try LinearRegression().fit(
      features: features, rowCount: 3, featureCount: 5, targets: y)
    #expect(fit.coefficient.allSatisfy { $0.isFinite })
    #expect(fit.rank == 2)
    expectClose(fit.predict(features: features, rowCount: 3), y, atol: 1e-12, rtol: 1e-12)
    #expect(fit.notes.first?.hasPrefix("more features (5) than rows (3)") == true)
    // Minimum norm: w lies in the row space of the centered X, so it is orthogonal to any
    // null vector; compare with the pseudo-inverse computed through (X Xᵀ)⁻¹ by GD's answer.
    let gd = try LinearRegression(solver: .gradientDescent(GradientDescentOptions())).fit(
      features: features, rowCount: 3, featureCount: 5, targets: y)
    expectClose(gd.coefficient, fit.coefficient, atol: 1e-8, rtol: 0)
  }

  @Test("empty data, NaN and mismatched shapes throw errors that name the problem")
  func invalidData() throws {
    #expect(throws: RegressionError.emptyData(rowCount: 0, featureCount: 2)) {
      try LinearRegression().fit(features: [], rowCount: 0, featureCount: 2, targets: [])
    }
    let nan = RegressionError.nonFinite(row: 1, column: "b", value: .nan)
    #expect(
      nan.description == "row 1, column \"b\" holds nan; linear regression needs finite numbers"
        + " (drop or impute that cell)")
    do {
      _ = try LinearRegression().fit(
        features: [1, 2, 3, .nan], rowCount: 2, featureCount: 2, targets: [1, 2],
        featureNames: ["a", "b"])
      Issue.record("expected an error for NaN")
    } catch {
      #expect(error.description == nan.description)
    }
    #expect(throws: RegressionError.nonFinite(row: 0, column: "y0", value: .infinity)) {
      try LinearRegression().fit(
        features: [1, 2], rowCount: 2, featureCount: 1, targets: [.infinity, 2])
    }
    #expect(throws: RegressionError.shapeMismatch(what: "targets", expected: 2, got: 3)) {
      try LinearRegression().fit(
        features: [1, 2], rowCount: 2, featureCount: 1, targets: [1, 2, 3])
    }
  }

  @Test("ridge matches scikit-learn's Ridge closed form, by every solver")
  func ridge() throws {
    // One feature, centered x = [−1.5, −0.5, 0.5, 1.5], Σx² = 5, Σxy = 2·5 = 10 for y = 2x + 1:
    // w = Σxy / (Σx² + λ) = 10 / 7 with λ = 2; b = ȳ − x̄ w.
    let x: [Double] = [1, 2, 3, 4]
    let y = x.map { 2 * $0 + 1 }
    let w = 10.0 / 7
    let solvers: [LinearRegression.Solver] = [
      .qr, .normalEquations, .gradientDescent(GradientDescentOptions(standardize: true)),
    ]
    for solver in solvers {
      let fit = try LinearRegression(ridge: 2, solver: solver).fit(
        features: x, rowCount: 4, featureCount: 1, targets: y)
      expectClose(fit.coefficient, [w], atol: 1e-9, rtol: 1e-12)
      #expect(isApproximatelyEqual(fit.intercept, 6 - 2.5 * w, atol: 1e-9, rtol: 1e-12))
    }
  }
}
