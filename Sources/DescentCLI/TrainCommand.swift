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
    if resume == nil { try training.validateConfiguration() }
  }

  func run() throws {
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
    if !json {
      print(
        "Training on \(dataset.name): \(counted(dataset.rowCount, "row")), "
          + "\(counted(dataset.featureCount, "feature")), target \"\(dataset.targetName)\" "
          + "(\(task))")
    }
    // Notes go to standard output with the text report, and to standard error with --json,
    // so that the JSON lines stay machine-readable and the notes are not lost.
    for note in dataset.notes {
      if json {
        FileHandle.standardError.write(Data("Note: \(note)\n".utf8))
      } else {
        print("Note: \(note)")
      }
    }
    if let resume, !json {
      print("Resuming \(resume) after epoch \(resumedEpochs) of \(configuration.epochs).")
    }
    let summary: TrainingSummary
    Interruption.install()
    do {
      summary = try run.run(
        onEpoch: { report in
          print(json ? report.json : TextReport.epochLine(report, of: configuration.epochs))
          // Each epoch's line leaves at once, even into a pipe or a file (`| tee log`).
          fflush(nil)
        }, checkpoint: checkpoint, resumingFrom: resume,
        isInterrupted: { Interruption.isRequested })
    } catch .interrupted(let epoch, let savedEpoch, let path) {
      // Exit status 130, as a shell reports a process ended by Ctrl-C.
      let error = TrainingError.interrupted(epoch: epoch, savedEpoch: savedEpoch, path: path)
      FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
      throw ExitCode(130)
    } catch {
      throw CommandError(error)
    }
    print(json ? summary.json : TextReport.summary(summary))
    if let checkpoint, !json {
      print("Saved the checkpoint to \(checkpoint.path) (load it with `descent predict --model`).")
    }
  }
}
