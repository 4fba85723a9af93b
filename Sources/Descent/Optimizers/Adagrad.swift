/// Adagrad, as PyTorch's `torch.optim.Adagrad`.
///
/// For each parameter p with gradient ∇ at step t (counted per parameter from 1):
///
///     g  = ∇ + λ·p                         (weight decay λ, an L2 penalty)
///     ηₜ = η / (1 + (t − 1)·δ)             (learning-rate decay δ)
///     s  = s + g²                          (starts at the initial accumulator value s₀)
///     p ← p − ηₜ·g / (√s + ε)
///
/// Source: J. Duchi, E. Hazan and Y. Singer, "Adaptive Subgradient Methods for Online
/// Learning and Stochastic Optimization", JMLR 12 (2011), the diagonal variant, which also
/// adds its δ (here ε) outside the square root: diag(G)^½ + δI. Where PyTorch differs from
/// the paper: the accumulator may start at s₀ > 0, and the learning-rate decay and the L2
/// weight decay are PyTorch's additions.
public struct Adagrad: Optimizer {
  /// η, the base step size. Must be positive.
  public var learningRate: Double
  /// δ ≥ 0, the learning-rate decay: step t uses η / (1 + (t − 1)·δ).
  public var learningRateDecay: Double
  /// λ ≥ 0, the L2 penalty coefficient.
  public var weightDecay: Double
  /// s₀ ≥ 0, the starting value of every element of the accumulator.
  public var initialAccumulatorValue: Double
  /// ε > 0, added to √s.
  public var epsilon: Double
  /// Parameters with their own learning rate and weight decay (see ``ParameterGroup``).
  public var parameterGroups: [ParameterGroup] = []
  /// Per-parameter state by parameter name.
  public internal(set) var states: [String: AdagradState] = [:]

  /// - Precondition: `learningRate > 0`, `learningRateDecay ≥ 0`, `weightDecay ≥ 0`,
  ///   `initialAccumulatorValue ≥ 0`, `epsilon > 0`, all finite.
  public init(
    learningRate: Double = 1e-2, learningRateDecay: Double = 0, weightDecay: Double = 0,
    initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10
  ) {
    precondition(
      learningRate > 0 && learningRate.isFinite,
      "Adagrad: learning rate must be positive and finite, got \(learningRate)")
    precondition(
      learningRateDecay >= 0 && learningRateDecay.isFinite,
      "Adagrad: learning rate decay must be ≥ 0 and finite, got \(learningRateDecay)")
    precondition(
      weightDecay >= 0 && weightDecay.isFinite,
      "Adagrad: weight decay must be ≥ 0 and finite, got \(weightDecay)")
    precondition(
      initialAccumulatorValue >= 0 && initialAccumulatorValue.isFinite,
      "Adagrad: initial accumulator value must be ≥ 0 and finite, got \(initialAccumulatorValue)"
    )
    precondition(
      epsilon > 0 && epsilon.isFinite,
      "Adagrad: epsilon must be positive and finite, got \(epsilon)")
    self.learningRate = learningRate
    self.learningRateDecay = learningRateDecay
    self.weightDecay = weightDecay
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
  }

  /// Applies one update to every parameter of `model` that has a gradient (see the type's
  /// formula), creating the accumulator on first use. Runs without recording the graph.
  public mutating func step<M: Module>(_ model: inout M) {
    updateParametersInPlace(
      of: &model, groups: parameterGroups, learningRate: learningRate, weightDecay: weightDecay
    ) { name, parameter, gradient, settings in
      adagradStep(
        &parameter, gradient: gradient, state: &states[name],
        initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon,
        learningRate: settings.learningRate, learningRateDecay: learningRateDecay,
        l2Decay: settings.weightDecay)
    }
  }

}

/// The state ``Adagrad`` keeps for one parameter.
public struct AdagradState: Sendable {
  /// t, the number of steps taken on this parameter.
  public var step: Int
  /// s, the accumulated squared gradients (plus the initial value).
  public var sumOfSquares: Tensor
}
