import Foundation

/// The record of a training run as `descent train --log-dir DIR` leaves it in a folder, read
/// back: enough to redraw every chart of the run without it.
///
/// The folder holds:
/// - `config.json`: ``TrainingLogConfiguration``, the run's full configuration and its data;
/// - `metrics.jsonl`: one JSON object per line. `"type": "step"` (with `--log-steps`): `epoch`,
///   `batch`, `step`, `loss`, `batch_size`, `learning_rate`. `"type": "epoch"`: the fields of
///   `descent train --json` (`epoch`, `train_loss`, `validation_loss`, `validation_accuracy`
///   or `validation_mse` and `validation_r2`, `learning_rate`, `elapsed_seconds`) and `step`,
///   the optimizer steps taken by the end of the epoch. Last, `"type": "summary"`: the fields
///   of the `--json` summary and, for classification, `confusion_matrix` (rows the true class,
///   columns the predicted one) and `class_labels`;
/// - `predictions.csv`: the test split, one row each: `row` (the data row, 1-based),
///   `actual` and `predicted` (class labels, or values in the target's units).
///
///     let log = try TrainingLog(folder: "runs/digits")
///     for (name, chart) in log.charts() { try chart.write(toFile: "runs/charts/\(name).svg") }
public struct TrainingLog: Sendable {
  /// The run's configuration, from `config.json`.
  public var configuration: TrainingLogConfiguration
  /// One record per epoch, in order.
  public var epochs: [EpochRecord] = []
  /// One record per optimizer step, in order; empty unless the run logged steps.
  public var steps: [StepRecord] = []
  /// The last record: the final and test figures.
  public var summary: SummaryRecord?
  /// The test split's true and predicted values.
  public var predictions: [PredictionRecord] = []

  /// A log of a run with `configuration` and no records yet.
  public init(configuration: TrainingLogConfiguration) {
    self.configuration = configuration
  }

  /// Reads the log in `folder`.
  /// - Throws: ``TrainingLogError`` naming the file (and line) that is missing or cannot be
  ///   read. `predictions.csv` may be missing (the run stopped before its test).
  public init(folder: String) throws(TrainingLogError) {
    let base = URL(fileURLWithPath: folder)
    func read(_ name: String) throws(TrainingLogError) -> String {
      let path = base.appendingPathComponent(name).path
      guard FileManager.default.fileExists(atPath: path) else {
        throw .missingFile(path: path)
      }
      do {
        return try String(contentsOfFile: path, encoding: .utf8)
      } catch {
        throw .unreadable(path: path, line: nil, reason: "\(error.localizedDescription)")
      }
    }
    let configPath = base.appendingPathComponent("config.json").path
    do {
      configuration = try JSONDecoder().decode(
        TrainingLogConfiguration.self, from: Data(try read("config.json").utf8))
    } catch let error as TrainingLogError {
      throw error
    } catch {
      throw .unreadable(path: configPath, line: nil, reason: Self.reason(error))
    }
    let metricsPath = base.appendingPathComponent("metrics.jsonl").path
    let decoder = JSONDecoder()
    for (index, line) in try read("metrics.jsonl").split(separator: "\n").enumerated() {
      let data = Data(line.utf8)
      do {
        let kind = try decoder.decode(RecordType.self, from: data)
        switch kind.type {
        case "epoch": epochs.append(try decoder.decode(EpochRecord.self, from: data))
        case "step": steps.append(try decoder.decode(StepRecord.self, from: data))
        case "summary": summary = try decoder.decode(SummaryRecord.self, from: data)
        default:
          throw TrainingLogError.unreadable(
            path: metricsPath, line: index + 1,
            reason: "unknown record type \"\(kind.type)\" (expected epoch, step or summary)")
        }
      } catch let error as TrainingLogError {
        throw error
      } catch {
        throw .unreadable(path: metricsPath, line: index + 1, reason: Self.reason(error))
      }
    }
    let predictionsPath = base.appendingPathComponent("predictions.csv").path
    if FileManager.default.fileExists(atPath: predictionsPath) {
      predictions = try PredictionRecord.parse(read("predictions.csv"), path: predictionsPath)
    }
  }

  private struct RecordType: Decodable {
    var type: String
  }

  private static func reason(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): "the field \"\(key.stringValue)\" is missing"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      "the field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the "
        + "wrong type"
    case DecodingError.dataCorrupted(let context):
      "not valid JSON (\(context.debugDescription))"
    default: "\(error)"
    }
  }

  /// Whether the run was a classification.
  public var isClassification: Bool {
    summary.map { $0.task == "classification" }
      ?? epochs.contains { $0.validationAccuracy != nil }
  }
}

