/// What a model file says about its model, stored as JSON under the `descent` metadata key,
/// so that `descent predict` needs nothing but the file: the architecture, the task, the
/// features in order with their preprocessing, the class labels, and (for a checkpoint) how
/// the run was trained and how far it got.
///
/// The JSON (version 1; keys in snake case) is documented in README.md ("Model files").
/// Readers refuse other versions.
public struct ModelDescription: Codable, Sendable, Equatable {
  /// The format's version, 1.
  public var version: Int = ModelDescription.currentVersion
  /// The widths of the layers, input to output (`[64, 128, 10]`).
  public var layerSizes: [Int]
  /// The activation between linear layers (none after the last).
  public var activation: Activation
  /// `classification` or `regression`.
  public var task: String
  /// The training objective: `crossEntropy`, `binaryCrossEntropy` or `meanSquaredError`.
  public var loss: String
  /// The feature columns the model reads, in input order; a one-hot column is `name=value`.
  public var featureNames: [String]
  /// The target column's name.
  public var targetName: String
  /// Classification: the label of each class index (what `predict` prints).
  public var classLabels: [String]?
  /// Classification: the target column's value of each class index.
  public var classValues: [Double]?
  /// The training split's feature means (subtracted before the model).
  public var featureMeans: [Double]
  /// The training split's feature scales (divided by after the mean is subtracted).
  public var featureScales: [Double]
  /// With missing values filled (`--missing mean|median`): the fill value of each feature.
  public var fillValues: [Double]?
  /// Regression: the target's training mean and scale, to return predictions in its units.
  public var targetMean: Double?
  /// Regression: see ``targetMean``.
  public var targetScale: Double?
  /// Binary classification: class 1 where its probability is at least this.
  public var decisionThreshold: Double?
  /// The dataset the model was trained on (a bundled name or a path).
  public var dataset: String
  /// For a resumable checkpoint: how it was trained and how far it got.
  public var training: TrainingRecord?

  /// The version this build writes and reads.
  public static let currentVersion = 1

  /// A description of every field.
  public init(
    layerSizes: [Int], activation: Activation, task: String, loss: String,
    featureNames: [String], targetName: String, classLabels: [String]?, classValues: [Double]?,
    featureMeans: [Double], featureScales: [Double], fillValues: [Double]?, targetMean: Double?,
    targetScale: Double?, decisionThreshold: Double?, dataset: String,
    training: TrainingRecord? = nil
  ) {
    self.layerSizes = layerSizes
    self.activation = activation
    self.task = task
    self.loss = loss
    self.featureNames = featureNames
    self.targetName = targetName
    self.classLabels = classLabels
    self.classValues = classValues
    self.featureMeans = featureMeans
    self.featureScales = featureScales
    self.fillValues = fillValues
    self.targetMean = targetMean
    self.targetScale = targetScale
    self.decisionThreshold = decisionThreshold
    self.dataset = dataset
    self.training = training
  }

  enum CodingKeys: String, CodingKey {
    case version
    case layerSizes = "layer_sizes"
    case activation
    case task
    case loss
    case featureNames = "feature_names"
    case targetName = "target_name"
    case classLabels = "class_labels"
    case classValues = "class_values"
    case featureMeans = "feature_means"
    case featureScales = "feature_scales"
    case fillValues = "fill_values"
    case targetMean = "target_mean"
    case targetScale = "target_scale"
    case decisionThreshold = "decision_threshold"
    case dataset
    case training
  }
}

/// How a checkpoint's run was set up and how far it got: enough to resume it.
public struct TrainingRecord: Codable, Sendable, Equatable {
  /// The run's configuration.
  public var configuration: TrainingConfiguration
  /// The CSV options the data was read with.
  public var csvOptions: CSVOptions
  /// Epochs completed when the checkpoint was written.
  public var completedEpochs: Int
  /// The file beside the model file holding the optimizer and progress state.
  public var stateFile: String

  /// A record of a run with `configuration`, read with `csvOptions`, after
  /// `completedEpochs`, whose state is in `stateFile`.
  public init(
    configuration: TrainingConfiguration, csvOptions: CSVOptions, completedEpochs: Int,
    stateFile: String
  ) {
    self.configuration = configuration
    self.csvOptions = csvOptions
    self.completedEpochs = completedEpochs
    self.stateFile = stateFile
  }

  enum CodingKeys: String, CodingKey {
    case configuration
    case csvOptions = "csv_options"
    case completedEpochs = "completed_epochs"
    case stateFile = "state_file"
  }
}

extension Activation: Codable {}
extension OptimizerKind: Codable {}
extension ModelKind: Codable {}
extension TaskSelection: Codable {}
extension ValidationMetric: Codable {}
extension MissingValuePolicy: Codable {}

