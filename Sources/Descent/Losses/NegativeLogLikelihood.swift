/// The negative log-likelihood of integer class labels under given log-probabilities.
///
///     loss_i = −w[labels[i]] · logProbabilities[i, labels[i]]
///     mean   = Σ_i loss_i / Σ_i w[labels[i]]      (Σ_i loss_i / batch without weights)
///
/// With class weights the mean divides by the sum of the weights the labels pick, not by the
/// batch size, as PyTorch's `nll_loss` does, so a batch of one class costs the same whatever
/// that class's weight; if those weights sum to 0 the mean is NaN (0/0). The label's entry is
/// read by index (no one-hot product), so −∞ entries of other classes, such as masked classes,
/// leave the loss and every gradient finite; a label whose log-probability is −∞ costs +∞.
///
/// Gradients: −w[labels[i]] at `[i, labels[i]]` (divided by the mean's denominator), 0 at
/// every other entry; the weights get theirs too (PyTorch gives them none).
///
///     let logProbabilities = logits.logSoftmax(axis: 1)
///     negativeLogLikelihood(logProbabilities: logProbabilities, labels: [2, 0])
///
/// Source: PyTorch, `torch.nn.functional.nll_loss` (including how `weight` enters the mean).
/// - Parameters:
///   - logProbabilities: `[batch, classes]`, log-probabilities (e.g. from
///     ``Tensor/logSoftmax(axis:)``); not checked to be normalized.
///   - labels: `batch` class indices in `0..<classes`.
///   - weights: `[classes]`, a weight per class; default none (all 1).
///   - reduction: ``Reduction/mean`` by default; ``Reduction/none`` gives the `[batch]`
///     weighted losses.
/// - Returns: shape `[]` (or `[batch]` for `.none`), in nats.
/// - Precondition: `logProbabilities` is `[labels.count, classes]`; every label is in
///   `0..<classes`; `weights`, if given, is `[classes]`.
public func negativeLogLikelihood(
  logProbabilities: Tensor, labels: [Int], weights: Tensor? = nil, reduction: Reduction = .mean
) -> Tensor {
  let name = "negativeLogLikelihood"
  requireClassLabels(name, "logProbabilities", logProbabilities, labels, weights: weights)
  let (losses, pickedWeights) = labelLosses(logProbabilities, labels, weights: weights)
  return reduceLabelLosses(losses, pickedWeights: pickedWeights, reduction)
}

/// The per-sample terms −w[labels[i]] · x[i, labels[i]], `[batch]`, and the weights the labels
/// pick, `[batch]` (nil without class weights). The arguments are already checked.
func labelLosses(_ x: Tensor, _ labels: [Int], weights: Tensor?) -> (Tensor, Tensor?) {
  let losses = -labelEntries(x, labels)
  guard let weights else { return (losses, nil) }
  let pickedWeights = weights.gatherRows(labels)
  return (pickedWeights * losses, pickedWeights)
}

/// Per-sample classification losses reduced as PyTorch's `nll_loss` does: a weighted mean
/// divides by the sum of the picked weights, an unweighted one by the batch size.
func reduceLabelLosses(_ losses: Tensor, pickedWeights: Tensor?, _ reduction: Reduction)
  -> Tensor
{
  if reduction == .mean, let pickedWeights { return losses.sum() / pickedWeights.sum() }
  return reduction.apply(to: losses)
}
