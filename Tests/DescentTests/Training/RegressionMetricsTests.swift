import Testing

@testable import Descent

/// MSE, MAE and R², and R² left undefined where no variation is there to explain (issue 12:
/// a one-row test split reported R² 0.0000).
@Suite("RegressionMetrics")
struct RegressionMetricsTests {
  @Test("MSE, MAE and R² of two predictions, by hand")
  func byHand() throws {
    // Residuals 0 and -2; the targets 1 and 4 have mean 2.5 and SS_tot 4.5.
    let metrics = RegressionMetrics(predictions: [1, 2], targets: [1, 4])
    #expect(metrics.meanSquaredError == 2)
    #expect(metrics.meanAbsoluteError == 1)
    #expect(try #require(metrics.r2) == 1 - 4 / 4.5)
  }

  @Test(
    "R² is undefined (nil) on one row or on targets that are all equal",
    arguments: [
      ([3.0], [5.0]), ([5.0], [5.0]), ([1.0, 2.0, 3.0], [2.0, 2.0, 2.0]),
      ([2.0, 2.0], [2.0, 2.0]),
    ])
  func undefined(predictions: [Double], targets: [Double]) {
    let metrics = RegressionMetrics(predictions: predictions, targets: targets)
    #expect(metrics.r2 == nil)
    #expect(metrics.meanSquaredError.isFinite)
  }

  @Test("an undefined R² is null in JSON and NaN to early stopping, which never improves")
  func undefinedDownstream() {
    let evaluation = Evaluation(
      loss: 4, classification: nil,
      regression: RegressionMetrics(predictions: [3], targets: [5]))
    #expect(
      JSONValue.object(evaluation.jsonFields(prefix: "test")).text
        == #"{"test_loss":4.0,"test_mse":4.0,"test_r2":null}"#)
    let value = ValidationMetric.r2.value(in: evaluation)
    #expect(value?.isNaN == true)
    #expect(!ValidationMetric.r2.improves(.nan, on: 0.5))
    #expect(JSONValue.null.text == "null")
  }
}
