extension Tensor {
  /// log Σ exp(x) along `axis`, computed as m + log Σ exp(x − m) with m the maximum along
  /// the axis, so that no exponential overflows and large logits give finite values.
  ///
  /// Derivative: softmax(x) along the axis, from the shifted exponentials (never e^x itself).
  /// A slice of −∞ gives −∞ (an empty sum) and a slice holding +∞ gives +∞.
  /// - Precondition: `axis` is in range and not empty.
  public func logSumExp(axis: Int = -1, keepingDimensions: Bool = false) -> Tensor {
    // The shift is a constant for differentiation: the result does not depend on it. A slice
    // whose maximum is ±∞ is shifted by 0 instead, so a slice of −∞ gives −∞ and one holding
    // +∞ gives +∞, not ∞ − ∞ = NaN (as PyTorch and JAX).
    let a = Shape.normalize(axis: axis, rank: rank, op: "logSumExp", shape: shape)
    let m = maximumShift(axis: a)
    let result = m + (self - m).exp().sum(axis: a, keepingDimensions: true).log()
    if keepingDimensions { return result }
    var reduced = shape
    reduced.remove(at: a)
    return result.reshaped(reduced)
  }

  /// log softmax along `axis`: x − logsumexp(x), finite for any finite logits.
  ///
  /// Computed as (x − m) − log Σ exp(x − m) with m the maximum along the axis, so a small
  /// log-probability next to large logits keeps its precision (x − (m + log Σ…) would round it
  /// to the logits' scale first, as PyTorch's kernel also avoids).
  /// - Precondition: `axis` is in range and not empty.
  public func logSoftmax(axis: Int = -1) -> Tensor {
    let a = Shape.normalize(axis: axis, rank: rank, op: "logSoftmax", shape: shape)
    let shifted = self - maximumShift(axis: a)
    return shifted - shifted.exp().sum(axis: a, keepingDimensions: true).log()
  }

  /// The maximum along `axis` (kept, detached), or 0 where that maximum is ±∞, so that
  /// subtracting it never gives ∞ − ∞.
  private func maximumShift(axis: Int) -> Tensor {
    let largest = max(axis: axis, keepingDimensions: true).detached()
    return Tensor.where(largest.abs() .< Double.infinity, largest, largest.scalarLike(0))
  }

  /// softmax along `axis`: e^(x − m) / Σ e^(x − m), with m the maximum along the axis, so each
  /// slice sums to 1 and large logits do not overflow.
  /// - Precondition: `axis` is in range and not empty.
  public func softmax(axis: Int = -1) -> Tensor {
    logSoftmax(axis: axis).exp()
  }
}
