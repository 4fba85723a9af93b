import Foundation

/// Adam, adaptive moment estimation, as PyTorch's `torch.optim.Adam`.
///
/// For each parameter p with gradient ∇ at step t (counted per parameter from 1):
///
///     g  = ∇ + λ·p                         (weight decay λ, an L2 penalty added to the gradient)
///     m  = β₁·m + (1 − β₁)·g               (first moment, starts at 0)
///     v  = β₂·v + (1 − β₂)·g²              (second moment, starts at 0)
///     v̂max = max(v̂max, v)                  (only with AMSGrad; then v below means v̂max)
///     m̂  = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
///     p ← p − η·m̂ / (√v̂ + ε)
///
/// Source: D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
/// Algorithm 1; AMSGrad from S. J. Reddi, S. Kale and S. Kumar, "On the Convergence of Adam
/// and Beyond", ICLR 2018. ε is added after the bias-corrected second moment's square root,
/// as in Algorithm 1 and PyTorch (folding the corrections into the step size instead, as the
/// paper's section 2 suggests, effectively scales ε by √(1 − β₂ᵗ); pytorch/pytorch#22628).
///
/// Where PyTorch differs from the paper: the weight decay λ is an L2 penalty added to the
/// gradient before the adaptive rescaling (the paper has none); for decoupled weight decay
/// use ``AdamW``. PyTorch's AMSGrad keeps the running maximum of the raw second moment v and
/// bias-corrects it, while Reddi et al. use no bias correction.
public struct Adam: Optimizer {
  /// η, the step size. Must be positive.
  public var learningRate: Double
  /// β₁ in `[0, 1)`, the decay rate of the first moment.
  public var beta1: Double
  /// β₂ in `[0, 1)`, the decay rate of the second moment.
  public var beta2: Double
  /// ε > 0, added to √v̂ for numerical stability.
  public var epsilon: Double
  /// λ ≥ 0, the L2 penalty coefficient (added to the gradient as λ·p).
  public var weightDecay: Double
  /// Whether to use AMSGrad (the running maximum of the second moment).
  public var amsgrad: Bool
  /// Parameters with their own learning rate and weight decay (see ``ParameterGroup``).
  public var parameterGroups: [ParameterGroup] = []
  /// Per-parameter state by parameter name.
  public internal(set) var states: [String: AdamState] = [:]

  /// - Precondition: `learningRate > 0`, `0 ≤ beta1, beta2 < 1`, `epsilon > 0`,
  ///   `weightDecay ≥ 0`, all finite.
  public init(
    learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false
  ) {
    validateAdamHyperparameters(
      "Adam", learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
      weightDecay: weightDecay)
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.amsgrad = amsgrad
  }

  /// Applies one update to every parameter of `model` that has a gradient (see the type's
  /// formula), creating the moment state on first use. Runs without recording the graph.
  public mutating func step<M: Module>(_ model: inout M) {
    updateParametersInPlace(
      of: &model, groups: parameterGroups, learningRate: learningRate, weightDecay: weightDecay
    ) { name, parameter, gradient, settings in
      adamStep(
        &parameter, gradient: gradient, state: &states[name], amsgrad: amsgrad, beta1: beta1,
        beta2: beta2, epsilon: epsilon, learningRate: settings.learningRate,
        l2Decay: settings.weightDecay, decoupledDecay: 0)
    }
  }

}

/// The state ``Adam`` and ``AdamW`` keep for one parameter.
public struct AdamState: Sendable {
  /// t, the number of steps taken on this parameter.
  public var step: Int
  /// m, the running average of the gradient.
  public var firstMoment: Tensor
  /// v, the running average of the squared gradient.
  public var secondMoment: Tensor
  /// The running maximum of v (AMSGrad only; nil otherwise).
  public var maxSecondMoment: Tensor?
}

/// Checks the hyperparameters shared by ``Adam`` and ``AdamW``.
func validateAdamHyperparameters(
  _ name: String, learningRate: Double, beta1: Double, beta2: Double, epsilon: Double,
  weightDecay: Double
) {
  precondition(
    learningRate > 0 && learningRate.isFinite,
    "\(name): learning rate must be positive and finite, got \(learningRate)")
  precondition(beta1 >= 0 && beta1 < 1, "\(name): beta1 must be in [0, 1), got \(beta1)")
  precondition(beta2 >= 0 && beta2 < 1, "\(name): beta2 must be in [0, 1), got \(beta2)")
  precondition(
    epsilon > 0 && epsilon.isFinite, "\(name): epsilon must be positive and finite, got \(epsilon)"
  )
  precondition(
    weightDecay >= 0 && weightDecay.isFinite,
    "\(name): weight decay must be ≥ 0 and finite, got \(weightDecay)")
}
