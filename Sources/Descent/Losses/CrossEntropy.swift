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
  if weights == nil, labelSmoothing == 0, reduction != .none,
    logits.node?.forwardTangents == nil
  {
    return fusedCrossEntropy(logits: logits, labels: labels, reduction: reduction)
  }
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

/// Cross-entropy without class weights or smoothing, reduced by its mean or sum, as one op
/// (`crossEntropy`): the log-softmax, the labels' entries, their negation and the reduction in
/// one pass, and in the backward pass the gradient with respect to the logits in another.
/// Values and gradients equal those of the separate ops (``logSoftmaxRows(_:)``,
/// ``labelEntries(_:_:)``, negation, `mean()` or `sum()`) bit for bit: the same operations in
/// the same order. A backward pass that records (for second derivatives) takes the separate
/// ops' rules; forward mode takes the separate ops (the caller checks).
func fusedCrossEntropy(logits: Tensor, labels: [Int], reduction: Reduction) -> Tensor {
  let (rows, classes) = (logits.shape[0], logits.shape[1])
  let mean = reduction == .mean
  func run<T: TensorScalar>(_ x: [T]) -> (loss: [T], logProbabilities: [T]) {
    let y = logSoftmaxRowValues(x, columns: classes)
    // sum() accumulates float32 in Double, in order, from 0; mean() then divides by the count.
    var loss: T
    if T.self == Float.self {
      var total = 0.0
      for (i, label) in labels.enumerated() { total += Double(-y[i * classes + label]) }
      loss = T(Float(total))
    } else {
      var total: T = 0
      for (i, label) in labels.enumerated() { total = total + -y[i * classes + label] }
      loss = total
    }
    if mean { loss = loss / T(Double(rows)) }
    return ([loss], y)
  }
  let out: TensorStorage
  let logProbabilities: TensorStorage
  switch logits.storage {
  case .float32(let x):
    let (loss, y) = run(x)
    (out, logProbabilities) = (.float32(loss), .float32(y))
  case .float64(let x):
    let (loss, y) = run(x)
    (out, logProbabilities) = (.float64(loss), .float64(y))
  }
  return .result(
    out, shape: [], op: "crossEntropy", inputs: [logits],
    rule: { g, inputs, _ in
      // The separate ops' rules in turn: the mean's division and expansion, the negation, the
      // scatter to the labels, and the log-softmax's g − eʸ·Σg.
      let x = inputs[0]
      let perRow = mean ? g / Double(rows) : g
      guard !isRecordingGradients, perRow.dtype == x.dtype else {
        let y = logSoftmaxRows(x)
        let scattered = scatterLabelEntries(
          -perRow.reshaped([1]).expanded(to: [rows]), labels, classCount: classes)
        return [scattered - y.exp() * scattered.sum(axis: 1, keepingDimensions: true)]
      }
      return [
        Tensor(
          storage: crossEntropyGradient(
            perRow.storage, logProbabilities, labels: labels, classes: classes),
          shape: [rows, classes])
      ]
    })
}

/// The logits' gradient of ``fusedCrossEntropy(logits:labels:reduction:)`` given the upstream
/// gradient per row `a` (one element) and the log-probabilities `y`: per row, G = −a at the
/// label and 0 elsewhere, s = G's row sum (accumulated as `sum(axis:)` does), and
/// G − eʸ·s, element by element.
private func crossEntropyGradient(
  _ a: TensorStorage, _ y: TensorStorage, labels: [Int], classes: Int
) -> TensorStorage {
  func run<T: TensorScalar>(_ a: T, _ y: [T]) -> [T] {
    var out = [T](repeating: 0, count: y.count)
    if y.isEmpty || classes == 0 { return out }
    let entry = -a
    // The row sum of G, as reduce takes it: from 0, in order, in Double for float32. Every
    // row holds `entry` once and zeros otherwise, so every row has the same sum, wherever
    // its label is (adding +0 changes nothing but a −0 total, the same at any position).
    let sum: T
    if T.self == Float.self {
      var total = 0.0
      total += Double(entry)
      for _ in 1..<classes { total += 0 }
      sum = T(Float(total))
    } else {
      var total: T = 0
      total = total + entry
      for _ in 1..<classes { total = total + 0 }
      sum = total
    }
    out.withUnsafeMutableBufferPointer { out in
      y.withUnsafeBufferPointer { y in
        for (i, label) in labels.enumerated() {
          let start = i * classes
          for j in 0..<classes {
            let g: T = j == label ? entry : 0
            out[start + j] = g - T.exp(y[start + j]) * sum
          }
        }
      }
    }
    return out
  }
  return switch (a, y) {
  case (.float32(let a), .float32(let y)): .float32(run(a[0], y))
  case (.float64(let a), .float64(let y)): .float64(run(a[0], y))
  default: preconditionFailure("unreachable: one dtype")
  }
}
