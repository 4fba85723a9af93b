/// Reading each row's entry at its label, `x[i, labels[i]]`, as a differentiable op.
///
/// Classification losses pick the label's log-probability by index rather than by multiplying
/// with a one-hot matrix and summing: a masked class has log-probability −∞, and −∞ · 0 = NaN
/// would poison the loss and every gradient of its row.

/// `[x[0, labels[0]], x[1, labels[1]], …]`: shape `[rows, classes]` → `[rows]`.
/// Derivative: the upstream value of row i goes to `[i, labels[i]]`, and 0 everywhere else.
/// - Precondition: `x` is `[labels.count, classes]` and every label is in `0..<classes`
///   (the losses check both first, with messages naming themselves).
func labelEntries(_ x: Tensor, _ labels: [Int]) -> Tensor {
  precondition(
    x.rank == 2 && x.shape[0] == labels.count
      && labels.allSatisfy { $0 >= 0 && $0 < x.shape[1] },
    "labelEntries: \(labels.count) labels for shape \(x.shape)")
  let classes = x.shape[1]
  func pick<T: TensorScalar>(_ values: [T]) -> [T] {
    makeArray(count: labels.count) { i in values[i * classes + labels[i]] }
  }
  let out: TensorStorage =
    switch x.storage {
    case .float32(let a): .float32(pick(a))
    case .float64(let a): .float64(pick(a))
    }
  return .result(
    out, shape: [labels.count], op: "labelEntries", inputs: [x],
    rule: { g, _, _ in [scatterLabelEntries(g, labels, classCount: classes)] },
    forward: { t, _, _ in t[0].map { labelEntries($0, labels) } })
}

/// The adjoint of ``labelEntries(_:_:)``: a `[rows, classCount]` tensor that is zero except
/// for `values[i]` at `[i, labels[i]]`. Derivative: the upstream entries at the labels.
/// - Precondition: `values` is `[labels.count]` and every label is in `0..<classCount`.
func scatterLabelEntries(_ values: Tensor, _ labels: [Int], classCount: Int) -> Tensor {
  precondition(
    values.shape == [labels.count] && labels.allSatisfy { $0 >= 0 && $0 < classCount },
    "scatterLabelEntries: \(labels.count) labels for shape \(values.shape)")
  func scatter<T: TensorScalar>(_ v: [T]) -> [T] {
    var out = [T](repeating: 0, count: labels.count * classCount)
    for (i, label) in labels.enumerated() { out[i * classCount + label] = v[i] }
    return out
  }
  let out: TensorStorage =
    switch values.storage {
    case .float32(let a): .float32(scatter(a))
    case .float64(let a): .float64(scatter(a))
    }
  let shape = [labels.count, classCount]
  return .result(
    out, shape: shape, op: "scatterLabelEntries", inputs: [values],
    rule: { g, _, _ in [labelEntries(g, labels)] },
    forward: { t, _, _ in t[0].map { scatterLabelEntries($0, labels, classCount: classCount) } })
}
