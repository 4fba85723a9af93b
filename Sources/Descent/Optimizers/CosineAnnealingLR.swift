import Foundation

/// Anneals the learning rate from η₀ to η_min along half a cosine over `tMax` steps, as
/// PyTorch's `CosineAnnealingLR` (its closed form; no restarts):
///
///     η_t = η_min + (η₀ − η_min) · (1 + cos(π · t / T_max)) / 2
///
/// After T_max steps the closed form keeps following the cosine back up, as PyTorch's does.
///
/// Source: I. Loshchilov and F. Hutter, "SGDR: Stochastic Gradient Descent with Warm
/// Restarts", ICLR 2017; PyTorch, `torch.optim.lr_scheduler.CosineAnnealingLR`.
public struct CosineAnnealingLR: LearningRateSchedule, Hashable {
  /// T_max, the number of steps from η₀ down to η_min. Positive.
  public var tMax: Int
  /// η_min, the rate reached after T_max steps.
  public var etaMin: Double

  /// - Precondition: `tMax > 0`, `etaMin` finite and ≥ 0.
  public init(tMax: Int, etaMin: Double = 0) {
    precondition(tMax > 0, "CosineAnnealingLR: tMax must be positive, got \(tMax)")
    precondition(
      etaMin >= 0 && etaMin.isFinite, "CosineAnnealingLR: etaMin must be ≥ 0, got \(etaMin)")
    self.tMax = tMax
    self.etaMin = etaMin
  }

  /// η_min + (η₀ − η_min) · (1 + cos(π · t / T_max)) / 2.
  public func learningRate(at step: Int, base: Double) -> Double {
    precondition(step >= 0, "CosineAnnealingLR: step must be ≥ 0, got \(step)")
    return etaMin + (base - etaMin) * (1 + cos(Double.pi * Double(step) / Double(tMax))) / 2
  }
}
