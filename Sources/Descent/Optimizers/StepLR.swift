import Foundation

/// Decays the learning rate by γ every `stepSize` steps, as PyTorch's `StepLR`:
///
///     η_t = η₀ · γ^⌊t / stepSize⌋
///
/// Source: PyTorch, `torch.optim.lr_scheduler.StepLR`.
public struct StepLR: LearningRateSchedule, Hashable {
  /// The number of steps between decays. Positive.
  public var stepSize: Int
  /// γ, the multiplicative decay factor.
  public var gamma: Double

  /// - Precondition: `stepSize > 0`, `gamma` finite and positive.
  public init(stepSize: Int, gamma: Double = 0.1) {
    precondition(stepSize > 0, "StepLR: step size must be positive, got \(stepSize)")
    precondition(gamma > 0 && gamma.isFinite, "StepLR: gamma must be positive, got \(gamma)")
    self.stepSize = stepSize
    self.gamma = gamma
  }

  /// η₀ · γ^⌊t / stepSize⌋.
  public func learningRate(at step: Int, base: Double) -> Double {
    precondition(step >= 0, "StepLR: step must be ≥ 0, got \(step)")
    return base * pow(gamma, Double(step / stepSize))
  }
}
