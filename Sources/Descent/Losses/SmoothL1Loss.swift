/// The smooth L1 loss: quadratic for residuals smaller than `beta`, linear beyond, reduced.
///
///     r = predictions − targets
///     loss_i = 0.5 r_i² / beta    if |r_i| < beta
///              |r_i| − 0.5 beta   otherwise
///
/// Gradient with respect to the predictions: r/beta inside, sign(r) outside (the targets get
/// its negative). The two pieces meet with equal value and slope at |r| = beta, where the
/// gradient is ±1; at r = 0 it is 0. `beta = 0` is the L1 loss, with gradient sign(r) and 0 at
/// r = 0 (as ``l1Loss(_:_:reduction:)``). An infinite residual gives an infinite loss and
/// gradient ±1: the loss has its own derivative rule, so the quadratic piece it does not use
/// cannot turn 0 · ∞ into NaN.
///
/// ``huberLoss(_:_:delta:reduction:)`` with `delta = beta` is this loss times beta.
///
/// Source: R. Girshick, "Fast R-CNN", ICCV 2015 (eq. 3); PyTorch,
/// `torch.nn.functional.smooth_l1_loss` (its definition and its `beta`, default 1).
/// - Parameters:
///   - predictions: any shape.
///   - targets: the same shape as `predictions`.
///   - beta: where the quadratic piece ends, in target units; default 1; finite and ≥ 0.
///   - reduction: ``Reduction/mean`` by default; ``Reduction/none`` keeps the predictions'
///     shape.
/// - Returns: shape `[]` (or the predictions' shape for `.none`), in target units.
/// - Precondition: the shapes are equal; `beta` is finite and not negative.
public func smoothL1Loss(
  _ predictions: Tensor, _ targets: Tensor, beta: Double = 1, reduction: Reduction = .mean
) -> Tensor {
  requireSameShape("smoothL1Loss", "predictions", predictions, "targets", targets)
  precondition(
    beta >= 0 && beta.isFinite, "smoothL1Loss: beta must be finite and ≥ 0, got \(beta)")
  let residual = predictions - targets
  let kernel = HuberKernel(threshold: beta, scalesByThreshold: false)
  let losses = elementwiseLossOp("smoothL1Loss", [residual], kernel: kernel) { g, inputs, _ in
    let r = inputs[0]
    // beta = 0 is the L1 loss; r/0 must not even be formed (its NaN would reach a second
    // derivative through the unused branch).
    if beta == 0 { return [g * r.sign()] }
    return [g * Tensor.where(r.abs() .< beta, r / beta, r.sign())]
  }
  return reduction.apply(to: losses)
}

/// The Huber and smooth L1 losses of one residual `r`, as PyTorch's kernels compute them
/// (threshold t is Huber's delta or smooth L1's beta):
///
///     Huber:     |r| < t ? 0.5 r²     : t(|r| − 0.5 t)
///     smooth L1: |r| < t ? 0.5 r² / t : |r| − 0.5 t
struct HuberKernel: ElementwiseKernel {
  /// Huber's delta or smooth L1's beta.
  let threshold: Double
  /// True for Huber (the linear piece has slope t), false for smooth L1 (slope 1).
  let scalesByThreshold: Bool

  func callAsFunction<T: TensorScalar>(_ r: T, _: T, _: T) -> T {
    let z = Swift.abs(r)
    let t = T(threshold)
    if scalesByThreshold {
      return z < t ? 0.5 * z * z : t * (z - 0.5 * t)
    }
    return z < t ? 0.5 * z * z / t : z - 0.5 * t
  }
}
