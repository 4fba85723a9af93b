import Foundation

/// Decays the learning rate by γ every step, as PyTorch's `ExponentialLR`:
///
///     η_t = η₀ · γ^t
///
/// Source: PyTorch, `torch.optim.lr_scheduler.ExponentialLR`.
public struct ExponentialLR: LearningRateSchedule, Hashable {
  /// γ, the multiplicative decay factor per step.
  public var gamma: Double

  /// - Precondition: `gamma` finite and positive.
  public init(gamma: Double) {
    precondition(
      gamma > 0 && gamma.isFinite, "ExponentialLR: gamma must be positive, got \(gamma)")
    self.gamma = gamma
  }

  /// η₀ · γ^t.
  public func learningRate(at step: Int, base: Double) -> Double {
    precondition(step >= 0, "ExponentialLR: step must be ≥ 0, got \(step)")
    return base * pow(gamma, Double(step))
  }
}
