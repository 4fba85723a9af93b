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

  @Flag(help: "Print one JSON object per epoch and a summary object, instead of text.")
  var json = false

  func validate() throws {
    try training.validateConfiguration()
  }

  func run() throws {
    let dataset = try training.loadDataset()
    let configuration = try training.configuration()
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
    let summary: TrainingSummary
    do {
      summary = try run.run(onEpoch: { report in
        print(json ? report.json : TextReport.epochLine(report, of: configuration.epochs))
      })
    } catch {
      throw CommandError(error)
    }
    print(json ? summary.json : TextReport.summary(summary))
  }
}
