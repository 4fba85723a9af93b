import Testing

@testable import Descent

@Suite("Reports")
struct ReportTests {
  @Test("epoch JSON carries the documented fields in order, with validation figures")
  func epochJSON() {
    let metrics = ClassificationMetrics(
      predictions: [0, 1, 1, 0], labels: [0, 1, 0, 0], classCount: 2)
    let epoch = EpochReport(
      epoch: 3, trainLoss: 0.25,
      validation: Evaluation(loss: 0.5, classification: metrics, regression: nil),
      learningRate: 0.1, elapsedSeconds: 1.5)
    #expect(
      epoch.json
        == #"{"epoch":3,"train_loss":0.25,"validation_loss":0.5,"validation_accuracy":0.75,"#
        + #""learning_rate":0.1,"elapsed_seconds":1.5}"#)
    let regression = EpochReport(
      epoch: 1, trainLoss: 2,
      validation: Evaluation(
        loss: 3, classification: nil,
        regression: RegressionMetrics(predictions: [1, 2], targets: [1, 4])),
      learningRate: 0.01, elapsedSeconds: 0.125)
    #expect(
      regression.json
        == #"{"epoch":1,"train_loss":2.0,"validation_loss":3.0,"validation_mse":2.0,"#
        + #""validation_r2":\#(1 - 4 / 4.5),"learning_rate":0.01,"elapsed_seconds":0.125}"#)
  }

  @Test("JSON strings are escaped and non-finite numbers become null")
  func jsonValues() {
    #expect(JSONValue.string("a\"b\n").text == #""a\"b\n""#)
    #expect(JSONValue.number(.nan).text == "null")
    #expect(JSONValue.number(1).text == "1.0")
    #expect(JSONValue.number(1e-5).text == "1e-05")
  }
}
