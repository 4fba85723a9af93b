import Descent
import Foundation

/// Human-readable lines for `descent train`.
enum TextReport {
  static func epochLine(_ r: EpochReport, of epochs: Int) -> String {
    let width = String(epochs).count
    let epoch =
      String(repeating: " ", count: max(0, width - String(r.epoch).count)) + String(r.epoch)
    var line = "epoch \(epoch)/\(epochs)  train_loss \(format(r.trainLoss))"
    if let v = r.validation {
      line += "  validation_loss \(format(v.loss))"
      if let a = v.accuracy { line += "  validation_accuracy \(format(a))" }
      if let m = v.regression {
        line += "  validation_mse \(format(m.meanSquaredError))  validation_r2 \(format(m.r2))"
      }
    }
    line += "  \(String(format: "%.2f", r.elapsedSeconds)) s"
    return line
  }

  /// The summary after the epoch lines: what was trained and for how long (`for 40 epochs`,
  /// or `for epochs 101–120` when a resumed run's first epoch is not 1), why it stopped early,
  /// the test figures, and the notes.
  static func summary(_ s: TrainingSummary) -> String {
    let layers = s.layerSizes.map(String.init).joined(separator: "-")
    // Epoch numbers count from the start of the run, also when it was resumed.
    let firstEpoch = s.history.epochs.first?.epoch ?? 1
    let lastEpoch = s.history.epochs.last?.epoch ?? s.epochs
    var text = "Trained a \(layers) network (\(counted(s.parameterCount, "parameter"))) on "
    text += "\(s.dataset) for "
    text +=
      firstEpoch > 1
      ? (firstEpoch == lastEpoch ? "epoch \(lastEpoch)" : "epochs \(firstEpoch)–\(lastEpoch)")
      : counted(s.epochs, "epoch")
    text += " in "
    text +=
      "\(String(format: "%.2f", s.trainSeconds)) s (\(counted(s.trainCount, "training row")), "
    text +=
      "\(counted(s.validationCount, "validation row")), \(counted(s.testCount, "test row"))).\n"
    let metric = s.history.selectionMetric ?? .loss
    let best = metric.isMaximized ? "highest" : "lowest"
    switch s.history.stopReason {
    case .earlyStopping:
      let waited = lastEpoch - (s.history.bestEpoch ?? lastEpoch)
      text += "Early stopping: no better validation \(metric.rawValue) for "
      text += "\(counted(waited, "epoch")); "
      text += "the model keeps epoch \(s.history.bestEpoch ?? lastEpoch)'s parameters "
      text += "(\(best) validation \(metric.rawValue)).\n"
    case .targetLossReached:
      text += "Stopped at epoch \(lastEpoch): the training loss reached the target.\n"
    default:
      if let bestEpoch = s.history.bestEpoch {
        text += "The model keeps epoch \(bestEpoch)'s parameters (\(best) validation "
        text += "\(metric.rawValue)).\n"
      }
    }
    if let c = s.test.classification {
      let correct = (0..<c.classCount).reduce(0) { $0 + c.confusionMatrix[$1][$1] }
      text += "Test accuracy \(format(c.accuracy)) (\(correct)/\(c.count)), "
      text += "test loss \(format(s.test.loss))"
      if let threshold = s.decisionThreshold {
        text += ", decision threshold \(format(threshold)) on the probability of class "
        text += "\(s.classNames?.last ?? "1")"
      }
      text += ".\n\n" + classTable(c, names: s.classNames)
    }
    if let r = s.test.regression {
      text += "Test MSE \(format(r.meanSquaredError)) (RMSE \(format(r.rootMeanSquaredError))), "
      text += "MAE \(format(r.meanAbsoluteError)), R² \(format(r.r2))."
    }
    let preparationNotes = s.notes.filter { note in !note.isEmpty }
    if !preparationNotes.isEmpty {
      text += "\n" + preparationNotes.map { "Note: \($0)" }.joined(separator: "\n")
    }
    if !s.constantFeatures.isEmpty {
      text += "\nNote: constant on the training split, standardized to 0: "
      text += s.constantFeatures.joined(separator: ", ")
    }
    return text
  }

  /// Per-class precision, recall, F1 and support, with macro and weighted averages, and the
  /// confusion matrix (rows: true class, columns: predicted).
  static func classTable(_ c: ClassificationMetrics, names: [String]?) -> String {
    let names = names ?? (0..<c.classCount).map(String.init)
    let width = max(12, (names.map(\.count).max() ?? 0) + 2)
    func row(_ label: String, _ cells: [String]) -> String {
      label.padding(toLength: width, withPad: " ", startingAt: 0)
        + cells.map { String(repeating: " ", count: max(0, 10 - $0.count)) + $0 }.joined()
    }
    var lines = [row("class", ["precision", "recall", "f1", "support"])]
    let (p, r, f, support) = (c.precision, c.recall, c.f1, c.support)
    for k in 0..<c.classCount {
      lines.append(row(names[k], [format(p[k]), format(r[k]), format(f[k]), String(support[k])]))
    }
    lines.append(
      row(
        "macro avg",
        [
          format(c.macroAverage(p)), format(c.macroAverage(r)), format(c.macroAverage(f)),
          String(c.count),
        ]))
    lines.append(
      row(
        "weighted avg",
        [
          format(c.weightedAverage(p)), format(c.weightedAverage(r)), format(c.weightedAverage(f)),
          String(c.count),
        ]))
    if c.classCount <= 12 {
      lines.append("")
      lines.append("confusion matrix (rows: true class, columns: predicted)")
      let cell = max(5, (c.confusionMatrix.flatMap { $0 }.map { String($0).count }.max() ?? 1) + 2)
      for k in 0..<c.classCount {
        let cells = c.confusionMatrix[k].map {
          String(repeating: " ", count: max(0, cell - String($0).count)) + String($0)
        }
        lines.append(
          names[k].padding(toLength: width, withPad: " ", startingAt: 0) + cells.joined())
      }
    }
    return lines.joined(separator: "\n")
  }

  static func format(_ x: Double) -> String {
    String(format: "%.4f", x)
  }

  /// A figure that may be undefined (R² on fewer than 2 rows): `n/a` when it is.
  static func format(_ x: Double?) -> String {
    x.map { format($0) } ?? "n/a"
  }
}

/// `1 row`, `2 rows`: a count and a noun made plural by `s` when the count is not 1.
func counted(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
