import ArgumentParser
import Descent
import Foundation

/// The options that choose the data, the model, the optimizer and the run: shared by
/// `descent train`, `lr-find` and `lr-sweep`.
struct TrainingOptions: ParsableArguments {
  @Option(
    name: .customLong("data"),
    help: "A bundled dataset (see `descent datasets`) or the path of a CSV file (default digits).")
  var dataOption: String?

  /// The dataset `--data` names, digits by default.
  var data: String { dataOption ?? "digits" }

  @OptionGroup var csv: CSVArguments

  @Option(help: "The task; auto decides from the target (default auto).")
  var task: TaskSelection?

  @Option(help: "Hidden layer widths, comma-separated, e.g. 64 or 128,64 (default 128*).")
  var hidden: String?

  @Option(help: "The activation between layers (default relu*).")
  var activation: Activation?

  @Option(parsing: .unconditional, help: "Passes over the training split (default 40*).")
  var epochs: Int?

  @Option(parsing: .unconditional, help: "Samples per mini-batch (default 32).")
  var batchSize: Int?

  @Option(help: "The optimizer (default sgd, with momentum).")
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

  @Option(
    help:
      "The model: a multi-layer perceptron (the default), or one linear layer with no hidden layers (logistic regression)."
  )
  var model: ModelKind?

  @Option(
    parsing: .unconditional,
    help: "Seed for the split, the initial weights and the shuffling (default 0).")
  var seed: UInt64?

  @Option(
    parsing: .unconditional,
    help: "Stop when the validation loss has not improved for this many epochs; keep the best.")
  var earlyStopping: Int?

  @Option(
    help:
      "The validation figure early stopping watches (default loss)."
  )
  var earlyStoppingMetric: ValidationMetric?

  @Option(parsing: .unconditional, help: "Stop once the training loss is at or below this.")
  var targetLoss: Double?

  @Option(
    help: ArgumentHelp(
      "Learning-rate schedule: step:SIZE[:GAMMA], multistep:M1,M2,…[:GAMMA], exponential:GAMMA, cosine[:ETA_MIN], onecycle[:MAX_LR], plateau[:FACTOR[:PATIENCE]] or constant.",
      valueName: "spec"))
  var schedule: String?

  @Option(
    parsing: .unconditional,
    help: "Epochs of linear warm-up from η/(W+1) to η before the schedule (default 0).")
  var warmupEpochs: Int?

  @Option(
    parsing: .unconditional, help: "Clip the gradients to this global L2 norm before each step.")
  var clipNorm: Double?

  @Option(
    parsing: .unconditional,
    help:
      "Threads for the matrix products (default: all cores); results are the same for any count.")
  var threads: Int?

  @Flag(help: "Apply weight decay to the weights only, not to the biases.")
  var noBiasDecay = false

  /// The settings: the bundled dataset's recommended ones (or the general defaults for a
  /// file), with every option given on the command line applied on top.
  /// - Throws: ``CommandError`` for `--early-stopping-metric` without early stopping (neither
  ///   `--early-stopping` nor a stored patience when resuming), or an unreadable size or
  ///   schedule.
  func trainingConfiguration(base: TrainingConfiguration, resetsLearningRate: Bool = true) throws
    -> TrainingConfiguration
  {
    var config = base
    if let hidden { config.hiddenSizes = try parseSizes(hidden) }
    if let activation { config.activation = activation }
    if let epochs { config.epochs = epochs }
    if let batchSize { config.batchSize = batchSize }
    if let optimizer {
      config.optimizer = optimizer
      // Another optimizer's usual learning rate, unless one is given.
      if resetsLearningRate, optimizer != .sgd {
        config.learningRate = optimizer.defaultLearningRate
      }
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
    if let earlyStoppingMetric { config.earlyStoppingMetric = earlyStoppingMetric }
    if let schedule { config.schedule = try SchedulerKind.parse(schedule) }
    if let warmupEpochs { config.warmupEpochs = warmupEpochs }
    if let clipNorm { config.clipNorm = clipNorm }
    if noBiasDecay { config.decayBiases = false }
    // The metric alone would be stored and never watched.
    if earlyStoppingMetric != nil, config.earlyStoppingPatience == nil {
      throw CommandError("--early-stopping-metric needs --early-stopping N")
    }
    return config
  }

  /// The base settings for `--data`: a bundled dataset's recommended ones, else the defaults.
  var baseConfiguration: TrainingConfiguration {
    BundledDataset.named(data)?.recommendedConfiguration ?? TrainingConfiguration()
  }

  /// The run's settings, checked.
  /// - Throws: ``CommandError`` naming the setting out of range.
  func configuration() throws -> TrainingConfiguration {
    do {
      let config = try trainingConfiguration(base: baseConfiguration)
      try config.validate()
      return config
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(error)
    }
  }

  /// Checks the settings (from `validate()`), before any data is read.
  func validateConfiguration() throws {
    _ = try configuration()
  }

  /// Sets the kernels' thread count from `--threads` (all cores by default).
  /// - Throws: ``CommandError`` for a count below 1.
  func applyThreads() throws {
    guard let threads else { return }
    guard threads >= 1 else {
      throw CommandError("--threads must be at least 1, got \(threads)")
    }
    Threading.count = threads
  }

  /// The stored configuration of a run being resumed, with `--epochs` applied; any other
  /// option given must agree with what is stored.
  /// - Throws: ``CommandError`` naming each option that contradicts the checkpoint.
  func resumedConfiguration(
    _ stored: TrainingConfiguration, storedData: String, storedCSV: CSVOptions
  ) throws -> TrainingConfiguration {
    var given = try trainingConfiguration(base: stored, resetsLearningRate: false)
    var conflicts: [String] = []
    if let dataOption, dataOption != storedData {
      conflicts.append("--data \(dataOption) (the checkpoint's is \(storedData))")
    }
    if csv.options != storedCSV { conflicts.append("the CSV options") }
    let epochs = given.epochs
    given.epochs = stored.epochs
    if given != stored {
      let encoder = JSONEncoder()
      encoder.outputFormatting = .sortedKeys
      let a = (try? JSONSerialization.jsonObject(with: encoder.encode(stored))) as? [String: Any]
      let b = (try? JSONSerialization.jsonObject(with: encoder.encode(given))) as? [String: Any]
      for key in Set((a ?? [:]).keys).union((b ?? [:]).keys).sorted()
      where "\(a?[key] ?? "none")" != "\(b?[key] ?? "none")" {
        let flags = [
          "hidden_sizes": "--hidden", "early_stopping_patience": "--early-stopping",
          "decay_biases": "--no-bias-decay",
        ]
        let option = flags[key] ?? "--" + key.replacingOccurrences(of: "_", with: "-")
        conflicts.append(
          "\(option) \(b?[key] ?? "none") (the checkpoint's is \(a?[key] ?? "none"))")
      }
    }
    guard conflicts.isEmpty else {
      throw CommandError(
        "--resume continues the stored run, and these options contradict it: "
          + conflicts.joined(separator: "; ") + ". Drop them, or start a new run without --resume")
    }
    given.epochs = epochs
    do {
      try given.validate()
    } catch {
      throw CommandError(error)
    }
    return given
  }

  /// The bundled dataset or CSV file `--data` names, read with the CSV options.
  /// - Throws: ``CommandError`` with the reader's message (file, line and column).
  func loadDataset() throws -> Dataset {
    do {
      return try BundledDataset.resolve(data, options: csv.options)
    } catch {
      throw CommandError(error)
    }
  }

}
