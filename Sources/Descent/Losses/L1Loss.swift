/// The L1 loss (mean absolute error), |predictions − targets| per element, reduced.
///
///     loss = mean( |predictions − targets| )
///
/// Gradient with respect to the predictions: sign(predictions − targets), divided by the count
/// for the mean; the targets get its negative. At a zero residual the gradient is 0
/// (abs′(0) = sign(0) = 0, PyTorch's convention), so this loss and `(p − t).abs()` reduced
/// the same way have identical gradients everywhere. An infinite residual gives an infinite
/// loss and gradient ±1.
///
///     l1Loss(Tensor([-2, 0, 0.5]), Tensor([0, 0, 0]), reduction: .sum)   // 2.5
///
/// Source: PyTorch, `torch.nn.functional.l1_loss`.
/// - Parameters:
///   - predictions: any shape.
///   - targets: the same shape as `predictions`.
///   - reduction: ``Reduction/mean`` by default; ``Reduction/none`` gives the absolute
///     residuals in the shape of `predictions`.
/// - Returns: shape `[]` (or the predictions' shape for `.none`), in target units.
/// - Precondition: the shapes are equal.
public func l1Loss(_ predictions: Tensor, _ targets: Tensor, reduction: Reduction = .mean)
  -> Tensor
{
  requireSameShape("l1Loss", "predictions", predictions, "targets", targets)
  return reduction.apply(to: (predictions - targets).abs())
}
