import Foundation
import Testing

@testable import Descent

@Suite("Classification metrics")
struct ClassificationMetricsTests {
  // Worked by hand (and as scikit-learn's classification_report gives for the same labels):
  // labels      0 0 0 1 1 2
  // predictions 0 0 1 1 2 2
  let metrics = ClassificationMetrics(
    predictions: [0, 0, 1, 1, 2, 2], labels: [0, 0, 0, 1, 1, 2], classCount: 3)

  @Test("the confusion matrix counts true class by row, predicted by column")
  func confusion() {
    #expect(metrics.confusionMatrix == [[2, 1, 0], [0, 1, 1], [0, 0, 1]])
    #expect(metrics.count == 6)
    #expect(metrics.support == [3, 2, 1])
  }

  @Test("accuracy, precision, recall and F1 per class and averaged")
  func figures() {
    #expect(metrics.accuracy == 4.0 / 6)
    expectClose(metrics.precision, [1, 0.5, 0.5])
    expectClose(metrics.recall, [2.0 / 3, 0.5, 1])
    expectClose(metrics.f1, [0.8, 0.5, 2.0 / 3])
    expectClose([metrics.macroAverage(metrics.f1)], [(0.8 + 0.5 + 2.0 / 3) / 3])
    expectClose([metrics.weightedAverage(metrics.f1)], [(0.8 * 3 + 0.5 * 2 + 2.0 / 3) / 6])
  }

  @Test("a class never predicted has precision 0, not NaN")
  func zeroDivision() {
    let m = ClassificationMetrics(predictions: [0, 0], labels: [0, 1], classCount: 2)
    #expect(m.precision == [0.5, 0])
    #expect(m.f1[1] == 0)
  }

  @Test("log-loss is the mean negative log-probability of the true class, clipped at 1e-15")
  func logLoss() throws {
    let m = ClassificationMetrics(
      predictions: [0, 1], labels: [0, 0], classCount: 2,
      probabilities: [[0.8, 0.2], [0, 1]])
    let expected = (-Foundation.log(0.8) - Foundation.log(1e-15)) / 2
    expectClose([try #require(m.logLoss)], [expected])
  }
}
