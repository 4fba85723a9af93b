/// Cuts the learning rate by a factor when a monitored metric (a validation loss) stops
/// improving, as PyTorch's `ReduceLROnPlateau` in mode `min` with a relative threshold.
///
/// Unlike a ``LearningRateSchedule`` it depends on the run, so it is a stateful value:
/// call ``step(metric:)`` once per epoch with the metric, then read ``learningRate``.
/// After each call with metric m:
///
///     improved  = m < best · (1 − threshold)       (relative threshold, mode min)
///     best, bad = m, 0          if improved;  bad += 1 otherwise
///     bad = 0, cooldown −= 1    while in cooldown
///     if bad > patience:  η ← max(η · factor, η_min)  (only if the change exceeds ε = 1e-8),
///                         cooldown = cooldownSteps, bad = 0
///
/// Source: PyTorch, `torch.optim.lr_scheduler.ReduceLROnPlateau` (mode `min`,
/// threshold_mode `rel`).
public struct ReduceLROnPlateau: Sendable, Hashable {
  /// η, the current learning rate.
  public internal(set) var learningRate: Double
  /// The multiplier applied to η on a plateau, in (0, 1).
  public var factor: Double
  /// The number of epochs without improvement tolerated before η is cut.
  public var patience: Int
  /// The relative improvement needed to count as better.
  public var threshold: Double
  /// The number of epochs to wait after a cut before counting bad epochs again.
  public var cooldown: Int
  /// η_min, the floor of η.
  public var minLearningRate: Double
  /// The best (lowest) metric seen so far; +∞ before the first step.
  public internal(set) var best: Double = .infinity
  /// The number of consecutive epochs without improvement.
  public internal(set) var badEpochs = 0
  /// The epochs of cooldown left.
  public internal(set) var cooldownRemaining = 0

  /// PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4, cooldown 0, min_lr 0.
  /// - Precondition: `learningRate > 0`, `0 < factor < 1`, `patience ≥ 0`, `threshold ≥ 0`,
  ///   `cooldown ≥ 0`, `minLearningRate ≥ 0`.
  public init(
    learningRate: Double, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
    cooldown: Int = 0, minLearningRate: Double = 0
  ) {
    precondition(
      learningRate > 0 && learningRate.isFinite,
      "ReduceLROnPlateau: learning rate must be positive, got \(learningRate)")
    precondition(
      factor > 0 && factor < 1, "ReduceLROnPlateau: factor must be in (0, 1), got \(factor)")
    precondition(
      patience >= 0 && cooldown >= 0 && threshold >= 0 && minLearningRate >= 0,
      "ReduceLROnPlateau: patience, cooldown, threshold and minLearningRate must be ≥ 0")
    self.learningRate = learningRate
    self.factor = factor
    self.patience = patience
    self.threshold = threshold
    self.cooldown = cooldown
    self.minLearningRate = minLearningRate
  }

  /// Records one epoch's metric and cuts ``learningRate`` if it has plateaued (see the type's
  /// formula). Returns the learning rate to use next.
  @discardableResult
  public mutating func step(metric: Double) -> Double {
    if metric < best * (1 - threshold) {
      best = metric
      badEpochs = 0
    } else {
      badEpochs += 1
    }
    if cooldownRemaining > 0 {
      cooldownRemaining -= 1
      badEpochs = 0
    }
    if badEpochs > patience {
      let reduced = Swift.max(learningRate * factor, minLearningRate)
      if learningRate - reduced > 1e-8 {
        learningRate = reduced
      }
      cooldownRemaining = cooldown
      badEpochs = 0
    }
    return learningRate
  }
}
