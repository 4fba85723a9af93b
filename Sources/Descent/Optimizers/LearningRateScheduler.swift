/// Drives the learning rate of one training run: an optional linear warm-up over the first
/// epochs, then a ``SchedulerKind``, for a run of known length. ``Trainer`` asks it for the
/// rate before every batch and tells it each epoch's loss.
///
/// With W warm-up epochs and initial rate η₀, epoch e (0-based) uses
///
///     η = η₀ · (e + 1) / (W + 1)                   for e < W   (``LinearWarmup``)
///     η = schedule's rate at epoch e − W from η₀    for e ≥ W
///
/// so the rate climbs η₀/(W+1), 2η₀/(W+1), … and reaches η₀ as the schedule starts. Cosine
/// annealing spans the epochs after the warm-up; one-cycle spans every batch of the run (and
/// brings its own warm-up, so it takes none); reduce-on-plateau watches the validation loss
/// (the training loss without validation) from the first epoch after the warm-up.
///
/// Source: P. Goyal et al., "Accurate, Large Minibatch SGD", 2017 (warm-up); the schedules'
/// own sources are on their types.
public struct LearningRateScheduler: Sendable {
  /// The schedule after the warm-up; nil keeps η₀.
  public let kind: SchedulerKind?
  /// W, the warm-up epochs.
  public let warmupEpochs: Int
  /// η₀, the optimizer's rate when training starts.
  public let baseLearningRate: Double
  /// The epochs of the run.
  public let epochs: Int
  /// The batches of each epoch.
  public let batchesPerEpoch: Int
  /// Reduce-on-plateau's state (nil for other schedules).
  public internal(set) var plateau: ReduceLROnPlateau?

  /// A scheduler for `epochs` epochs of `batchesPerEpoch` batches starting at `baseLearningRate`.
  /// - Throws: ``ConfigurationError`` when the schedule's values are out of range, the warm-up
  ///   leaves no epoch for the schedule, one-cycle is combined with a warm-up, or the run has
  ///   fewer than 4 batches in all for one-cycle.
  public init(
    _ kind: SchedulerKind?, warmupEpochs: Int = 0, baseLearningRate: Double, epochs: Int,
    batchesPerEpoch: Int
  ) throws(ConfigurationError) {
    if !(baseLearningRate > 0 && baseLearningRate.isFinite) {
      throw .invalid("learning rate must be a positive finite number, got \(baseLearningRate)")
    }
    if epochs < 1 || batchesPerEpoch < 1 {
      throw .invalid(
        "a schedule needs at least one epoch of one batch, got \(epochs) epochs of "
          + "\(batchesPerEpoch) batches")
    }
    try Self.validate(kind, warmupEpochs: warmupEpochs, epochs: epochs)
    if case .oneCycle = kind {
      if epochs * batchesPerEpoch < 4 {
        throw .invalid(
          "the one-cycle schedule needs at least 4 batches in all, got \(epochs * batchesPerEpoch)")
      }
    }
    if case .plateau(let factor, let patience) = kind {
      plateau = ReduceLROnPlateau(
        learningRate: baseLearningRate, factor: factor, patience: patience)
    }
    self.kind = kind
    self.warmupEpochs = warmupEpochs
    self.baseLearningRate = baseLearningRate
    self.epochs = epochs
    self.batchesPerEpoch = batchesPerEpoch
  }

  /// Checks what can be checked before the batch count is known: the schedule's values, a
  /// warm-up that leaves epochs for the schedule, and no warm-up before one-cycle.
  /// - Throws: ``ConfigurationError`` naming the setting.
  public static func validate(_ kind: SchedulerKind?, warmupEpochs: Int, epochs: Int)
    throws(ConfigurationError)
  {
    try kind?.validate()
    if warmupEpochs < 0 { throw .invalid("warm-up epochs must be ≥ 0, got \(warmupEpochs)") }
    if warmupEpochs > 0 && warmupEpochs >= epochs {
      throw .invalid(
        "\(warmupEpochs) warm-up epochs leave none of the \(epochs) epochs for training at the "
          + "full learning rate; use fewer warm-up epochs")
    }
    if case .oneCycle = kind, warmupEpochs > 0 {
      throw .invalid("the one-cycle schedule has its own warm-up; drop the warm-up epochs")
    }
  }

  /// The rate for batch `batch` (1-based) of epoch `epoch` (1-based).
  public func learningRate(epoch: Int, batch: Int) -> Double {
    let e = epoch - 1
    let base = baseLearningRate
    if e < warmupEpochs {
      let warmup = LinearWarmup(
        warmupSteps: warmupEpochs, startFactor: 1 / Double(warmupEpochs + 1), then: Constant())
      return warmup.learningRate(at: e, base: base)
    }
    let t = e - warmupEpochs
    switch kind {
    case nil: return base
    case .step(let stepSize, let gamma):
      return StepLR(stepSize: stepSize, gamma: gamma).learningRate(at: t, base: base)
    case .multiStep(let milestones, let gamma):
      return MultiStepLR(milestones: milestones, gamma: gamma).learningRate(at: t, base: base)
    case .exponential(let gamma):
      return ExponentialLR(gamma: gamma).learningRate(at: t, base: base)
    case .cosine(let minLearningRate):
      return CosineAnnealingLR(tMax: epochs - warmupEpochs, etaMin: minLearningRate)
        .learningRate(at: t, base: base)
    case .oneCycle(let maxLearningRate):
      let totalSteps = epochs * batchesPerEpoch
      let step = Swift.min(e * batchesPerEpoch + batch - 1, totalSteps - 1)
      return OneCycleLR(maxLearningRate: maxLearningRate ?? base, totalSteps: totalSteps)
        .learningRate(at: step, base: base)
    case .plateau:
      return plateau?.learningRate ?? base
    }
  }

  /// Tells the scheduler that epoch `epoch` (1-based) ended with `loss` (the validation loss,
  /// or the training loss without validation); reduce-on-plateau uses it after the warm-up.
  public mutating func epochEnded(_ epoch: Int, loss: Double) {
    guard epoch > warmupEpochs, plateau != nil else { return }
    plateau?.step(metric: loss)
  }

  /// η₀ at every step: the schedule after a warm-up with nothing after it.
  private struct Constant: LearningRateSchedule {
    func learningRate(at step: Int, base: Double) -> Double { base }
  }
}
