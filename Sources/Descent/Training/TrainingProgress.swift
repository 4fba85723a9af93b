/// How far a ``Trainer`` has got: what a checkpoint must hold, beside the model and the
/// optimizer, for training to resume exactly where it stopped.
public struct TrainingProgress: Sendable {
  /// Epochs completed; the next ``Trainer/fit(_:epochs:validation:scheduler:clipGradientNorm:onStep:onEpoch:afterEpoch:isInterrupted:stopWhen:earlyStopping:targetLoss:divergenceFactor:)``
  /// starts at the one after.
  public var completedEpochs = 0
  /// Optimizer steps taken.
  public var step = 0
  /// The first batch's loss, before any step: the divergence guard's reference.
  public var initialLoss: Double?
  /// With early stopping: the best epoch so far, its figure and its parameters.
  public var best: BestEpoch?
  /// The learning-rate scheduler, with its state (reduce-on-plateau's best and counters).
  public var scheduler: LearningRateScheduler?

  /// Nothing done yet.
  public init() {}
}

/// The best epoch so far under early stopping.
public struct BestEpoch: Sendable {
  /// Its 1-based number.
  public var epoch: Int
  /// Its validation figure (the metric early stopping watches).
  public var value: Double
  /// The model's parameters after it, by name.
  public var parameters: [(name: String, tensor: Tensor)]

  /// A record of epoch `epoch` with figure `value` and `parameters`.
  public init(epoch: Int, value: Double, parameters: [(name: String, tensor: Tensor)]) {
    self.epoch = epoch
    self.value = value
    self.parameters = parameters
  }
}

extension Module {
  /// Sets each named parameter to the value given (converted to its dtype); names the model
  /// lacks are ignored. For restoring a model's own earlier parameters.
  /// - Precondition: each value has its parameter's shape.
  mutating func assignParameters(_ values: [(name: String, tensor: Tensor)]) {
    let byName = Dictionary(values.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    visitParameters(prefix: "") { name, parameter in
      if let value = byName[name] { parameter.assign(value) }
    }
  }
}
