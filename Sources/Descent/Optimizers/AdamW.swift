/// Adam with decoupled weight decay, as PyTorch's `torch.optim.AdamW`.
///
/// For each parameter p with gradient ∇ at step t:
///
///     p ← p − η·λ·p                        (decoupled weight decay, before the Adam step)
///     m  = β₁·m + (1 − β₁)·∇,  v = β₂·v + (1 − β₂)·∇²
///     v̂max = max(v̂max, v)                  (only with AMSGrad; then v below means v̂max)
///     p ← p − η·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// Unlike ``Adam``'s L2 penalty, the decay never enters the moments, so it is not rescaled by
/// the adaptive denominator (pytorch/pytorch#38767).
///
/// Source: I. Loshchilov and F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019,
/// Algorithm 2. Where PyTorch differs from the paper: the paper scales the decay by a schedule
/// multiplier ηₜ only (p ← p − ηₜ·λ·p with the base step α separate); PyTorch multiplies it by
/// the learning rate η, so λ here is relative to η. The Adam part (bias correction, ε after
/// √v̂, AMSGrad) is as in ``Adam``.
public struct AdamW: Optimizer {
  /// η, the step size. Must be positive.
  public var learningRate: Double
  /// β₁ in `[0, 1)`, the decay rate of the first moment.
  public var beta1: Double
  /// β₂ in `[0, 1)`, the decay rate of the second moment.
  public var beta2: Double
  /// ε > 0, added to √v̂ for numerical stability.
  public var epsilon: Double
  /// λ ≥ 0, the decoupled weight decay coefficient (each step multiplies p by 1 − η·λ).
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
    epsilon: Double = 1e-8, weightDecay: Double = 0.01, amsgrad: Bool = false
  ) {
    validateAdamHyperparameters(
      "AdamW", learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
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
      // Decoupled weight decay: shrink p, then take the Adam step on the raw gradient.
      adamStep(
        &parameter, gradient: gradient, state: &states[name], amsgrad: amsgrad, beta1: beta1,
        beta2: beta2, epsilon: epsilon, learningRate: settings.learningRate, l2Decay: 0,
        decoupledDecay: settings.learningRate * settings.weightDecay)
    }
  }

}
