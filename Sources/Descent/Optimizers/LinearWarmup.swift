/// A linear warm-up over the first `warmupSteps` steps followed by another schedule, as
/// PyTorch's `SequentialLR([LinearLR(start_factor, end_factor, total_iters=warmupSteps),
/// then], milestones=[warmupSteps])`:
///
///     η_t = η₀ · (s + (e − s) · t / W)         for t < W   (start factor s, end factor e)
///     η_t = then.learningRate(at: t − W, η₀)   for t ≥ W
///
/// The schedule after the warm-up starts from its own step 0 with the same base rate η₀, as
/// `SequentialLR` restarts it at the milestone.
///
/// Source: P. Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour",
/// 2017 (gradual warm-up); PyTorch, `torch.optim.lr_scheduler.LinearLR` and `SequentialLR`.
public struct LinearWarmup<Then: LearningRateSchedule>: LearningRateSchedule {
  /// W, the number of warm-up steps. Positive.
  public var warmupSteps: Int
  /// s, the fraction of η₀ used at step 0.
  public var startFactor: Double
  /// e, the fraction of η₀ the warm-up heads for (reached at step W, where `then` takes over).
  public var endFactor: Double
  /// The schedule from step W on, counting its steps from W.
  public var then: Then

  /// - Precondition: `warmupSteps > 0`, `0 < startFactor ≤ 1`, `0 ≤ endFactor ≤ 1`
  ///   (PyTorch's bounds for `LinearLR`).
  public init(warmupSteps: Int, startFactor: Double, endFactor: Double = 1, then: Then) {
    precondition(
      warmupSteps > 0, "LinearWarmup: warmupSteps must be positive, got \(warmupSteps)")
    precondition(
      startFactor > 0 && startFactor <= 1,
      "LinearWarmup: startFactor must be in (0, 1], got \(startFactor)")
    precondition(
      endFactor >= 0 && endFactor <= 1,
      "LinearWarmup: endFactor must be in [0, 1], got \(endFactor)")
    self.warmupSteps = warmupSteps
    self.startFactor = startFactor
    self.endFactor = endFactor
    self.then = then
  }

  /// η₀ · (s + (e − s) · t / W) during the warm-up, then `then`'s rate at t − W.
  public func learningRate(at step: Int, base: Double) -> Double {
    precondition(step >= 0, "LinearWarmup: step must be ≥ 0, got \(step)")
    if step < warmupSteps {
      let fraction = Double(step) / Double(warmupSteps)
      return base * (startFactor + (endFactor - startFactor) * fraction)
    }
    return then.learningRate(at: step - warmupSteps, base: base)
  }
}
