extension Tensor {
  /// The rows (slices along axis 0) at `indices`, in that order, repeats allowed: shape
  /// `[indices.count] + shape[1...]`. Selects a mini-batch (PyTorch's `index_select(0, …)`).
  /// Derivative: the upstream rows added back at their indices.
  /// - Precondition: rank ≥ 1 and every index is in `0..<shape[0]`.
  public func gatherRows(_ indices: [Int]) -> Tensor {
    precondition(rank >= 1, "gatherRows: needs rank ≥ 1, got a scalar")
    let rows = shape[0]
    let width = rows == 0 ? 0 : count / rows
    for i in indices {
      precondition(i >= 0 && i < rows, "gatherRows: index \(i) out of range for shape \(shape)")
    }
    func gather<T>(_ x: [T]) -> [T] {
      var out = [T]()
      out.reserveCapacity(indices.count * width)
      for i in indices { out.append(contentsOf: x[(i * width)..<((i + 1) * width)]) }
      return out
    }
    let out: TensorStorage =
      switch storage {
      case .float32(let a): .float32(gather(a))
      case .float64(let a): .float64(gather(a))
      }
    let newShape = [indices.count] + shape.dropFirst()
    return .result(
      out, shape: newShape, op: "gatherRows", inputs: [self],
      rule: { g, inputs, _ in [g.scatterAddRows(indices, rowCount: inputs[0].shape[0])] },
      forward: { t, _, _ in t[0]?.gatherRows(indices) })
  }

  /// A tensor of `rowCount` rows, zero except that row `indices[r]` accumulates this tensor's
  /// row `r`: the adjoint of ``gatherRows(_:)``. Derivative: the upstream rows gathered.
  /// - Precondition: `shape[0] == indices.count` and every index is in `0..<rowCount`.
  public func scatterAddRows(_ indices: [Int], rowCount: Int) -> Tensor {
    precondition(
      rank >= 1 && shape[0] == indices.count,
      "scatterAddRows: \(indices.count) indices for shape \(shape)")
    let width = Shape.count(Array(shape.dropFirst()))
    func scatter<T: TensorScalar>(_ x: [T]) -> [T] {
      var out = [T](repeating: 0, count: rowCount * width)
      for (r, i) in indices.enumerated() {
        precondition(i >= 0 && i < rowCount, "scatterAddRows: index \(i) out of 0..<\(rowCount)")
        for c in 0..<width { out[i * width + c] += x[r * width + c] }
      }
      return out
    }
    let out: TensorStorage =
      switch storage {
      case .float32(let a): .float32(scatter(a))
      case .float64(let a): .float64(scatter(a))
      }
    let newShape = [rowCount] + shape.dropFirst()
    return .result(
      out, shape: newShape, op: "scatterAddRows", inputs: [self],
      rule: { g, _, _ in [g.gatherRows(indices)] },
      forward: { t, _, _ in t[0]?.scatterAddRows(indices, rowCount: rowCount) })
  }

  /// One-hot rows: `[labels.count, classCount]`, 1 at `[i, labels[i]]` and 0 elsewhere.
  /// - Precondition: every label is in `0..<classCount`.
  public static func oneHot(_ labels: [Int], classCount: Int, dtype: DType = .float32) -> Tensor {
    var values = [Double](repeating: 0, count: labels.count * classCount)
    for (i, label) in labels.enumerated() {
      precondition(
        label >= 0 && label < classCount,
        "oneHot: label \(label) at position \(i) is not in 0..<\(classCount)")
      values[i * classCount + label] = 1
    }
    return Tensor(values, shape: [labels.count, classCount], dtype: dtype)
  }
}
