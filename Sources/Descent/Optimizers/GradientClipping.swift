/// Rescales every parameter's gradient so that their global L2 norm is at most `maxNorm`, as
/// PyTorch's `torch.nn.utils.clip_grad_norm_` (norm type 2):
///
///     ‖g‖ = √(Σ over all parameters and elements of g²)
///     c   = min(1, maxNorm / (‖g‖ + 1e-6))
///     g  ← c · g   for every parameter's gradient
///
/// So gradients are scaled only when ‖g‖ exceeds `maxNorm` (to within the 1e-6 guard), and
/// the direction of the whole gradient is kept. Parameters without a gradient are skipped.
/// The clipped gradient keeps each parameter's dtype.
///
/// Source: R. Pascanu, T. Mikolov and Y. Bengio, "On the difficulty of training recurrent
/// neural networks", ICML 2013; PyTorch, `torch/nn/utils/clip_grad.py`.
/// - Returns: ‖g‖, the total norm before clipping (0 when no parameter has a gradient).
/// - Precondition: `maxNorm` finite and ≥ 0.
@discardableResult
public func clipGradientNorm(_ model: inout some Module, maxNorm: Double) -> Double {
  precondition(
    maxNorm >= 0 && maxNorm.isFinite,
    "clipGradientNorm: maxNorm must be ≥ 0 and finite, got \(maxNorm)")
  let norm = gradientNorm(model)
  scaleGradients(&model, norm: norm, maxNorm: maxNorm)
  return norm
}

/// The scaling step of ``clipGradientNorm(_:maxNorm:)`` for a global norm already computed.
func scaleGradients(_ model: inout some Module, norm: Double, maxNorm: Double) {
  let coefficient = Swift.min(1, maxNorm / (norm + 1e-6))
  guard coefficient < 1 else { return }
  model.visitParameters(prefix: "") { _, parameter in
    guard let node = parameter.node, let grad = node.grad else { return }
    node.grad = Tensor(
      grad.scalars.map { $0 * coefficient }, shape: grad.shape, dtype: grad.dtype)
  }
}

/// The global L2 norm of every parameter's gradient, √(Σ g²) over all parameters and
/// elements, accumulated in `Double`; 0 when no parameter has a gradient, NaN or infinite
/// when a gradient element is (or, for gradients beyond about 1e154, when Σ g² overflows).
public func gradientNorm(_ model: some Module) -> Double {
  var sumOfSquares = 0.0
  var copy = model
  copy.visitParameters(prefix: "") { _, parameter in
    guard let grad = parameter.grad else { return }
    sumOfSquares += grad.storage.sumOfSquares
  }
  return sumOfSquares.squareRoot()
}

/// Clamps every element of every parameter's gradient to `[−maxValue, maxValue]`, as
/// PyTorch's `torch.nn.utils.clip_grad_value_`:
///
///     g_i ← min(max(g_i, −maxValue), maxValue)
///
/// Parameters without a gradient are skipped; the clipped gradient keeps each parameter's
/// dtype. Unlike ``clipGradientNorm(_:maxNorm:)`` this can change the gradient's direction.
///
/// Source: PyTorch, `torch/nn/utils/clip_grad.py` (`clip_grad_value_`).
/// - Precondition: `maxValue` finite and ≥ 0.
public func clipGradientValues(_ model: inout some Module, maxValue: Double) {
  precondition(
    maxValue >= 0 && maxValue.isFinite,
    "clipGradientValues: maxValue must be ≥ 0 and finite, got \(maxValue)")
  model.visitParameters(prefix: "") { _, parameter in
    guard let node = parameter.node, let grad = node.grad else { return }
    let clamped = grad.scalars.map { Swift.min(Swift.max($0, -maxValue), maxValue) }
    node.grad = Tensor(clamped, shape: grad.shape, dtype: grad.dtype)
  }
}
