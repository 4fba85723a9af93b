/// The Huber loss: quadratic for residuals smaller than `delta`, linear with slope `delta`
/// beyond, reduced.
///
///     r = predictions − targets
///     loss_i = 0.5 r_i²                 if |r_i| < delta
///              delta (|r_i| − 0.5 delta)  otherwise
///
/// Gradient with respect to the predictions: r clipped to [−delta, delta] (the targets get its
/// negative): r inside, ±delta at and beyond |r| = delta, 0 at r = 0. An infinite residual
/// gives an infinite loss and gradient ±delta; the loss has its own derivative rule, so the
/// quadratic piece it does not use cannot turn 0 · ∞ into NaN. This is
/// ``smoothL1Loss(_:_:beta:reduction:)`` with `beta = delta`, times delta.
///
/// Source: P. J. Huber, "Robust Estimation of a Location Parameter", Annals of Mathematical
/// Statistics 35(1), 1964; PyTorch, `torch.nn.functional.huber_loss` (default delta 1).
/// - Parameters:
///   - predictions: any shape.
///   - targets: the same shape as `predictions`.
///   - delta: where the quadratic piece ends, in target units; default 1; finite and > 0.
///   - reduction: ``Reduction/mean`` by default; ``Reduction/none`` keeps the predictions'
///     shape.
/// - Returns: shape `[]` (or the predictions' shape for `.none`), in squared target units.
/// - Precondition: the shapes are equal; `delta` is finite and positive.
public func huberLoss(
  _ predictions: Tensor, _ targets: Tensor, delta: Double = 1, reduction: Reduction = .mean
) -> Tensor {
  requireSameShape("huberLoss", "predictions", predictions, "targets", targets)
  precondition(
    delta > 0 && delta.isFinite, "huberLoss: delta must be finite and > 0, got \(delta)")
  let residual = predictions - targets
  let kernel = HuberKernel(threshold: delta, scalesByThreshold: true)
  let losses = elementwiseLossOp("huberLoss", [residual], kernel: kernel) { g, inputs, _ in
    let r = inputs[0]
    return [g * Tensor.where(r.abs() .< delta, r, r.sign() * delta)]
  }
  return reduction.apply(to: losses)
}
