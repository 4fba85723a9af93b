import Foundation

/// Decays the learning rate by γ at each milestone step, as PyTorch's `MultiStepLR`:
///
///     η_t = η₀ · γ^(number of milestones m with m ≤ t)
///
/// A milestone listed twice decays twice, as in PyTorch (which counts milestones).
///
/// Source: PyTorch, `torch.optim.lr_scheduler.MultiStepLR`.
public struct MultiStepLR: LearningRateSchedule, Hashable {
  /// The steps at which the rate is multiplied by γ.
  public var milestones: [Int]
  /// γ, the multiplicative decay factor.
  public var gamma: Double

  /// - Precondition: `gamma` finite and positive.
  public init(milestones: [Int], gamma: Double = 0.1) {
    precondition(
      gamma > 0 && gamma.isFinite, "MultiStepLR: gamma must be positive, got \(gamma)")
    self.milestones = milestones.sorted()
    self.gamma = gamma
  }

  /// η₀ · γ^|{m ∈ milestones : m ≤ t}|.
  public func learningRate(at step: Int, base: Double) -> Double {
    precondition(step >= 0, "MultiStepLR: step must be ≥ 0, got \(step)")
    let passed = milestones.filter { $0 <= step }.count
    return base * pow(gamma, Double(passed))
  }
}
