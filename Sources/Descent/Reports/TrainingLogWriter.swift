import Foundation

/// Writes a ``TrainingLog`` folder as a run goes: `config.json` at the start, a line of
/// `metrics.jsonl` per epoch (and per step when asked) as soon as it is known, then the
/// summary line and `predictions.csv` at the end.
///
///     let writer = try TrainingLogWriter(folder: "runs/iris", configuration: record)
///     let summary = try run.run(onStep: writer.record(step:), onEpoch: writer.record(epoch:))
///     try writer.finish(summary: summary, predictions: try run.testPredictionRecords())
///
/// `config.json` and `predictions.csv` are written atomically (``writeFileAtomically(_:toFile:)``).
/// `metrics.jsonl` is appended to line by line, so that `tail -f` follows a run, and written
/// once more, atomically and whole, by ``finish(summary:predictions:)``: a finished log is
/// never half a file, and a crash leaves the epochs written so far. Each number is written as
/// `descent train --json` writes it, in Swift's shortest round-trip form, so the values read
/// back are the values trained.
public final class TrainingLogWriter {
  /// The folder written to.
  public let folder: String
  /// Whether each step gets a `"type": "step"` line.
  public let logSteps: Bool
  private var lines: [String] = []
  private var handle: FileHandle?
  private var lastStep = 0

  /// Creates `folder` (and its parents) if needed, writes `config.json` and starts an empty
  /// `metrics.jsonl` (replacing one left by an earlier run).
  /// - Throws: ``TrainingLogError/cannotWrite(path:reason:)`` naming the folder or file.
  public init(
    folder: String, configuration: TrainingLogConfiguration, logSteps: Bool = false
  ) throws(TrainingLogError) {
    self.folder = folder
    self.logSteps = logSteps
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .cannotWrite(path: folder, reason: Self.reason(error))
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let configPath = path("config.json")
    do {
      let data = try encoder.encode(configuration)
      try writeFileAtomically(String(decoding: data, as: UTF8.self) + "\n", toFile: configPath)
      try writeFileAtomically("", toFile: path("metrics.jsonl"))
    } catch {
      throw .cannotWrite(path: configPath, reason: Self.reason(error))
    }
    handle = FileHandle(forWritingAtPath: path("metrics.jsonl"))
  }

  /// The path of `name` in the folder.
  public func path(_ name: String) -> String {
    URL(fileURLWithPath: folder).appendingPathComponent(name).path
  }

  private static func reason(_ error: any Error) -> String {
    if case ChartError.cannotWrite(_, let reason) = error { return reason }
    return error.localizedDescription
  }

  private func append(_ fields: [(String, JSONValue)]) {
    let line = JSONValue.object(fields).text
    lines.append(line)
    // A failed append is not fatal: finish() writes the whole file again.
    try? handle?.write(contentsOf: Data((line + "\n").utf8))
  }

  /// Notes a step; writes its line when ``logSteps``.
  public func record(step: StepReport) {
    lastStep = step.step
    guard logSteps else { return }
    append([
      ("type", .string("step")), ("epoch", .int(step.epoch)), ("batch", .int(step.batch)),
      ("step", .int(step.step)), ("loss", .number(step.loss)),
      ("batch_size", .int(step.batchSize)), ("learning_rate", .number(step.learningRate)),
    ])
  }

  /// Writes an epoch's line: `"type": "epoch"`, the `--json` fields and `step`.
  public func record(epoch: EpochReport) {
    append([("type", .string("epoch"))] + epoch.jsonFields + [("step", .int(lastStep))])
  }

  /// Writes the summary line (with the confusion matrix and class labels for
  /// classification), rewrites `metrics.jsonl` whole and atomically, and writes
  /// `predictions.csv`.
  /// - Throws: ``TrainingLogError/cannotWrite(path:reason:)`` naming the file.
  public func finish(summary: TrainingSummary, predictions: [PredictionRecord])
    throws(TrainingLogError)
  {
    var fields: [(String, JSONValue)] = [("type", .string("summary"))] + summary.jsonFields
    if let c = summary.test.classification {
      fields.append(
        ("confusion_matrix", .array(c.confusionMatrix.map { .array($0.map { .int($0) }) })))
      let labels = summary.classNames ?? (0..<c.classCount).map(String.init)
      fields.append(("class_labels", .array(labels.map { .string($0) })))
    }
    append(fields)
    try? handle?.close()
    handle = nil
    for (name, text) in [
      ("metrics.jsonl", lines.joined(separator: "\n") + "\n"),
      ("predictions.csv", PredictionRecord.csv(predictions)),
    ] {
      do {
        try writeFileAtomically(text, toFile: path(name))
      } catch {
        throw .cannotWrite(path: path(name), reason: Self.reason(error))
      }
    }
  }

  deinit { try? handle?.close() }
}

extension TrainingRun {
  /// The test split's true and predicted values after
  /// ``run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)``, one record per test row in
  /// row order: class labels for classification, values in the target's units for regression
  /// (written with Swift's shortest round-trip form). Empty before the run has trained.
  ///
  /// The test rows are prepared again (``prepare()`` is deterministic: the same split and
  /// standardization) and run through the trained model.
  /// - Throws: the errors of ``prepare()``.
  public func testPredictionRecords() throws(TrainingError) -> [PredictionRecord] {
    guard let trainer, let split else { return [] }
    let prepared = try prepare()
    let test = prepared.test
    if prepared.loss.isClassification {
      let names = prepared.classNames ?? []
      func label(_ k: Int) -> String { k < names.count ? names[k] : String(k) }
      let predicted = trainer.predictClasses(test.inputs)
      return zip(split.test, zip(test.labels, predicted)).map { row, pair in
        PredictionRecord(row: row + 1, actual: label(pair.0), predicted: label(pair.1))
      }
    }
    let predicted = trainer.predict(test.inputs).scalars
    return zip(split.test, predicted).map { row, value in
      PredictionRecord(
        row: row + 1, actual: "\(dataset.targets[row])", predicted: "\(value)")
    }
  }
}
