import Descent
import Foundation

/// Human-readable lines for `descent train`.
enum TextReport {
  static func epochLine(_ r: EpochReport, of epochs: Int) -> String {
    let width = String(epochs).count
    let epoch =
      String(repeating: " ", count: max(0, width - String(r.epoch).count))
      + String(r.epoch)
    var line = "epoch \(epoch)/\(epochs)  train_loss \(format(r.trainLoss))"
    line += "  test_loss \(format(r.testLoss))"
    if let a = r.testAccuracy { line += "  test_accuracy \(format(a))" }
    if let mse = r.testMSE { line += "  test_mse \(format(mse))" }
    if let r2 = r.testR2 { line += "  test_r2 \(format(r2))" }
    line += "  \(String(format: "%.2f", r.elapsedSeconds)) s"
    return line
  }

  static func summary(_ s: TrainingSummary) -> String {
    let layers = s.layerSizes.map(String.init).joined(separator: "-")
    var text = "Trained a \(layers) network (\(counted(s.parameterCount, "parameter"))) on "
    text += "\(s.dataset) for \(counted(s.epochs, "epoch")) in "
    text +=
      "\(String(format: "%.2f", s.trainSeconds)) s (\(counted(s.trainCount, "training row")), "
    text += "\(counted(s.testCount, "test row"))).\n"
    if let a = s.final.testAccuracy, let correct = s.testCorrect {
      text += "Test accuracy \(format(a)) (\(correct)/\(s.testCount)), "
      text += "test loss \(format(s.final.testLoss))."
    }
    if let mse = s.final.testMSE, let r2 = s.final.testR2 {
      text += "Test MSE \(format(mse)) (RMSE \(format(mse.squareRoot()))), R² \(format(r2))."
    }
    if !s.constantFeatures.isEmpty {
      text += "\nNote: constant on the training split, standardized to 0: "
      text += s.constantFeatures.joined(separator: ", ")
    }
    return text
  }

  static func format(_ x: Double) -> String {
    String(format: "%.4f", x)
  }
}

/// `1 row`, `2 rows`: a count and a noun made plural by `s` when the count is not 1.
func counted(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
