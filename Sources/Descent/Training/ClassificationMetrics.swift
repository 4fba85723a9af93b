import RealModule

/// How well predicted classes match true classes: accuracy, per-class precision, recall and
/// F1 with their macro and weighted averages, the confusion matrix, and the log-loss when
/// class probabilities are given. Definitions follow scikit-learn's `classification_report`
/// and `log_loss`.
public struct ClassificationMetrics: Sendable, Equatable {
  /// The number of classes, `0..<classCount`.
  public let classCount: Int
  /// `confusionMatrix[t][p]`: examples of true class `t` predicted as `p`.
  public let confusionMatrix: [[Int]]
  /// Mean negative log-probability of the true class, in nats; nil without probabilities.
  /// Probabilities are clipped to `[1e-15, 1 − 1e-15]` first, as scikit-learn does, so one
  /// confident mistake costs at most about 34.5 nats instead of infinity.
  public let logLoss: Double?

  /// Compares predictions with labels.
  /// - Parameters:
  ///   - predictions: predicted class per example, in `0..<classCount`.
  ///   - labels: true class per example, in `0..<classCount`.
  ///   - classCount: the number of classes (at least 1).
  ///   - probabilities: optionally `[examples][classCount]` class probabilities, rows summing
  ///     to 1, for the log-loss.
  /// - Precondition: equal counts; every class index in range.
  public init(
    predictions: [Int], labels: [Int], classCount: Int, probabilities: [[Double]]? = nil
  ) {
    precondition(
      predictions.count == labels.count,
      "ClassificationMetrics: \(predictions.count) predictions for \(labels.count) labels")
    precondition(classCount >= 1, "ClassificationMetrics: classCount must be ≥ 1")
    var matrix = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
    for (p, t) in zip(predictions, labels) {
      precondition(
        (0..<classCount).contains(p) && (0..<classCount).contains(t),
        "ClassificationMetrics: class \(max(p, t)) is not in 0..<\(classCount)")
      matrix[t][p] += 1
    }
    self.classCount = classCount
    self.confusionMatrix = matrix
    if let probabilities {
      precondition(
        probabilities.count == labels.count,
        "ClassificationMetrics: \(probabilities.count) probability rows for \(labels.count) labels")
      var total = 0.0
      for (row, t) in zip(probabilities, labels) {
        let p = Swift.min(Swift.max(row[t], 1e-15), 1 - 1e-15)
        total -= Double.log(p)
      }
      logLoss = labels.isEmpty ? nil : total / Double(labels.count)
    } else {
      logLoss = nil
    }
  }

  /// The number of examples.
  public var count: Int { confusionMatrix.reduce(0) { $0 + $1.reduce(0, +) } }

  /// The fraction of examples classified right; 0 for no examples.
  public var accuracy: Double {
    let correct = (0..<classCount).reduce(0) { $0 + confusionMatrix[$1][$1] }
    return count == 0 ? 0 : Double(correct) / Double(count)
  }

  /// Examples of each true class (the support).
  public var support: [Int] { confusionMatrix.map { $0.reduce(0, +) } }

  /// Per class: true positives / predicted positives; 0 where nothing was predicted as the
  /// class (scikit-learn's `zero_division=0`).
  public var precision: [Double] {
    (0..<classCount).map { c in
      let predicted = confusionMatrix.reduce(0) { $0 + $1[c] }
      return predicted == 0 ? 0 : Double(confusionMatrix[c][c]) / Double(predicted)
    }
  }

  /// Per class: true positives / actual positives; 0 for a class with no examples.
  public var recall: [Double] {
    (0..<classCount).map { c in
      support[c] == 0 ? 0 : Double(confusionMatrix[c][c]) / Double(support[c])
    }
  }

  /// Per class: the harmonic mean of precision and recall, 2PR / (P + R); 0 when both are 0.
  public var f1: [Double] {
    zip(precision, recall).map { p, r in p + r == 0 ? 0 : 2 * p * r / (p + r) }
  }

  /// The unweighted mean over classes of a per-class figure.
  public func macroAverage(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(classCount)
  }

  /// The mean over classes of a per-class figure, weighted by each class's support.
  public func weightedAverage(_ values: [Double]) -> Double {
    let n = count
    return n == 0 ? 0 : zip(values, support).reduce(0) { $0 + $1.0 * Double($1.1) } / Double(n)
  }
}
