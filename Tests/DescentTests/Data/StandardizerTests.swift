import Testing

@testable import Descent

@Suite("Standardizer")
struct StandardizerTests {
  /// `isApproximatelyEqual` (Tests/DescentTests/Support) with tolerances of 1e-12 by default.
  static func isClose(_ a: Double, _ b: Double, atol: Double = 1e-12, rtol: Double = 1e-12)
    -> Bool
  {
    isApproximatelyEqual(a, b, atol: atol, rtol: rtol)
  }

  // Four rows of two features; the second is constant on the first three rows.
  static let features: [Double] = [1, 5, 3, 5, 5, 5, 100, 7]

  @Test("means and population standard deviations come from the fitted rows only")
  func fitsOnRows() {
    let standardizer = Standardizer(fitting: Self.features, featureCount: 2, rows: [0, 1, 2])
    // Column 0 on rows 0–2: mean 3, population variance (4 + 0 + 4) / 3.
    #expect(standardizer.means == [3, 5])
    #expect(Self.isClose(standardizer.scales[0], (8.0 / 3).squareRoot()))
    #expect(standardizer.scales[1] == 1)
    #expect(standardizer.constantFeatures == [1])
    #expect(standardizer.featureCount == 2)
  }

  @Test("transform computes (x − mean) / std; a constant column becomes exactly 0")
  func transformFormula() {
    let standardizer = Standardizer(fitting: Self.features, featureCount: 2, rows: [0, 1, 2])
    let z = standardizer.transform(Self.features, featureCount: 2)
    let std = (8.0 / 3).squareRoot()
    let expected: [Double] = [-2 / std, 0, 0, 0, 2 / std, 0, 97 / std, 2]
    #expect(zip(z, expected).allSatisfy { Self.isClose($0, $1) })
    #expect(z[1] == 0 && z[3] == 0 && z[5] == 0)
  }

  @Test("a column of equal non-round values is constant, not divided by a rounding error")
  func constantNonRoundColumn() {
    let features: [Double] = [0.1, 1, 0.1, 2, 0.1, 4]
    let standardizer = Standardizer(fitting: features, featureCount: 2, rows: [0, 1, 2])
    let z = standardizer.transform(features, featureCount: 2)
    #expect(standardizer.constantFeatures == [0])
    #expect(z[0] == 0 && z[2] == 0 && z[4] == 0)
    #expect(z.allSatisfy { $0.isFinite })
  }

  @Test("standardized training rows of iris have mean 0 and standard deviation 1")
  func irisTrainingRows() throws {
    let iris = try BundledDataset.iris.load()
    var rng = RandomGenerator(seed: 0)
    let (train, test) = trainTestSplit(count: iris.rowCount, testFraction: 0.2, using: &rng)
    let standardizer = Standardizer(fitting: iris.features, featureCount: 4, rows: train)
    let z = standardizer.transform(iris.features, featureCount: 4)
    for column in 0..<4 {
      let values = train.map { z[$0 * 4 + column] }
      let mean = values.reduce(0, +) / Double(values.count)
      let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
      #expect(Self.isClose(mean, 0, atol: 1e-12))
      #expect(Self.isClose(variance, 1, atol: 1e-12))
      // The test rows were not fitted, so their mean is not exactly 0.
      let testMean = test.map { z[$0 * 4 + column] }.reduce(0, +) / Double(test.count)
      #expect(abs(testMean) > 1e-9)
    }
    #expect(standardizer.constantFeatures.isEmpty)
  }

  @Test("digits' all-zero pixel columns stay 0 and finite")
  func digitsConstantColumns() throws {
    let digits = try BundledDataset.digits.load()
    let rows = Array(0..<digits.rowCount)
    let standardizer = Standardizer(fitting: digits.features, featureCount: 64, rows: rows)
    // pixel_0_0 is 0 in every image.
    #expect(standardizer.constantFeatures.contains(0))
    let z = standardizer.transform(digits.features, featureCount: 64)
    #expect(z.allSatisfy { $0.isFinite })
    #expect(rows.allSatisfy { z[$0 * 64] == 0 })
  }

  @Test("inverseTransform undoes transform")
  func roundTrip() {
    let standardizer = Standardizer(fitting: Self.features, featureCount: 2, rows: [0, 1, 3])
    let back = standardizer.inverseTransform(
      standardizer.transform(Self.features, featureCount: 2), featureCount: 2)
    #expect(zip(back, Self.features).allSatisfy { Self.isClose($0, $1) })
  }

  @Test("a regression target standardizes with one column and maps MSE back by scale²")
  func regressionTarget() throws {
    let diabetes = try BundledDataset.diabetes.load()
    let rows = Array(0..<diabetes.rowCount)
    let standardizer = Standardizer(fitting: diabetes.targets, featureCount: 1, rows: rows)
    // Oracle: Python's statistics.mean and statistics.pstdev of the progression column.
    #expect(Self.isClose(standardizer.means[0], 152.13348416289594, rtol: 1e-13))
    #expect(Self.isClose(standardizer.scales[0], 77.00574586945044, rtol: 1e-13))
    let scale = standardizer.scales[0]
    #expect(Self.isClose(standardizer.inverseTransformVariance(1), scale * scale))
    #expect(Self.isClose(standardizer.inverseTransformVariance(0.25), 0.25 * scale * scale))
    let predictions = standardizer.inverseTransform([0, 1, -2], featureCount: 1)
    #expect(Self.isClose(predictions[0], 152.13348416289594, rtol: 1e-13))
    #expect(Self.isClose(predictions[1], 152.13348416289594 + scale))
    #expect(Self.isClose(predictions[2], 152.13348416289594 - 2 * scale))
  }

  @Test("transforming with a different feature count traps with a message naming both")
  func featureCountMismatchTraps() async {
    let result = await #expect(
      processExitsWith: .failure, observing: [\.standardErrorContent]
    ) {
      let standardizer = Standardizer(fitting: [1, 2, 3, 4], featureCount: 2, rows: [0, 1])
      _ = standardizer.transform([1, 2, 3], featureCount: 3)
    }
    let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(message.contains("Standardizer.transform: fitted on 2 features, given 3"))
  }
}

@Suite("Standardizer at the edges of Double")
struct StandardizerRangeTests {
  @Test("values near the largest Double standardize to finite values with mean 0 and spread 1")
  func hugeValues() {
    let values: [Double] = [1e308, 1.7e308, -1.5e308, 1.2e308]
    let standardizer = Standardizer(fitting: values, featureCount: 1, rows: [0, 1, 2, 3])
    let z = standardizer.transform(values, featureCount: 1)
    #expect(z.allSatisfy { $0.isFinite })
    let mean = z.reduce(0, +) / 4
    let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
    #expect(Swift.abs(mean) < 1e-12)
    #expect(Swift.abs(variance - 1) < 1e-12)
    #expect(standardizer.constantFeatures.isEmpty)
  }

  @Test("a column of 1e200s that varies is not mistaken for a constant one")
  func largeVaryingColumn() {
    let values: [Double] = [1e200, 2e200, 3e200]
    let standardizer = Standardizer(fitting: values, featureCount: 1, rows: [0, 1, 2])
    let z = standardizer.transform(values, featureCount: 1)
    let expected = [-1.224744871391589, 0, 1.224744871391589]
    for (a, b) in zip(z, expected) { #expect(Swift.abs(a - b) < 1e-12) }
  }
}
