/// The mean squared error, (predictions − targets)² per element, reduced.
///
///     loss = mean( (predictions − targets)² )
///
/// Gradient with respect to the predictions: 2(predictions − targets), divided by the count
/// for the mean; the targets get its negative. It is smooth everywhere; an infinite residual
/// gives an infinite loss and gradient, and ∞ − ∞ gives NaN.
///
///     meanSquaredError(Tensor([1, 2, 3]), Tensor([1, 0, 5]))   // 8/3
///
/// Source: PyTorch, `torch.nn.functional.mse_loss`.
/// - Parameters:
///   - predictions: any shape.
///   - targets: the same shape as `predictions`.
///   - reduction: ``Reduction/mean`` by default; ``Reduction/none`` gives the squared residuals
///     in the shape of `predictions`.
/// - Returns: shape `[]` (or the predictions' shape for `.none`), in squared target units.
/// - Precondition: the shapes are equal (no broadcasting, which would silently pair the
///   wrong elements, e.g. `[n, 1]` with `[n]`).
public func meanSquaredError(
  _ predictions: Tensor, _ targets: Tensor, reduction: Reduction = .mean
) -> Tensor {
  requireSameShape("meanSquaredError", "predictions", predictions, "targets", targets)
  let residual = predictions - targets
  return reduction.apply(to: residual * residual)
}
