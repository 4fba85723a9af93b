import ArgumentParser
import Descent
import Foundation

/// `descent predict`: applies a saved model to the rows of a CSV file.
struct PredictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict",
    abstract: "Predict with a saved model (from `descent train --save`) on a CSV file.",
    discussion: """
      Reads the model's feature columns from the file by name (other columns are ignored) and \
      standardizes them with the statistics stored in the model. Writes one row per input: \
      `row` (1-based), `prediction` (the class label, or the value for regression) and, for \
      classification, one probability column `p_<label>` per class. When the file has the \
      target column, the test figures are reported too. A value of a one-hot encoded column \
      that the model never saw in training is encoded as no category (all zeros) and named \
      in a note on standard error, with the number of rows that hold it.
      """
  )

  @Option(help: "The model file written by `descent train --save`.")
  var model: String

  @Option(
    help: "The CSV file of rows to predict (with a header row), or a bundled dataset's name.")
  var data: String

  @Option(help: "Write the predictions to this CSV file (atomically) instead of standard output.")
  var output: String?

  @Flag(help: "Print one JSON object per row and a summary object, instead of CSV.")
  var json = false

  func run() throws {
    let predictor: Predictor
    let input: PredictionInput
    do {
      predictor = try Predictor(contentsOfFile: model)
      input = try PredictionInput(data: data, for: predictor.description)
    } catch {
      throw CommandError(error)
    }
    // Predictions go on; the notes say which rows the model cannot represent.
    for note in input.notes { FileHandle.standardError.write(Data("Note: \(note)\n".utf8)) }
    let predictions = predictor.predict(input)
    let labels = predictor.description.classLabels ?? []
    var lines: [String] = []
    if json {
      for row in 0..<input.rowCount {
        var fields: [(String, JSONValue)] = [("row", .int(row + 1))]
        if let classes = predictions.classes, let probabilities = predictions.probabilities {
          fields.append(("prediction", .string(labels[classes[row]])))
          fields.append(
            ("probabilities", .object(zip(labels, probabilities[row]).map { ($0, .number($1)) })))
        } else if let values = predictions.values {
          fields.append(("prediction", .number(values[row])))
        }
        lines.append(JSONValue.object(fields).text)
      }
    } else {
      var header = ["row", "prediction"]
      if predictor.isClassification { header += labels.map { "p_\($0)" } }
      lines.append(header.map(csvField).joined(separator: ","))
      for row in 0..<input.rowCount {
        var fields = [String(row + 1)]
        if let classes = predictions.classes, let probabilities = predictions.probabilities {
          fields.append(csvField(labels[classes[row]]))
          fields += probabilities[row].map { "\($0)" }
        } else if let values = predictions.values {
          fields.append("\(values[row])")
        }
        lines.append(fields.joined(separator: ","))
      }
    }
    var summary: [(String, JSONValue)] = [("summary", .bool(true)), ("rows", .int(input.rowCount))]
    var report: String?
    if input.targets != nil {
      let evaluation = predictor.evaluate(input)
      if let c = evaluation.classification {
        summary.append(("accuracy", .number(c.accuracy)))
        let correct = (0..<c.classCount).reduce(0) { $0 + c.confusionMatrix[$1][$1] }
        report =
          "Accuracy \(TextReport.format(c.accuracy)) (\(correct)/\(c.count)) against the "
          + "\"\(predictor.description.targetName)\" column."
      } else if let r = evaluation.regression {
        summary += [
          ("mse", .number(r.meanSquaredError)), ("r2", r.r2.map(JSONValue.number) ?? .null),
        ]
        report =
          "MSE \(TextReport.format(r.meanSquaredError)), R² \(TextReport.format(r.r2)) against "
          + "the \"\(predictor.description.targetName)\" column."
      }
    }
    if json { lines.append(JSONValue.object(summary).text) }
    let text = lines.joined(separator: "\n") + "\n"
    if let output {
      do {
        try writeFileAtomically(text, toFile: output)
      } catch {
        throw CommandError(error)
      }
      print("Wrote \(counted(input.rowCount, "prediction")) to \(output).")
      if let report { print(report) }
    } else {
      print(text, terminator: "")
      if let report, !json { FileHandle.standardError.write(Data((report + "\n").utf8)) }
    }
  }
}
