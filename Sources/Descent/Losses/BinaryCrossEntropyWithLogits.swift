/// Binary cross-entropy between the probabilities σ(x) of logits x and targets, computed from
/// the logits without ever forming σ(x), elementwise, reduced.
///
///     loss_i = w_i ( c · y_i · softplus(−x_i) + (1 − y_i) · softplus(x_i) )
///            = −w_i ( c · y_i · log σ(x_i) + (1 − y_i) · log(1 − σ(x_i)) )
///
/// with softplus(x) = log(1 + eˣ) = max(x, 0) + log1p(e^−|x|) and c the positive-class weight
/// (1 unless `positiveWeight` is given). A term whose coefficient is 0 counts as 0 even where
/// its softplus is infinite, so the loss is exact and finite at any finite logit and takes its
/// limit at ±∞: x = +∞ gives 0 for y = 1 and +∞ for y < 1; x = −∞ gives 0 for y = 0 and +∞ for
/// y > 0. At x = ±1e4 it is 1e4 (1 − y) or 1e4 y (e^−1e4 underflows to 0 in the other term).
///
/// Gradients (the loss has its own, rather than that of a max/abs/log1p composition, whose
/// conventions at x = 0 do not add up; JAX issue 2140):
/// - logits: w (σ(x) − y), or w (σ(x) (c y + 1 − y) − c y) with a positive-class weight,
///   computed as w ((1 − y) σ(x) − c y σ(−x)) so that neither term loses the small
///   probability of the other side (σ(x) − 1 would round to a multiple of 2⁻⁵³; −σ(−x) keeps
///   full precision): σ(0) − y = 0.5 − y at x = 0, and 1 − y or −y at ±∞.
/// - targets: −w x, or w (c softplus(−x) − softplus(x)).
/// - weights: the unweighted loss; positiveWeight: w y softplus(−x).
///
/// Differences from PyTorch (`torch.nn.functional.binary_cross_entropy_with_logits`): PyTorch
/// computes (1 − y) x − log σ(x), which is NaN at x = +∞ with y = 1 and at x = −∞ for every
/// y (0 · ∞ and ∞ − ∞); here those are the limits above. PyTorch gives no gradient to the
/// weights or the positive-class weight.
///
///     binaryCrossEntropy(logits: Tensor([0, 2]), targets: Tensor([1, 0]))
///     // (log 2 + softplus(2)) / 2
///
/// Source: PyTorch, `torch.nn.BCEWithLogitsLoss` (definition, `weight`, `pos_weight`).
/// - Parameters:
///   - logits: any shape, unnormalized scores; σ(logits) are the predicted probabilities.
///   - targets: the same shape; 0 or 1, or any value in [0, 1] as a soft target.
///   - weights: per-element rescaling, any shape that broadcasts to the logits' shape;
///     default none (all 1).
///   - positiveWeight: the weight c of the positive term, any shape that broadcasts to the
///     logits' shape (`[classes]` for `[batch, classes]`: c > 1 raises recall); default none
///     (c = 1).
///   - reduction: ``Reduction/mean`` by default (the mean over all elements);
///     ``Reduction/none`` keeps the logits' shape.
/// - Returns: shape `[]` (or the logits' shape for `.none`), in nats.
/// - Precondition: the logits and targets have the same shape; the weights and the
///   positive-class weight broadcast to it.
public func binaryCrossEntropy(
  logits: Tensor, targets: Tensor, weights: Tensor? = nil, positiveWeight: Tensor? = nil,
  reduction: Reduction = .mean
) -> Tensor {
  let name = "binaryCrossEntropy(logits:)"
  requireSameShape(name, "logits", logits, "targets", targets)
  if let weights {
    requireBroadcastable(name, "weights", weights, to: logits.shape, of: "logits'")
  }
  let losses: Tensor
  if let positiveWeight {
    requireBroadcastable(
      name, "positiveWeight", positiveWeight, to: logits.shape, of: "logits'")
    let c = positiveWeight.expanded(to: logits.shape)
    let kernel = LogitCrossEntropyKernel(hasPositiveWeight: true)
    losses = elementwiseLossOp(name, [logits, targets, c], kernel: kernel) { g, inputs, _ in
      let (x, y, c) = (inputs[0], inputs[1], inputs[2])
      let negativeSoftplus = (-x).softplus()
      return [
        g * ((1 - y) * x.sigmoid() - c * y * (-x).sigmoid()),
        g * (c * negativeSoftplus - x.softplus()),
        g * y * negativeSoftplus,
      ]
    }
  } else {
    let kernel = LogitCrossEntropyKernel(hasPositiveWeight: false)
    losses = elementwiseLossOp(name, [logits, targets], kernel: kernel) { g, inputs, _ in
      let (x, y) = (inputs[0], inputs[1])
      return [g * ((1 - y) * x.sigmoid() - y * (-x).sigmoid()), -(g * x)]
    }
  }
  guard let weights else { return reduction.apply(to: losses) }
  return reduction.apply(to: losses * weights)
}

/// c·y·softplus(−x) + (1 − y)·softplus(x), each term 0 when its coefficient is 0.
private struct LogitCrossEntropyKernel: ElementwiseKernel {
  /// Whether the third operand is the positive-class weight c (else c = 1).
  let hasPositiveWeight: Bool

  func callAsFunction<T: TensorScalar>(_ x: T, _ y: T, _ c: T) -> T {
    let positive = hasPositiveWeight ? c * y : y
    let negative = 1 - y
    var loss: T = 0
    if positive != 0 { loss += positive * logOnePlusExp(-x) }
    if negative != 0 { loss += negative * logOnePlusExp(x) }
    return loss
  }
}

/// softplus(x) = log(1 + eˣ) for one number, as max(x, 0) + log1p(e^−|x|): it neither
/// overflows nor loses the small term; softplus(+∞) = +∞, softplus(−∞) = 0.
@inline(__always)
private func logOnePlusExp<T: TensorScalar>(_ x: T) -> T {
  Swift.max(x, 0) + T.log(onePlus: T.exp(-Swift.abs(x)))
}