/// How a run was set up: `config.json` in a ``TrainingLog`` folder.
public struct TrainingLogConfiguration: Codable, Sendable, Equatable {
  /// The data as given: a bundled dataset's name or a CSV file's absolute path.
  public var dataSource: String
  /// How the CSV file was read.
  public var csvOptions: CSVOptions
  /// Every training setting.
  public var configuration: TrainingConfiguration
  /// The dataset's name.
  public var dataset: String
  /// The target column's name.
  public var targetName: String
  /// The task trained: `classification` or `regression`.
  public var task: String
  /// Layer widths, input to output.
  public var layerSizes: [Int]
  /// Classification: each class index's label.
  public var classLabels: [String]?

  /// A configuration record with the given values.
  public init(
    dataSource: String, csvOptions: CSVOptions, configuration: TrainingConfiguration,
    dataset: String, targetName: String, task: String, layerSizes: [Int], classLabels: [String]?
  ) {
    self.dataSource = dataSource
    self.csvOptions = csvOptions
    self.configuration = configuration
    self.dataset = dataset
    self.targetName = targetName
    self.task = task
    self.layerSizes = layerSizes
    self.classLabels = classLabels
  }

  enum CodingKeys: String, CodingKey {
    case dataSource = "data_source"
    case csvOptions = "csv_options"
    case configuration, dataset
    case targetName = "target_name"
    case task
    case layerSizes = "layer_sizes"
    case classLabels = "class_labels"
  }
}

/// One `"type": "epoch"` line of `metrics.jsonl`.
public struct EpochRecord: Codable, Sendable, Equatable {
  /// 1-based epoch.
  public var epoch: Int
  /// The epoch's mean training loss (nats, or squared target units).
  public var trainLoss: Double
  /// The validation loss after the epoch; nil without a validation split.
  public var validationLoss: Double?
  /// Classification: the validation accuracy, a fraction.
  public var validationAccuracy: Double?
  /// Regression: the validation MSE, in squared target units.
  public var validationMSE: Double?
  /// Regression: the validation R².
  public var validationR2: Double?
  /// The learning rate of the epoch's first batch.
  public var learningRate: Double
  /// Seconds since training began.
  public var elapsedSeconds: Double
  /// Optimizer steps taken by the end of the epoch, over the run.
  public var step: Int?

  /// A record with the given figures.
  public init(
    epoch: Int, trainLoss: Double, validationLoss: Double? = nil,
    validationAccuracy: Double? = nil, validationMSE: Double? = nil,
    validationR2: Double? = nil, learningRate: Double, elapsedSeconds: Double = 0,
    step: Int? = nil
  ) {
    self.epoch = epoch
    self.trainLoss = trainLoss
    self.validationLoss = validationLoss
    self.validationAccuracy = validationAccuracy
    self.validationMSE = validationMSE
    self.validationR2 = validationR2
    self.learningRate = learningRate
    self.elapsedSeconds = elapsedSeconds
    self.step = step
  }

  enum CodingKeys: String, CodingKey {
    case epoch
    case trainLoss = "train_loss"
    case validationLoss = "validation_loss"
    case validationAccuracy = "validation_accuracy"
    case validationMSE = "validation_mse"
    case validationR2 = "validation_r2"
    case learningRate = "learning_rate"
    case elapsedSeconds = "elapsed_seconds"
    case step
  }
}

/// One `"type": "step"` line of `metrics.jsonl`.
public struct StepRecord: Codable, Sendable, Equatable {
  /// 1-based epoch.
  public var epoch: Int
  /// 1-based batch within the epoch.
  public var batch: Int
  /// 1-based step over the run.
  public var step: Int
  /// The batch's loss before the step.
  public var loss: Double
  /// Examples in the batch.
  public var batchSize: Int
  /// The step's learning rate.
  public var learningRate: Double

  enum CodingKeys: String, CodingKey {
    case epoch, batch, step, loss
    case batchSize = "batch_size"
    case learningRate = "learning_rate"
  }
}

/// The `"type": "summary"` line of `metrics.jsonl`: the fields of `descent train --json`'s
/// summary that charts and reports use, and the confusion matrix.
public struct SummaryRecord: Codable, Sendable, Equatable {
  /// The dataset's name.
  public var dataset: String
  /// `classification` or `regression`.
  public var task: String
  /// Epochs completed.
  public var epochs: Int
  /// With early stopping: the epoch whose parameters the model keeps.
  public var bestEpoch: Int?
  /// Why training ended early, if it did.
  public var stopReason: String?
  /// The last epoch's training loss.
  public var trainLoss: Double?
  /// The test loss.
  public var testLoss: Double
  /// Classification: the test accuracy.
  public var testAccuracy: Double?
  /// Classification: the macro-averaged F1 on the test split.
  public var testMacroF1: Double?
  /// Regression: the test MSE.
  public var testMSE: Double?
  /// Regression: the test R².
  public var testR2: Double?
  /// Regression: the test RMSE.
  public var testRMSE: Double?
  /// Regression: the test MAE.
  public var testMAE: Double?
  /// Seconds spent training.
  public var trainSeconds: Double
  /// Classification: `confusionMatrix[true][predicted]` on the test split.
  public var confusionMatrix: [[Int]]?
  /// Classification: each class index's label.
  public var classLabels: [String]?

