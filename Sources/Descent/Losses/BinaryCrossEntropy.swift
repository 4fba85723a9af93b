/// Binary cross-entropy between predicted probabilities and targets, elementwise, reduced.
///
///     loss_i = −w_i ( y_i · max(log p_i, −100) + (1 − y_i) · max(log(1 − p_i), −100) )
///
/// Each log is clamped at −100, as in PyTorch, so a probability of exactly 0 or 1 costs at
/// most 100 per element instead of +∞, and 0 · log 0 never appears: p = y = 0 and p = y = 1
/// give 0. Prefer ``binaryCrossEntropy(logits:targets:weights:positiveWeight:reduction:)``
/// when the probabilities come from a sigmoid: it is exact for every logit.
///
/// Gradients:
/// - probabilities: w (p − y) / (p (1 − p)), computed exactly wherever p (1 − p) > 0, so that
///   through a sigmoid it becomes σ(x) − y even where p is as small as σ(−60) ≈ 9e-27. Where
///   p (1 − p) is exactly 0 (p = 0 or 1) the denominator is PyTorch's floor, 1e-12 rounded to
///   float32 (9.99999996e-13): about −1e12·y at p = 0 and 1e12·(1 − y) at p = 1, PyTorch's
///   values. The gradient is that of the unclamped loss also
///   where a log is clamped (p < e⁻¹⁰⁰), as in PyTorch.
/// - targets: −w (max(log p, −100) − max(log(1 − p), −100)), the derivative of the loss as
///   computed (the loss is linear in y), so ±100 at most.
/// - weights: the unweighted loss.
///
/// Differences from PyTorch (`torch.nn.functional.binary_cross_entropy`): PyTorch divides by
/// max(p (1 − p), 1e-12), so for 0 < p (1 − p) < 1e-12 its gradient is too small by up to
/// 1e-12 / (p (1 − p)) (about −8.7e-15 instead of −1 at p = σ(−60); PyTorch issue 103316);
/// its target gradient uses unclamped logs (±∞ at p = 0 or 1); it rejects NaN
/// probabilities, and gives no gradient to the weights.
///
///     binaryCrossEntropy(probabilities: Tensor([0.8, 0.3]), targets: Tensor([1, 0]))
///     // (−log 0.8 − log 0.7) / 2
///
/// - Parameters:
///   - probabilities: any shape, each in [0, 1].
///   - targets: the same shape; usually 0 or 1, any value in [0, 1] is a soft target.
///   - weights: per-element rescaling, any shape that broadcasts to the probabilities' shape
///     (e.g. `[classes]` for `[batch, classes]`); default none (all 1).
///   - reduction: ``Reduction/mean`` by default (the mean over all elements, weighted or not);
///     ``Reduction/none`` keeps the probabilities' shape.
/// - Returns: shape `[]` (or the probabilities' shape for `.none`), in nats.
/// - Precondition: the probabilities and targets have the same shape; the weights broadcast
///   to it; no probability is below 0 or above 1 (NaN passes and gives NaN).
public func binaryCrossEntropy(
  probabilities: Tensor, targets: Tensor, weights: Tensor? = nil, reduction: Reduction = .mean
) -> Tensor {
  let name = "binaryCrossEntropy"
  requireSameShape(name, "probabilities", probabilities, "targets", targets)
  if let weights {
    requireBroadcastable(
      name, "weights", weights, to: probabilities.shape, of: "probabilities'")
  }
  for (i, p) in probabilities.scalars.enumerated() where p < 0 || p > 1 {
    preconditionFailure(
      "\(name): probability \(p) at flat index \(i) is not in [0, 1]; for scores, use "
        + "binaryCrossEntropy(logits:targets:)")
  }
  let losses = elementwiseLossOp(
    name, [probabilities, targets], kernel: BinaryCrossEntropyKernel()
  ) {
    g, inputs, _ in
    let p = inputs[0]
    let y = inputs[1]
    let variance = p * (1 - p)
    let floor = variance.scalarLike(Double(Float(1e-12)))  // PyTorch's EPSILON, a float.
    let denominator = Tensor.where(variance .== 0, floor, variance)
    let logTerms = clampedLog(p, complement: true) - clampedLog(p)
    return [g * (p - y) / denominator, g * logTerms]
  }
  guard let weights else { return reduction.apply(to: losses) }
  return reduction.apply(to: losses * weights)
}

/// (y − 1) · max(log1p(−p), −100) − y · max(log p, −100): PyTorch's kernel.
private struct BinaryCrossEntropyKernel: ElementwiseKernel {
  func callAsFunction<T: TensorScalar>(_ p: T, _ y: T, _: T) -> T {
    let logP = T.log(p)
    let logOneMinusP = T.log(onePlus: -p)
    return (y - 1) * (logOneMinusP < -100 ? -100 : logOneMinusP)
      - y * (logP < -100 ? -100 : logP)
  }
}
