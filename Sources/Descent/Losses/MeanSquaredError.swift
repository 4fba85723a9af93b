/// The mean squared error: mean((predictions − targets)²) over all elements.
///
/// Gradient with respect to the predictions: 2(predictions − targets) / count.
/// - Parameters:
///   - predictions: any shape.
///   - targets: the same shape as `predictions`.
/// - Returns: a scalar tensor (shape `[]`), in squared target units.
/// - Precondition: the shapes are equal (no broadcasting, which would silently pair the
///   wrong elements, e.g. `[n, 1]` with `[n]`).
public func meanSquaredError(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
  precondition(
    predictions.shape == targets.shape,
    "meanSquaredError: predictions of shape \(predictions.shape) and targets of shape "
      + "\(targets.shape) differ; reshape one to match")
  let residual = predictions - targets
  return (residual * residual).mean()
}
