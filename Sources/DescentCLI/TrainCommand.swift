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

  @Option(help: "A bundled dataset (see `descent datasets`) or the path of a CSV file.")
  var data = "digits"

  @OptionGroup var csv: CSVArguments

  @Option(help: "auto, classification or regression (default auto).")
  var task: TaskSelection?

  @Option(help: "Hidden layer widths, comma-separated, e.g. 64 or 128,64 (default 128*).")
  var hidden: String?

  @Option(help: "Activation between layers: relu, sigmoid or tanh (default relu*).")
  var activation: Activation?

  @Option(parsing: .unconditional, help: "Passes over the training split (default 40*).")
  var epochs: Int?

  @Option(parsing: .unconditional, help: "Samples per mini-batch (default 32).")
  var batchSize: Int?

  @Option(help: "sgd, adam, adamw, rmsprop or adagrad (default sgd, with momentum).")
  var optimizer: OptimizerKind?

  @Option(
    parsing: .unconditional,
    help: "Learning rate η (default 0.02* for SGD, 0.001 for Adam/AdamW, 0.01 otherwise).")
  var learningRate: Double?

  @Option(parsing: .unconditional, help: "SGD momentum μ, in [0, 1) (default 0.9).")
  var momentum: Double?

  @Option(parsing: .unconditional, help: "L2 weight decay λ (default 0*).")
  var weightDecay: Double?

  @Option(
    parsing: .unconditional, help: "Fraction of rows held out for testing, in (0, 1) (default 0.2)."
  )
  var testFraction: Double?

  @Option(
    parsing: .unconditional,
    help:
      "Fraction of the non-test rows held out for validation, in [0, 1); 0 turns it off (default 0.1)."
  )
  var validationFraction: Double?

  @Option(help: "mlp, or logistic (one linear layer, no hidden layers) (default mlp).")
  var model: ModelKind?

  @Option(
    parsing: .unconditional,
    help: "Seed for the split, the initial weights and the shuffling (default 0).")
  var seed: UInt64?

  @Option(
    parsing: .unconditional,
    help: "Stop when the validation loss has not improved for this many epochs; keep the best.")
  var earlyStopping: Int?

  @Option(parsing: .unconditional, help: "Stop once the training loss is at or below this.")
  var targetLoss: Double?

  @Flag(help: "Print one JSON object per epoch and a summary object, instead of text.")
  var json = false

  /// The settings: the bundled dataset's recommended ones (or the general defaults for a
  /// file), with every option given on the command line applied on top.
  func trainingConfiguration(base: TrainingConfiguration) throws -> TrainingConfiguration {
    var config = base
    if let hidden { config.hiddenSizes = try parseSizes(hidden) }
    if let activation { config.activation = activation }
    if let epochs { config.epochs = epochs }
    if let batchSize { config.batchSize = batchSize }
    if let optimizer {
      config.optimizer = optimizer
      // Another optimizer's usual learning rate, unless one is given.
      if optimizer != .sgd { config.learningRate = optimizer.defaultLearningRate }
    }
    if let learningRate { config.learningRate = learningRate }
    if let momentum { config.momentum = momentum }
    if let weightDecay { config.weightDecay = weightDecay }
    if let testFraction { config.testFraction = testFraction }
    if let validationFraction { config.validationFraction = validationFraction }
    if let model { config.model = model }
    if let seed { config.seed = seed }
    if let task { config.task = task }
    if let earlyStopping { config.earlyStoppingPatience = earlyStopping }
    if let targetLoss { config.targetLoss = targetLoss }
    return config
  }

  /// The base settings for `--data`: a bundled dataset's recommended ones, else the defaults.
  var baseConfiguration: TrainingConfiguration {
    BundledDataset.named(data)?.recommendedConfiguration ?? TrainingConfiguration()
  }

  func validate() throws {
    do {
      try trainingConfiguration(base: baseConfiguration).validate()
    } catch {
      throw CommandError(error)
    }
  }

  func run() throws {
    let dataset: Dataset
    do {
      dataset = try BundledDataset.resolve(data, options: csv.options)
    } catch {
      throw CommandError(error)
    }
    let configuration = try trainingConfiguration(base: baseConfiguration)
    var run = try TrainingRun(dataset: dataset, configuration: configuration)
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