extension CSVOptions: Codable {
  enum CodingKeys: String, CodingKey {
    case target, categorical, ignore, missing
  }

  /// Decodes the options from their JSON object.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      target: try c.decodeIfPresent(String.self, forKey: .target),
      categorical: try c.decode([String].self, forKey: .categorical),
      ignore: try c.decode([String].self, forKey: .ignore),
      missing: try c.decode(MissingValuePolicy.self, forKey: .missing))
  }

  /// Encodes the options as a JSON object.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeIfPresent(target, forKey: .target)
    try c.encode(categorical, forKey: .categorical)
    try c.encode(ignore, forKey: .ignore)
    try c.encode(missing, forKey: .missing)
  }
}

extension TrainingConfiguration: Codable {
  enum CodingKeys: String, CodingKey {
    case hiddenSizes = "hidden_sizes"
    case activation, epochs
    case batchSize = "batch_size"
    case learningRate = "learning_rate"
    case momentum
    case weightDecay = "weight_decay"
    case testFraction = "test_fraction"
    case validationFraction = "validation_fraction"
    case optimizer, model
    case earlyStoppingPatience = "early_stopping_patience"
    case earlyStoppingMetric = "early_stopping_metric"
    case schedule
    case warmupEpochs = "warmup_epochs"
    case clipNorm = "clip_norm"
    case decayBiases = "decay_biases"
    case targetLoss = "target_loss"
    case seed, task
  }

  /// Decodes a configuration; the schedule is its spec (`step:10:0.5`).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    hiddenSizes = try c.decode([Int].self, forKey: .hiddenSizes)
    activation = try c.decode(Activation.self, forKey: .activation)
    epochs = try c.decode(Int.self, forKey: .epochs)
    batchSize = try c.decode(Int.self, forKey: .batchSize)
    learningRate = try c.decode(Double.self, forKey: .learningRate)
    momentum = try c.decode(Double.self, forKey: .momentum)
    weightDecay = try c.decode(Double.self, forKey: .weightDecay)
    testFraction = try c.decode(Double.self, forKey: .testFraction)
    validationFraction = try c.decode(Double.self, forKey: .validationFraction)
    optimizer = try c.decode(OptimizerKind.self, forKey: .optimizer)
    model = try c.decode(ModelKind.self, forKey: .model)
    earlyStoppingPatience = try c.decodeIfPresent(Int.self, forKey: .earlyStoppingPatience)
    earlyStoppingMetric = try c.decode(ValidationMetric.self, forKey: .earlyStoppingMetric)
    if let spec = try c.decodeIfPresent(String.self, forKey: .schedule) {
      do {
        schedule = try SchedulerKind.parse(spec)
      } catch {
        throw DecodingError.dataCorruptedError(
          forKey: .schedule, in: c, debugDescription: error.description)
      }
    }
    warmupEpochs = try c.decode(Int.self, forKey: .warmupEpochs)
    clipNorm = try c.decodeIfPresent(Double.self, forKey: .clipNorm)
    decayBiases = try c.decode(Bool.self, forKey: .decayBiases)
    targetLoss = try c.decodeIfPresent(Double.self, forKey: .targetLoss)
    seed = try c.decode(UInt64.self, forKey: .seed)
    task = try c.decode(TaskSelection.self, forKey: .task)
  }

  /// Encodes every setting; the schedule as its spec.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(hiddenSizes, forKey: .hiddenSizes)
    try c.encode(activation, forKey: .activation)
    try c.encode(epochs, forKey: .epochs)
    try c.encode(batchSize, forKey: .batchSize)
    try c.encode(learningRate, forKey: .learningRate)
    try c.encode(momentum, forKey: .momentum)
    try c.encode(weightDecay, forKey: .weightDecay)
    try c.encode(testFraction, forKey: .testFraction)
    try c.encode(validationFraction, forKey: .validationFraction)
    try c.encode(optimizer, forKey: .optimizer)
    try c.encode(model, forKey: .model)
    try c.encodeIfPresent(earlyStoppingPatience, forKey: .earlyStoppingPatience)
    try c.encode(earlyStoppingMetric, forKey: .earlyStoppingMetric)
    try c.encodeIfPresent(schedule?.description, forKey: .schedule)
    try c.encode(warmupEpochs, forKey: .warmupEpochs)
    try c.encodeIfPresent(clipNorm, forKey: .clipNorm)
    try c.encode(decayBiases, forKey: .decayBiases)
    try c.encodeIfPresent(targetLoss, forKey: .targetLoss)
    try c.encode(seed, forKey: .seed)
    try c.encode(task, forKey: .task)
  }
}
