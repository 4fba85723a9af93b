/// RMSProp, as PyTorch's `torch.optim.RMSprop`.
///
/// For each parameter p with gradient ∇:
///
///     g  = ∇ + λ·p                         (weight decay λ, an L2 penalty)
///     s  = α·s + (1 − α)·g²                (running mean square, starts at 0)
///     ḡ  = α·ḡ + (1 − α)·g                 (running mean, only when centered; starts at 0)
///     d  = √(s − ḡ²) + ε   when centered,  √s + ε   otherwise
///     b  = μ·b + g / d,   p ← p − η·b      with momentum μ > 0 (b starts at 0)
///     p ← p − η·g / d                      without momentum
///
/// Source: G. Hinton, "Neural Networks for Machine Learning", lecture 6e (2012), which has no
/// ε, momentum or centering; the centered variant and momentum follow A. Graves, "Generating
/// Sequences With Recurrent Neural Networks", 2013, eq. 38–41. Where PyTorch differs: ε is
/// added outside the square root (Graves and TensorFlow add it inside, √(s − ḡ² + ε)), the
/// momentum buffer holds the step without η (η multiplies it afterwards), and weight decay
/// is an L2 term added to the gradient.
public struct RMSProp: Optimizer {
  /// η, the step size. Must be positive.
  public var learningRate: Double
  /// α in `[0, 1)`, the smoothing constant of the running averages.
  public var alpha: Double
  /// ε > 0, added to the root mean square.
  public var epsilon: Double
  /// λ ≥ 0, the L2 penalty coefficient.
  public var weightDecay: Double
  /// μ in `[0, 1)`; 0 turns momentum off.
  public var momentum: Double
  /// Whether to divide by the estimated standard deviation √(s − ḡ²) instead of √s.
  public var centered: Bool
  /// Parameters with their own learning rate and weight decay (see ``ParameterGroup``).
  public var parameterGroups: [ParameterGroup] = []
  /// Per-parameter state by parameter name.
  public internal(set) var states: [String: RMSPropState] = [:]

  /// - Precondition: `learningRate > 0`, `0 ≤ alpha < 1`, `epsilon > 0`, `weightDecay ≥ 0`,
  ///   `0 ≤ momentum < 1`, all finite.
  public init(
    learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8,
    weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false
  ) {
    precondition(
      learningRate > 0 && learningRate.isFinite,
      "RMSProp: learning rate must be positive and finite, got \(learningRate)")
    precondition(alpha >= 0 && alpha < 1, "RMSProp: alpha must be in [0, 1), got \(alpha)")
    precondition(
      epsilon > 0 && epsilon.isFinite,
      "RMSProp: epsilon must be positive and finite, got \(epsilon)")
    precondition(
      weightDecay >= 0 && weightDecay.isFinite,
      "RMSProp: weight decay must be ≥ 0 and finite, got \(weightDecay)")
    precondition(
      momentum >= 0 && momentum < 1, "RMSProp: momentum must be in [0, 1), got \(momentum)")
    self.learningRate = learningRate
    self.alpha = alpha
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.momentum = momentum
    self.centered = centered
  }

  /// Applies one update to every parameter of `model` that has a gradient (see the type's
  /// formula), creating the state on first use. Runs without recording the graph.
  public mutating func step<M: Module>(_ model: inout M) {
    updateParametersInPlace(
      of: &model, groups: parameterGroups, learningRate: learningRate, weightDecay: weightDecay
    ) { name, parameter, gradient, settings in
      rmspropStep(
        &parameter, gradient: gradient, state: &states[name], alpha: alpha, epsilon: epsilon,
        momentum: momentum, centered: centered, learningRate: settings.learningRate,
        l2Decay: settings.weightDecay)
    }
  }

}

/// The state ``RMSProp`` keeps for one parameter.
public struct RMSPropState: Sendable {
  /// s, the running mean of the squared gradient.
  public var meanSquare: Tensor
  /// ḡ, the running mean of the gradient (centered only; nil otherwise).
  public var mean: Tensor?
  /// b, the momentum buffer (momentum > 0 only; nil otherwise).
  public var momentumBuffer: Tensor?
}
