/// Which kind of model to train on a dataset's target.
public enum TaskSelection: String, Sendable, CaseIterable {
  /// Classification when every target is an integer and there are at most 20 distinct values
  /// (see ``ClassEncoding/looksLikeClassification(_:)``), regression otherwise.
  case auto
  /// Softmax cross-entropy over the distinct target values as classes.
  case classification
  /// Mean squared error on the standardized target.
  case regression
}

/// The kind of model a ``TrainingRun`` trains.
public enum ModelKind: String, Sendable, CaseIterable {
  /// A multi-layer perceptron with ``TrainingConfiguration/hiddenSizes``.
  case mlp
  /// Logistic regression (binary or multinomial; linear regression for a regression task): one
  /// linear layer, no hidden layers.
  case logistic
}

/// Everything that decides a training run: the network, the optimizer, the split and the seed.
/// Equal configurations on equal data give equal results.
public struct TrainingConfiguration: Sendable, Equatable {
  /// Widths of the hidden layers, input to output; default `[128]`.
  public var hiddenSizes: [Int] = [128]
  /// Activation between layers; default ReLU.
  public var activation: Activation = .relu
  /// Passes over the training split; default 40.
  public var epochs: Int = 40
  /// Samples per mini-batch; the last batch of an epoch may be smaller. Default 32.
  public var batchSize: Int = 32
  /// SGD step size η; default 0.02.
  public var learningRate: Double = 0.02
  /// SGD momentum μ in `[0, 1)`; default 0.9.
  public var momentum: Double = 0.9
  /// L2 weight decay λ ≥ 0; default 0.
  public var weightDecay: Double = 0
  /// Fraction of the rows held out for testing, in (0, 1); default 0.2.
  public var testFraction: Double = 0.2
  /// Fraction of the remaining (non-test) rows held out for validation, in [0, 1); 0 turns
  /// validation off. Default 0.1.
  public var validationFraction: Double = 0.1
  /// The optimizer; default ``OptimizerKind/sgd`` (with ``momentum``).
  public var optimizer: OptimizerKind = .sgd
  /// The model to train; default ``ModelKind/mlp``.
  public var model: ModelKind = .mlp
  /// Early stopping: stop once the validation loss has not improved for this many epochs and
  /// keep the best epoch's parameters; nil (the default) trains every epoch.
  public var earlyStoppingPatience: Int?
  /// The figure early stopping watches on the validation split; default the loss.
  public var earlyStoppingMetric: ValidationMetric = .loss
  /// The learning-rate schedule after the warm-up; nil (the default) keeps the rate fixed.
  public var schedule: SchedulerKind?
  /// Epochs of linear warm-up from η/(W+1) up to η before the schedule; default 0.
  public var warmupEpochs: Int = 0
  /// Clip the gradients to this global L2 norm before each step; nil (the default) does not.
  public var clipNorm: Double?
  /// Whether weight decay applies to the biases too; default true (PyTorch's default). False
  /// puts the biases in a parameter group without decay.
  public var decayBiases: Bool = true
  /// Stop after the first epoch whose training loss is at or below this; nil (the default)
  /// trains every epoch. In the loss's units (nats, or squared target units).
  public var targetLoss: Double?
  /// Seed of every random draw of the run (split, initialization, shuffling); default 0.
  public var seed: UInt64 = 0
  /// Classification, regression, or decided from the target; default auto.
  public var task: TaskSelection = .auto

  /// The defaults: one hidden layer of 128 ReLU units, SGD (η 0.02, momentum 0.9), 40 epochs.
  public init() {}

  /// Checks every value, throwing the first that is out of range.
  /// - Throws: ``ConfigurationError`` naming the setting and the value.
  public func validate() throws(ConfigurationError) {
    if hiddenSizes.contains(where: { $0 <= 0 }) {
      throw .invalid("hidden layer sizes must be positive, got \(hiddenSizes)")
    }
    if epochs <= 0 { throw .invalid("epochs must be a positive integer, got \(epochs)") }
    if batchSize <= 0 {
      throw .invalid("batch size must be a positive integer, got \(batchSize)")
    }
    if !(learningRate > 0) || !learningRate.isFinite {
      throw .invalid("learning rate must be a positive finite number, got \(learningRate)")
    }
    if !(momentum >= 0 && momentum < 1) {
      throw .invalid("momentum must be in [0, 1), got \(momentum)")
    }
    if !(weightDecay >= 0) || !weightDecay.isFinite {
      throw .invalid("weight decay must be a finite number ≥ 0, got \(weightDecay)")
    }
    if !(validationFraction >= 0 && validationFraction < 1) {
      throw .invalid(
        "validation fraction must be in [0, 1) (0 turns validation off), got \(validationFraction)")
    }
    if let patience = earlyStoppingPatience {
      if patience < 1 {
        throw .invalid("early-stopping patience must be at least 1, got \(patience)")
      }
      if validationFraction == 0 {
        throw .invalid("early stopping needs a validation split; the validation fraction is 0")
      }
    }
    try LearningRateScheduler.validate(schedule, warmupEpochs: warmupEpochs, epochs: epochs)
    if let clipNorm, !(clipNorm > 0 && clipNorm.isFinite) {
      throw .invalid("gradient clipping norm must be a positive finite number, got \(clipNorm)")
    }
    if let targetLoss, !(targetLoss >= 0 && targetLoss.isFinite) {
      throw .invalid("target loss must be a finite number ≥ 0, got \(targetLoss)")
    }
    if !(testFraction > 0 && testFraction < 1) {
      throw .invalid("test fraction must be between 0 and 1 (exclusive), got \(testFraction)")
    }
  }
}

/// A training setting out of range.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
  /// The message names the setting and the value given.
  case invalid(String)

  /// The message, naming the setting and its value.
  public var description: String {
    switch self {
    case .invalid(let message): message
    }
  }
}
