import Foundation

/// The one-cycle policy, as PyTorch's `OneCycleLR` (cosine annealing, two phases, advanced
/// once per batch): the rate rises from η_max / d to η_max over the first `pctStart` of the
/// `totalSteps` steps, then falls to η_max / (d · f).
///
/// With η_init = η_max / d, η_end = η_init / f, the phase ends P₁ = pctStart · N − 1 and
/// P₂ = N − 1 (N = totalSteps), and cos-anneal(a, b, x) = b + (a − b) · (1 + cos(π x)) / 2:
///
///     η_t = cos-anneal(η_init, η_max, t / P₁)              for t ≤ P₁
///     η_t = cos-anneal(η_max, η_end, (t − P₁) / (P₂ − P₁))  for t > P₁
///
/// The optimizer's own initial rate is ignored (`base` is unused), as PyTorch overwrites it
/// with η_init. (PyTorch's momentum cycling is not modelled.)
///
/// Source: L. N. Smith and N. Topin, "Super-Convergence: Very Fast Training of Neural
/// Networks Using Large Learning Rates", 2018; PyTorch, `torch.optim.lr_scheduler.OneCycleLR`
/// with `anneal_strategy='cos'`, `three_phase=False`.
public struct OneCycleLR: LearningRateSchedule, Hashable {
  /// η_max, the peak rate.
  public var maxLearningRate: Double
  /// N, the total number of steps (batches) of the cycle.
  public var totalSteps: Int
  /// The fraction of the cycle spent rising (PyTorch's `pct_start`).
  public var pctStart: Double
  /// d: the cycle starts at η_max / d (PyTorch's `div_factor`).
  public var divFactor: Double
  /// f: the cycle ends at η_max / (d · f) (PyTorch's `final_div_factor`).
  public var finalDivFactor: Double

  /// PyTorch's defaults: `pct_start` 0.3, `div_factor` 25, `final_div_factor` 10⁴.
  /// - Precondition: `maxLearningRate > 0`, `totalSteps > 0`, `0 ≤ pctStart ≤ 1`,
  ///   `divFactor > 0`, `finalDivFactor > 0`, and the two phases are not empty.
  public init(
    maxLearningRate: Double, totalSteps: Int, pctStart: Double = 0.3, divFactor: Double = 25,
    finalDivFactor: Double = 1e4
  ) {
    precondition(
      maxLearningRate > 0 && maxLearningRate.isFinite,
      "OneCycleLR: max learning rate must be positive, got \(maxLearningRate)")
    precondition(totalSteps > 0, "OneCycleLR: totalSteps must be positive, got \(totalSteps)")
    precondition(
      pctStart >= 0 && pctStart <= 1, "OneCycleLR: pctStart must be in [0, 1], got \(pctStart)")
    precondition(
      divFactor > 0 && finalDivFactor > 0, "OneCycleLR: division factors must be positive")
    self.maxLearningRate = maxLearningRate
    self.totalSteps = totalSteps
    self.pctStart = pctStart
    self.divFactor = divFactor
    self.finalDivFactor = finalDivFactor
    precondition(
      warmupEnd > 0 && Double(totalSteps - 1) > warmupEnd,
      "OneCycleLR: pctStart \(pctStart) leaves an empty phase of \(totalSteps) steps")
  }

  /// P₁ = pctStart · N − 1, the step at which the rate peaks.
  private var warmupEnd: Double { pctStart * Double(totalSteps) - 1 }

  /// The rate at step t (see the type's formula); `base` is unused.
  /// - Precondition: `0 ≤ step < totalSteps`, as PyTorch refuses to step past the cycle.
  public func learningRate(at step: Int, base: Double) -> Double {
    precondition(
      step >= 0 && step < totalSteps,
      "OneCycleLR: step \(step) is outside the cycle of \(totalSteps) steps")
    let initial = maxLearningRate / divFactor
    let final = initial / finalDivFactor
    let t = Double(step)
    let p1 = warmupEnd
    let p2 = Double(totalSteps - 1)
    if t <= p1 {
      return Self.cosineAnneal(from: initial, to: maxLearningRate, fraction: t / p1)
    }
    return Self.cosineAnneal(from: maxLearningRate, to: final, fraction: (t - p1) / (p2 - p1))
  }

  /// b + (a − b) · (1 + cos(π x)) / 2: a at x = 0, b at x = 1.
  private static func cosineAnneal(from a: Double, to b: Double, fraction x: Double) -> Double {
    b + (a - b) / 2 * (1 + cos(Double.pi * x))
  }
}
