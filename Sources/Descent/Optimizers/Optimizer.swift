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

  /// Parameters updated with their own learning rate and weight decay; the first group that
  /// matches a parameter's name applies, and parameters in no group use the optimizer's own
  /// settings. Empty by default.
  var parameterGroups: [ParameterGroup] { get set }

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

/// The loop every optimizer's `step` runs (each updates in place): for each parameter of
/// `model` that has a gradient, without recording the graph, calls
/// `update(name, &parameter, gradient, settings)`, which rewrites the parameter's storage where
/// it is (see FusedUpdates.swift). `settings` holds the parameter's learning rate and weight
/// decay (its group's, or `learningRate` and `weightDecay`); the update applies the decay
/// itself. The gradient is in the parameter's dtype. Parameters without a gradient are left
/// alone.
///
/// A parameter's elements are written without a copy when nothing else holds them: the
/// training loop lets go of the batch's graph (which holds the parameters it used) before
/// the step.
func updateParametersInPlace<M: Module>(
  of model: inout M, groups: [ParameterGroup], learningRate: Double, weightDecay: Double,
  _ update: (
    _ name: String, _ parameter: inout Tensor, _ gradient: Tensor, _ settings: ParameterSettings
  ) -> Void
) {
  withoutGradients {
    model.visitParameters(prefix: "") { name, parameter in
      guard let gradient = parameter.grad else { return }
      let settings = groups.settings(
        for: name, learningRate: learningRate, weightDecay: weightDecay)
      update(name, &parameter, gradient, settings)
    }
  }
}
