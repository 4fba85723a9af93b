/// Softmax cross-entropy between `logits` and integer class `labels`, with optional class
/// weights and label smoothing, reduced (by default averaged over the batch).
///
///     log p   = logSoftmax(logits) along the classes
///     nll_i   = −w[labels[i]] · log p[i, labels[i]]
///     smooth_i = −Σ_c w[c] · log p[i, c]
///     loss_i  = (1 − ε) · nll_i + (ε / classes) · smooth_i
///     mean    = Σ_i loss_i / Σ_i w[labels[i]]       (Σ_i loss_i / batch without weights)
///
/// This is cross-entropy against the target distribution (1 − ε)·onehot + ε/classes, as
/// PyTorch's `F.cross_entropy` defines it with `weight` and `label_smoothing` (including its
/// weighted mean, which divides both terms by the sum of the weights the labels pick).
/// Without weights or smoothing it is `mean_i(logsumexp(logits[i]) − logits[i, labels[i]])`.
///
/// The log-softmax subtracts each row's maximum, so logits of any finite size give a finite,
/// accurate loss, and its gradient uses the normalized probabilities, never e^logit. The
/// label's log-probability is read by index, not through a one-hot product, so a masked class
/// (logit −∞) has probability 0 and leaves the loss and gradients finite, unless it is the
/// label (loss +∞) or smoothing puts mass on it (loss +∞; gradient still finite). A row
/// holding one +∞ logit gives that class probability 1: loss 0 if it is the label, else +∞,
/// with the finite gradient p − target (PyTorch gives NaN); k tied +∞ logits share the
/// probability equally; a row of −∞, or holding NaN, gives NaN.
///
/// Gradient with respect to the logits, per row: w[labels[i]]·(1 − ε)·(p − onehot) +
/// (ε/classes)·(p·Σ_c w[c] − w), divided by the mean's denominator. The class weights get a
/// gradient too (PyTorch gives them none).
///
///     let loss = crossEntropy(logits: model(x), labels: [2, 0, 1])
///     let smoothed = crossEntropy(logits: scores, labels: y, labelSmoothing: 0.1)
///
/// Source: PyTorch, `torch.nn.functional.cross_entropy`; label smoothing: C. Szegedy et al.,
/// "Rethinking the Inception Architecture for Computer Vision", CVPR 2016, section 7.
/// - Parameters:
///   - logits: `[batch, classes]`, unnormalized scores.
///   - labels: `batch` class indices in `0..<classes`.
///   - weights: `[classes]`, a weight per class; default none (all 1).
///   - labelSmoothing: ε in [0, 1], the probability mass spread evenly over all classes;
///     default 0.
///   - reduction: ``Reduction/mean`` by default; ``Reduction/none`` gives the `[batch]`
///     per-sample losses.
/// - Returns: shape `[]` (or `[batch]` for `.none`), in nats.
/// - Precondition: `logits` is `[labels.count, classes]`; every label is in `0..<classes`;
///   `weights`, if given, is `[classes]`; `labelSmoothing` is in [0, 1].
public func crossEntropy(
  logits: Tensor, labels: [Int], weights: Tensor? = nil, labelSmoothing: Double = 0,
  reduction: Reduction = .mean
) -> Tensor {
  requireClassLabels("crossEntropy", "logits", logits, labels, weights: weights)
  precondition(
    labelSmoothing >= 0 && labelSmoothing <= 1,
    "crossEntropy: labelSmoothing must be in [0, 1], got \(labelSmoothing)")
  let logProbabilities = logSoftmaxRows(logits)
  let (nll, pickedWeights) = labelLosses(logProbabilities, labels, weights: weights)
  // Without smoothing the smoothing term is left out, not multiplied by 0: it is +∞ when a
  // class is masked, and 0 · ∞ = NaN.
  guard labelSmoothing > 0 else {
    return reduceLabelLosses(nll, pickedWeights: pickedWeights, reduction)
  }
  let weighted = weights.map { logProbabilities * $0 } ?? logProbabilities
  let smooth = -weighted.sum(axis: 1)
  let classes = Double(logits.shape[1])
  let losses = (1 - labelSmoothing) * nll + (labelSmoothing / classes) * smooth
  return reduceLabelLosses(losses, pickedWeights: pickedWeights, reduction)
}
