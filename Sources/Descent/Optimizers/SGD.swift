/// Stochastic gradient descent with optional momentum (plain or Nesterov), dampening and
/// weight decay, as PyTorch's `torch.optim.SGD`.
///
/// For each parameter p with gradient ∇ at step t:
///
///     g  = ∇ + λ·p                    (weight decay λ, an L2 penalty of λ/2·‖p‖²)
///     b  = g                at t = 1  (momentum buffer; no dampening at the first step)
///     b  = μ·b + (1 − τ)·g  after that (dampening τ)
///     p ← p − η·b           (η·g when μ = 0; η·(g + μ·b) with Nesterov momentum)
///
/// Source: B. T. Polyak, "Some methods of speeding up the convergence of iteration methods",
/// 1964; PyTorch's formulation of momentum (the buffer holds the gradient sum, and the
/// learning rate multiplies it), which differs from Sutskever et al. (2013) in where η enters.
/// Nesterov momentum is PyTorch's reformulation of Y. Nesterov (1983) as in Sutskever et al.,
/// "On the importance of initialization and momentum in deep learning", ICML 2013: the step
/// uses g + μ·b, the gradient at the current point plus the look-ahead of the buffer.
public struct SGD: Optimizer {
  /// η, the step size. Must be positive.
  public var learningRate: Double
  /// μ in `[0, 1)`; 0 turns momentum off.
  public var momentum: Double
  /// λ ≥ 0, the L2 penalty coefficient.
  public var weightDecay: Double
  /// τ in `[0, 1]`, the dampening of the gradient added to the momentum buffer after step 1.
  public var dampening: Double
  /// Whether to use Nesterov momentum (needs momentum > 0 and no dampening).
  public var nesterov: Bool
  /// Parameters with their own learning rate and weight decay (see ``ParameterGroup``).
  public var parameterGroups: [ParameterGroup] = []
  /// Momentum buffers by parameter name.
  public internal(set) var momentumBuffers: [String: Tensor] = [:]

  /// - Precondition: `learningRate > 0`, `0 ≤ momentum < 1`, `weightDecay ≥ 0`, all finite,
  ///   `0 ≤ dampening ≤ 1`; Nesterov needs `momentum > 0` and `dampening == 0` (as PyTorch).
  public init(
    learningRate: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
    nesterov: Bool = false
  ) {
    precondition(
      learningRate > 0 && learningRate.isFinite,
      "SGD: learning rate must be positive and finite, got \(learningRate)")
    precondition(
      momentum >= 0 && momentum < 1, "SGD: momentum must be in [0, 1), got \(momentum)")
    precondition(
      weightDecay >= 0 && weightDecay.isFinite,
      "SGD: weight decay must be ≥ 0 and finite, got \(weightDecay)")
    precondition(
      dampening >= 0 && dampening <= 1, "SGD: dampening must be in [0, 1], got \(dampening)")
    precondition(
      !nesterov || (momentum > 0 && dampening == 0),
      "SGD: Nesterov momentum requires momentum > 0 and zero dampening")
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
  }

  /// Applies one update to every parameter of `model` that has a gradient (see the type's
  /// formula), creating momentum buffers on first use. Runs without recording the graph.
  public mutating func step<M: Module>(_ model: inout M) {
    updateParametersInPlace(
      of: &model, groups: parameterGroups, learningRate: learningRate, weightDecay: weightDecay
    ) { name, parameter, gradient, settings in
      sgdStep(
        &parameter, gradient: gradient, buffer: &momentumBuffers[name], momentum: momentum,
        dampening: dampening, nesterov: nesterov, learningRate: settings.learningRate,
        l2Decay: settings.weightDecay)
    }
  }

}
