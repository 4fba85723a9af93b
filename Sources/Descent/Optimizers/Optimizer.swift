/// An optimization algorithm that updates a module's parameters from their gradients.
///
/// The training step, as in PyTorch:
///
///     optimizer.zeroGrad(&model)
///     let loss = crossEntropy(logits: model(x), labels: y)
///     loss.backward()
///     optimizer.step(&model)
///
/// An optimizer keeps its per-parameter state (momentum buffers, …) keyed by the parameter's
/// name, so it must be used with one model (or models with the same parameter names).
public protocol Optimizer: Sendable {
  /// The step size η of the next ``step(_:)``; schedules change it between steps.
  var learningRate: Double { get set }

  /// Updates every parameter of `model` that has a gradient; parameters without one
  /// (``Tensor/grad`` nil) are left alone.
  mutating func step<M: Module>(_ model: inout M)
}

extension Optimizer {
  /// Clears the gradients of every parameter of `model`.
  public func zeroGrad<M: Module>(_ model: inout M) {
    model.zeroGrad()
  }
}