  enum CodingKeys: String, CodingKey {
    case dataset, task, epochs
    case bestEpoch = "best_epoch"
    case stopReason = "stop_reason"
    case trainLoss = "train_loss"
    case testLoss = "test_loss"
    case testAccuracy = "test_accuracy"
    case testMacroF1 = "test_macro_f1"
    case testMSE = "test_mse"
    case testR2 = "test_r2"
    case testRMSE = "test_rmse"
    case testMAE = "test_mae"
    case trainSeconds = "train_seconds"
    case confusionMatrix = "confusion_matrix"
    case classLabels = "class_labels"
  }
}

/// One row of `predictions.csv`: a test example's true and predicted value.
public struct PredictionRecord: Sendable, Equatable {
  /// The example's row in the data, 1-based.
  public var row: Int
  /// The true value: a class label, or a number in the target's units.
  public var actual: String
  /// The predicted value, as ``actual``.
  public var predicted: String

  /// A record of row `row`.
  public init(row: Int, actual: String, predicted: String) {
    self.row = row
    self.actual = actual
    self.predicted = predicted
  }

  /// The CSV text of `records`: a header `row,actual,predicted`, then one line each, a field
  /// quoted (with `""` for a quote) when it holds a comma, a quote or a line break.
  public static func csv(_ records: [PredictionRecord]) -> String {
    return
      (["row,actual,predicted"]
      + records.map { "\($0.row),\(csvField($0.actual)),\(csvField($0.predicted))" })
      .joined(separator: "\n") + "\n"
  }

  /// The records of a `predictions.csv` text.
  /// - Throws: ``TrainingLogError/unreadable(path:line:reason:)`` naming the line of a row
  ///   that does not have three fields or a row number.
  public static func parse(_ text: String, path: String) throws(TrainingLogError)
    -> [PredictionRecord]
  {
    var records: [PredictionRecord] = []
    var fields: [String] = []
    var field = ""
    var quoted = false
    var line = 1
    var recordLine = 1
    var characters = Array(text)
    if characters.last != "\n" { characters.append("\n") }
    var i = 0
    while i < characters.count {
      let c = characters[i]
      if quoted {
        if c == "\"" {
          if i + 1 < characters.count, characters[i + 1] == "\"" {
            field.append("\"")
            i += 1
          } else {
            quoted = false
          }
        } else {
          if c == "\n" { line += 1 }
          field.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        fields.append(field)
        field = ""
      } else if c == "\n" || c == "\r\n" {
        fields.append(field)
        field = ""
        if recordLine > 1 || fields != ["row", "actual", "predicted"] {
          guard fields.count == 3, let row = Int(fields[0]) else {
            throw .unreadable(
              path: path, line: recordLine,
              reason: "expected row,actual,predicted, got \(fields.count) fields")
          }
          records.append(PredictionRecord(row: row, actual: fields[1], predicted: fields[2]))
        }
        fields = []
        line += 1
        recordLine = line
      } else if c != "\r" {
        field.append(c)
      }
      i += 1
    }
    return records
  }
}

/// Why a training log folder could not be read or written.
public enum TrainingLogError: Error, Equatable, CustomStringConvertible {
  /// A file the log needs is not there.
  case missingFile(path: String)
  /// A file is there but not as a log writes it; `line` is 1-based when known.
  case unreadable(path: String, line: Int?, reason: String)
  /// A file could not be written.
  case cannotWrite(path: String, reason: String)
  /// The log has nothing to draw for a chart (such as a metric without a validation split).
  case nothingToDraw(chart: String, reason: String)

  /// One sentence naming the file, the line and the reason.
  public var description: String {
    switch self {
    case .missingFile(let path):
      "\(path) does not exist; is this a folder written by descent train --log-dir?"
    case .unreadable(let path, let line, let reason):
      "cannot read \(path)\(line.map { ", line \($0)" } ?? ""): \(reason)"
    case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
    case .nothingToDraw(let chart, let reason): "no \(chart) chart: \(reason)"
    }
  }
}
