/// Ops the losses are built from that ``Tensor`` does not offer in the form they need, each
/// with its own kernel and a derivative rule written in tensor ops (so it can be
/// differentiated again). Internal, and named so as not to collide with Tensor's ops.

/// The log that binary cross-entropy uses: max(log x, −100), or max(log(1 − x), −100) computed
/// as log1p(−x) when `complement` is set. Clamping at −100 is PyTorch's: the loss of a
/// probability of exactly 0 or 1 is at most 100 per element instead of +∞.
/// Derivative: 1/x (or −1/(1 − x)) where the log is above −100, else 0 (the clamp is flat).
func clampedLog(_ x: Tensor, complement: Bool = false) -> Tensor {
  let kernel = ClampedLogKernel(complement: complement)
  return elementwiseLossOp("clampedLog", [x], kernel: kernel) { g, inputs, y in
    let x = inputs[0]
    let unclamped = y .> -100
    let one = x.scalarLike(1)
    let argument = complement ? 1 - x : x
    // Both branches stay finite: 1/0 in the unused branch would make 0 · ∞ = NaN in a second
    // derivative.
    let safe = Tensor.where(unclamped, argument, one)
    let slope = Tensor.where(unclamped, 1 / safe, x.scalarLike(0))
    return [complement ? -(g * slope) : g * slope]
  }
}

private struct ClampedLogKernel: ElementwiseKernel {
  let complement: Bool

  func callAsFunction<T: TensorScalar>(_ x: T, _: T, _: T) -> T {
    let log = complement ? T.log(onePlus: -x) : T.log(x)
    return log < -100 ? -100 : log  // NaN stays NaN, as with std::max(log, -100).
  }
}

/// log-softmax along axis 1 of `[rows, classes]` logits, for the classification losses:
///
///     y[i, j] = (x[i, j] − m_i) − log Σ_k exp(x[i, k] − m_i),   m_i = max_k x[i, k]
///
/// Subtracting the row maximum before the log keeps every value finite for finite logits and
/// accurate even when they are large (x − m is exact where x + log-sum-exp would round away a
/// small log-probability, as in PyTorch's kernel). A row holding +∞ is its limit: the +∞
/// entries share the probability (log-probability −log k for k of them, so 0 for one) and the
/// others get −∞. A row of −∞ (no class possible) is NaN, as in PyTorch; a NaN makes its row
/// NaN. `−∞` entries of other rows are classes with probability 0.
///
/// Derivative: g − softmax · Σ_j g[i, j], with softmax = exp(y) from the output, so it never
/// exponentiates a raw logit; tangent: ẋ − Σ_j softmax[i, j]·ẋ[i, j] per row.
func logSoftmaxRows(_ x: Tensor) -> Tensor {
  precondition(x.rank == 2, "logSoftmaxRows: needs [rows, classes], got shape \(x.shape)")
  let columns = x.shape[1]
  func run<T: TensorScalar>(_ values: [T]) -> [T] { logSoftmaxRowValues(values, columns: columns) }
  let out: TensorStorage =
    switch x.storage {
    case .float32(let a): .float32(run(a))
    case .float64(let a): .float64(run(a))
    }
  return .result(
    out, shape: x.shape, op: "logSoftmaxRows", inputs: [x],
    rule: { g, _, y in [g - y.exp() * g.sum(axis: 1, keepingDimensions: true)] },
    // The tangent of x minus its softmax-weighted mean over the row.
    forward: { t, _, y in t[0].map { $0 - (y.exp() * $0).sum(axis: 1, keepingDimensions: true) } })
}

/// The values of ``logSoftmaxRows(_:)``: each row of `columns` elements minus its maximum,
/// minus the log of the sum of the exponentials (a row with k tied +∞ gives −log k there and
/// −∞ elsewhere; NaN spreads to its row).
func logSoftmaxRowValues<T: TensorScalar>(_ values: [T], columns: Int) -> [T] {
  var out = [T](repeating: 0, count: values.count)
  guard columns > 0 else { return out }
  out.withUnsafeMutableBufferPointer { out in
    values.withUnsafeBufferPointer { values in
      for start in stride(from: 0, to: values.count, by: columns) {
        let row = UnsafeBufferPointer(rebasing: values[start..<(start + columns)])
        let destination = out.baseAddress! + start
        var largest = -T.infinity
        for v in row where v > largest || v.isNaN {
          largest = v
          if v.isNaN { break }
        }
        if largest == .infinity {
          let k = T(row.reduce(0) { $0 + ($1 == .infinity ? 1 : 0) })
          for j in 0..<columns { destination[j] = row[j] == .infinity ? -T.log(k) : -.infinity }
          continue
        }
        var total: T = 0
        for v in row { total += T.exp(v - largest) }
        let logTotal = T.log(total)
        for j in 0..<columns { destination[j] = (row[j] - largest) - logTotal }
      }
    }
  }
  return out
}
