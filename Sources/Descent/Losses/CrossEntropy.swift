/// Softmax cross-entropy between `logits` and integer class `labels`, averaged over the batch.
///
///     loss = mean_i( logsumexp(logits[i]) − logits[i, labels[i]] )
///
/// Computed through log-sum-exp, so logits of any finite size give a finite loss; the
/// gradient with respect to the logits is (softmax(logits) − onehot(labels)) / batch.
/// - Parameters:
///   - logits: `[batch, classes]`, unnormalized scores.
///   - labels: `batch` class indices in `0..<classes`.
/// - Returns: a scalar tensor (shape `[]`), in nats.
/// - Precondition: `labels.count == logits.shape[0]`; every label is in range.
public func crossEntropy(logits: Tensor, labels: [Int]) -> Tensor {
  precondition(
    logits.rank == 2 && logits.shape[0] == labels.count,
    "crossEntropy: logits of shape \(logits.shape) need shape [batch, classes] with batch = "
      + "\(labels.count) labels")
  let target = Tensor.oneHot(labels, classCount: logits.shape[1], dtype: logits.dtype)
  let logProbabilities = logits.logSoftmax(axis: 1)
  return -(logProbabilities * target).sum(axis: 1).mean()
}
