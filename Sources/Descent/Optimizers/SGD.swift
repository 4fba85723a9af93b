/// Stochastic gradient descent with optional momentum and weight decay, as PyTorch's
/// `torch.optim.SGD`.
///
/// For each parameter p with gradient ∇ at step t:
///
///     g  = ∇ + λ·p                    (weight decay λ, an L2 penalty of λ/2·‖p‖²)
///     b  = g            at t = 1      (momentum buffer)
///     b  = μ·b + g      after that
///     p ← p − η·b       (η·g when μ = 0)
///
/// Source: B. T. Polyak, "Some methods of speeding up the convergence of iteration methods",
/// 1964; PyTorch's formulation of momentum (the buffer holds the gradient sum, and the
/// learning rate multiplies it), which differs from Sutskever et al. (2013) in where η enters.
public struct SGD: Optimizer {
  /// η, the step size. Must be positive.
  public var learningRate: Double
  /// μ in `[0, 1)`; 0 turns momentum off.
  public var momentum: Double
  /// λ ≥ 0, the L2 penalty coefficient.
  public var weightDecay: Double
  /// Momentum buffers by parameter name.
  public private(set) var momentumBuffers: [String: Tensor] = [:]

  /// - Precondition: `learningRate > 0`, `0 ≤ momentum < 1`, `weightDecay ≥ 0`, all finite.
  public init(learningRate: Double, momentum: Double = 0, weightDecay: Double = 0) {
    precondition(
      learningRate > 0 && learningRate.isFinite,
      "SGD: learning rate must be positive and finite, got \(learningRate)")
    precondition(
      momentum >= 0 && momentum < 1, "SGD: momentum must be in [0, 1), got \(momentum)")
    precondition(
      weightDecay >= 0 && weightDecay.isFinite,
      "SGD: weight decay must be ≥ 0 and finite, got \(weightDecay)")
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
  }

  /// Applies one update to every parameter of `model` that has a gradient (see the type's
  /// formula), creating momentum buffers on first use. Runs without recording the graph.
  public mutating func step<M: Module>(_ model: inout M) {
    withoutGradients {
      model.visitParameters(prefix: "") { name, parameter in
        guard let gradient = parameter.grad else { return }
        var g = gradient
        if weightDecay != 0 { g = g + parameter.detached() * weightDecay }
        if momentum != 0 {
          let buffer = momentumBuffers[name].map { $0 * momentum + g } ?? g
          momentumBuffers[name] = buffer
          g = buffer
        }
        parameter.assign(parameter.detached() - g * learningRate)
      }
    }
  }
}
