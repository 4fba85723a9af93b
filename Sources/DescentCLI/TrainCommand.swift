import ArgumentParser
import Descent
import Foundation

/// `descent train`: trains an MLP on a bundled dataset or a CSV file and reports test metrics.
struct TrainCommand: ParsableCommand {

  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a multi-layer perceptron on a dataset and report test metrics.",
    discussion: """
      With no options, trains on the bundled digits data (1797 8×8 images, 10 classes). \
      Classification when the target holds integers with at most 20 distinct values, unless \
      --task says otherwise. Features are standardized with training-split statistics. \
      Defaults marked * are per dataset for the bundled datasets (`descent datasets` lists \
      them); the value shown is the default for a CSV file.
      """
  )

  @OptionGroup var training: TrainingOptions

  @Option(
    help: ArgumentHelp(
      "Write a resumable checkpoint (a safetensors model file and its state file) here at the end.",
      valueName: "path.safetensors"))
  var save: String?

  @Option(parsing: .unconditional, help: "Also write the checkpoint every N epochs (with --save).")
  var checkpointEvery: Int?

  @Option(
    help: ArgumentHelp(
      "Continue the run stored in this checkpoint up to --epochs in all, with its settings and data; saves back to it unless --save says otherwise.",
      valueName: "path.safetensors"))
  var resume: String?

  @Flag(help: "Print one JSON object per epoch and a summary object, instead of text.")
  var json = false

  @Flag(help: "Print only the summary: no progress on standard error, no line per epoch.")
  var quiet = false

  @Option(
    help: ArgumentHelp(
      "Write config.json, metrics.jsonl and predictions.csv to this folder, for `descent plot`.",
      valueName: "dir"))
  var logDir: String?

  @Flag(help: "With --log-dir or --report, log every optimizer step to metrics.jsonl too.")
  var logSteps = false

  @Option(
    help: ArgumentHelp(
      "Write the charts and an index.html report to this folder (and the log, unless --log-dir).",
      valueName: "dir"))
  var report: String?

  func validate() throws {
    if let checkpointEvery {
      guard checkpointEvery >= 1 else {
        throw CommandError(
          "--checkpoint-every must be a positive number of epochs, got \(checkpointEvery)")
      }
      guard save != nil || resume != nil else {
        throw CommandError("--checkpoint-every needs --save PATH (where to write the checkpoints)")
      }
    }
    if let save { try Self.checkWritableFile(save, option: "--save") }
    if resume == nil { try training.validateConfiguration() }
    if logSteps, logDir == nil, report == nil {
      throw CommandError("--log-steps needs --log-dir DIR or --report DIR (where to log them)")
    }
    for (option, folder) in [("--log-dir", logDir), ("--report", report)] {
      guard let folder else { continue }
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        throw CommandError(
          "\(option) \(folder) is a file; give a folder (it is created if missing)")
      }
    }
  }

  func run() throws {
    try training.applyThreads()
    var dataSource = training.data
    var csvOptions = training.csv.options
    var configuration: TrainingConfiguration
    var resumedEpochs = 0
    if let resume {
      let description: ModelDescription
      do {
        description = try Checkpoint.readDescription(at: resume)
      } catch {
        throw CommandError(error)
      }
      guard let record = description.training else {
        throw CommandError(
          "\(resume) holds a model but no training state, so it cannot be resumed")
      }
      configuration = try training.resumedConfiguration(
        record.configuration, storedData: description.dataset, storedCSV: record.csvOptions)
      dataSource = description.dataset
      csvOptions = record.csvOptions
      resumedEpochs = record.completedEpochs
    } else {
      configuration = try training.configuration()
    }
    let dataset: Dataset
    do {
      dataset = try BundledDataset.resolve(dataSource, options: csvOptions)
    } catch {
      throw CommandError(error)
    }
    // A file's absolute path, so that a checkpoint resumes from any folder.
    if BundledDataset.named(dataSource) == nil {
      dataSource = URL(fileURLWithPath: dataSource).standardizedFileURL.path
    }
    let checkpoint = (save ?? resume).map {
      CheckpointOptions(
        path: $0, every: checkpointEvery, dataSource: dataSource, csvOptions: csvOptions)
    }
    var run: TrainingRun
    do {
      run = try TrainingRun(dataset: dataset, configuration: configuration)
    } catch {
      throw CommandError(error)
    }
    let task = run.task
    let writer = try logWriter(
      run: run, dataSource: dataSource, csvOptions: csvOptions, configuration: configuration)
    let display = ProgressDisplay.standardError(
      quiet: quiet, standardOutputShowsEpochs: !json && !quiet)
    if !json && !quiet {
      print(
        "Training on \(dataset.name): \(counted(dataset.rowCount, "row")), "
          + "\(counted(dataset.featureCount, "feature")), target \"\(dataset.targetName)\" "
          + "(\(task))")
    }
    // Notes go to standard output with the text report, and to standard error with --json,
    // so that the JSON lines stay machine-readable and the notes are not lost.
    for note in dataset.notes {
      if json || quiet {
        FileHandle.standardError.write(Data("Note: \(note)\n".utf8))
      } else {
        print("Note: \(note)")
      }
    }
    // A finished run is refused by the run itself, before its first epoch.
    if let resume, !json, !quiet, resumedEpochs < configuration.epochs {
      print(
        "Resuming \(resume) after epoch \(resumedEpochs): epochs \(resumedEpochs + 1)–"
          + "\(configuration.epochs) of \(configuration.epochs).")
    }
    let summary: TrainingSummary
    Interruption.install()
    do {
      summary = try run.run(
        onStep: { step in
          display?.step(step, of: configuration.epochs)
          writer?.record(step: step)
        },
        onEpoch: { report in
          display?.epochEnded(report, of: configuration.epochs)
          writer?.record(epoch: report)
          if json {
            print(report.json)
          } else if !quiet {
            print(TextReport.epochLine(report, of: configuration.epochs))
          }
          // Each epoch's line leaves at once, even into a pipe or a file (`| tee log`).
          fflush(nil)
        }, checkpoint: checkpoint, resumingFrom: resume,
        isInterrupted: { Interruption.isRequested })
    } catch .interrupted(let epoch, let savedEpoch, let path) {
      display?.finish()
      // Exit status 130, as a shell reports a process ended by Ctrl-C.
      let error = TrainingError.interrupted(epoch: epoch, savedEpoch: savedEpoch, path: path)
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      throw ExitCode(130)
    } catch {
      display?.finish()
      throw CommandError(error)
    }
    display?.finish()
    print(json ? summary.json : TextReport.summary(summary))
    var wrote: [String] = []
    if let checkpoint {
      wrote.append(
        "Saved the checkpoint to \(checkpoint.path) (load it with `descent predict --model`).")
    }
    if let writer {
      do {
        try writer.finish(summary: summary, predictions: try run.testPredictionRecords())
        wrote.append("Wrote the log to \(writer.folder) (redraw its charts with `descent plot`).")
        if let report {
          let log = try TrainingLog(folder: writer.folder)
          let files = try log.writeReport(to: report)
          wrote.append(
            "Wrote the report to \(files.last ?? report) with \(files.count - 1) charts.")
        }
      } catch {
        throw CommandError(error)
      }
    }
    // After the report; on standard error with --json, so that standard output stays JSON.
    for line in wrote where !quiet {
      if json {
        FileHandle.standardError.write(Data((line + "\n").utf8))
      } else {
        print(line)
      }
    }
  }

  /// The writer of --log-dir (or of --report's folder), with the run's configuration written;
  /// nil when neither is given.
  private func logWriter(
    run: TrainingRun, dataSource: String, csvOptions: CSVOptions,
    configuration: TrainingConfiguration
  ) throws -> TrainingLogWriter? {
    guard let folder = logDir ?? report else { return nil }
    do {
      let prepared = try run.prepare()
      let record = TrainingLogConfiguration(
        dataSource: dataSource, csvOptions: csvOptions, configuration: configuration,
        dataset: run.dataset.name, targetName: run.dataset.targetName,
        task: prepared.task.isClassification ? "classification" : "regression",
        layerSizes: prepared.layerSizes, classLabels: prepared.classNames)
      return try TrainingLogWriter(folder: folder, configuration: record, logSteps: logSteps)
    } catch {
      throw CommandError(error)
    }
  }

  /// Refuses, before any training, a file path that cannot be written: empty, a folder, or in
  /// a folder that does not exist.
  static func checkWritableFile(_ path: String, option: String) throws {
    guard !path.isEmpty else { throw CommandError("\(option) needs a file path, got an empty one") }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      throw CommandError(
        "\(option) \(path) is a folder; give a file path such as \(path)/model.safetensors")
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw CommandError("\(option) \(path): the folder \(folder) does not exist")
    }
  }
}
