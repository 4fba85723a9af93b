import ArgumentParser
import Descent
import Foundation

/// `descent train`: trains an MLP on a bundled dataset or a CSV file and reports test metrics.
struct TrainCommand: ParsableCommand {
  private static let defaults = TrainingConfiguration()

  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a multi-layer perceptron on a dataset and report test metrics.",
    discussion: """
      With no options, trains on the bundled digits data (1797 8×8 images, 10 classes). \
      Classification when the target holds integers with at most 20 distinct values, unless \
      --task says otherwise. Features are standardized with training-split statistics.
      """
  )

  @Option(help: "A bundled dataset (see `descent datasets`) or the path of a CSV file.")
  var data = "digits"

  @Option(help: "The target column's name (default: the last column).")
  var target: String?

  @Option(help: "auto, classification or regression.")
  var task = Self.defaults.task

  @Option(help: "Hidden layer widths, comma-separated, e.g. 64 or 128,64.")
  var hidden = Self.defaults.hiddenSizes.map(String.init).joined(separator: ",")

  @Option(help: "Activation between layers: relu, sigmoid or tanh.")
  var activation = Self.defaults.activation

  @Option(parsing: .unconditional, help: "Passes over the training split.")
  var epochs = Self.defaults.epochs

  @Option(parsing: .unconditional, help: "Samples per mini-batch.")
  var batchSize = Self.defaults.batchSize

  @Option(parsing: .unconditional, help: "SGD learning rate η.")
  var learningRate = Self.defaults.learningRate

  @Option(parsing: .unconditional, help: "SGD momentum μ, in [0, 1).")
  var momentum = Self.defaults.momentum

  @Option(parsing: .unconditional, help: "L2 weight decay λ.")
  var weightDecay = Self.defaults.weightDecay

  @Option(parsing: .unconditional, help: "Fraction of rows held out for testing, in (0, 1).")
  var testFraction = Self.defaults.testFraction

  @Option(
    parsing: .unconditional,
    help: "Fraction of the non-test rows held out for validation, in [0, 1); 0 turns it off.")
  var validationFraction = Self.defaults.validationFraction

  @Option(help: "mlp, or logistic (one linear layer, no hidden layers).")
  var model = Self.defaults.model

  @Option(
    parsing: .unconditional, help: "Seed for the split, the initial weights and the shuffling.")
  var seed = Self.defaults.seed

  @Flag(help: "Print one JSON object per epoch and a summary object, instead of text.")
  var json = false

  var trainingConfiguration: TrainingConfiguration {
    get throws {
      var config = TrainingConfiguration()
      config.hiddenSizes = try parseSizes(hidden)
      config.activation = activation
      config.epochs = epochs
      config.batchSize = batchSize
      config.learningRate = learningRate
      config.momentum = momentum
      config.weightDecay = weightDecay
      config.testFraction = testFraction
      config.validationFraction = validationFraction
      config.model = model
      config.seed = seed
      config.task = task
      return config
    }
  }

  func validate() throws {
    do {
      try trainingConfiguration.validate()
    } catch {
      throw CommandError(error)
    }
  }

  func run() throws {
    let dataset: Dataset
    do {
      dataset = try BundledDataset.resolve(data, target: target)
    } catch {
      throw CommandError(error)
    }
    var run = try TrainingRun(dataset: dataset, configuration: try trainingConfiguration)
    let task = run.task
    if !json {
      print(
        "Training on \(dataset.name): \(counted(dataset.rowCount, "row")), "
          + "\(counted(dataset.featureCount, "feature")), target \"\(dataset.targetName)\" "
          + "(\(task))")
    }
    let summary: TrainingSummary
    do {
      summary = try run.run(onEpoch: { report in
        print(json ? report.json : TextReport.epochLine(report, of: epochs))
      })
    } catch {
      throw CommandError(error)
    }
    print(json ? summary.json : TextReport.summary(summary))
  }
}
