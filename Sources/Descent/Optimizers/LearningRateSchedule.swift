/// A learning-rate schedule: the step size η as a function of the step (epoch or batch) count,
/// as PyTorch's `torch.optim.lr_scheduler` schedulers, in closed form.
///
/// A schedule is a value with no state: `learningRate(at: t, base: η₀)` is the rate to use for
/// step t (t = 0 is the first step) of an optimizer whose initial rate is η₀. It gives the
/// same values as PyTorch's scheduler read before its t-th `scheduler.step()`:
///
///     for epoch in 0..<epochs {
///       optimizer.learningRate = schedule.learningRate(at: epoch, base: 0.1)
///       trainOneEpoch(&model, &optimizer)
///     }
///
/// Schedules that depend on the training run itself (``ReduceLROnPlateau``) are stateful
/// values instead, advanced with a `mutating` method.
///
/// Source: PyTorch, `torch/optim/lr_scheduler.py` (the `_get_closed_form_lr` of each scheduler).
public protocol LearningRateSchedule: Sendable {
  /// The learning rate for step `step` (0-based) when the initial learning rate is `base`.
  /// - Precondition: `step ≥ 0`.
  func learningRate(at step: Int, base: Double) -> Double
}

extension Optimizer {
  /// Sets ``learningRate`` to `schedule`'s rate for step `step` from the initial rate `base`.
  public mutating func applySchedule(
    _ schedule: some LearningRateSchedule, step: Int, base: Double
  ) {
    learningRate = schedule.learningRate(at: step, base: base)
  }
}
