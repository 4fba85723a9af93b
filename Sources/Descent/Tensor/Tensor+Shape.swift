extension Tensor {
  /// The same elements, in the same row-major order, with a new shape. One size may be −1,
  /// meaning whatever makes the counts agree. Derivative: the gradient reshaped back.
  /// - Precondition: the new shape has the same number of elements.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    var newShape = newShape
    if let inferred = newShape.firstIndex(of: -1) {
      let known = newShape.enumerated().reduce(1) { $1.offset == inferred ? $0 : $0 * $1.element }
      precondition(
        known > 0 && count % known == 0,
        "reshaped: cannot infer the −1 size of \(newShape) for \(count) elements of shape \(shape)")
      newShape[inferred] = count / known
    }
    precondition(
      newShape.allSatisfy { $0 >= 0 } && Shape.count(newShape) == count,
      "reshaped: shape \(shape) (\(count) elements) cannot become \(newShape)")
    if newShape == shape { return self }
    return .result(
      storage, shape: newShape, op: "reshape", inputs: [self],
      rule: { g, inputs, _ in [g.reshaped(inputs[0].shape)] },
      forward: { [newShape] t, _, _ in t[0]?.reshaped(newShape) })
  }

  /// The tensor with axes `axis0` and `axis1` swapped (by default the last two, so a matrix
  /// `[m, n]` becomes `[n, m]`). The result is contiguous. Derivative: the same swap.
  /// - Precondition: rank ≥ 2, or both axes given and in range.
  public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) -> Tensor {
    let i = Shape.normalize(axis: axis0, rank: rank, op: "transposed", shape: shape)
    let j = Shape.normalize(axis: axis1, rank: rank, op: "transposed", shape: shape)
    if i == j { return self }
    var newShape = shape
    newShape.swapAt(i, j)
    var sourceStrides = Shape.strides(shape)
    sourceStrides.swapAt(i, j)
    let zero = Array(repeating: 0, count: rank)
    func permute<T>(_ x: [T]) -> [T] {
      [T](unsafeUninitializedCapacity: x.count) { out, n in
        forEachBroadcastOffset(shape: newShape, stridesA: zero, stridesB: sourceStrides) {
          o, _, s in (out.baseAddress! + o).initialize(to: x[s])
        }
        n = x.count
      }
    }
    let out: TensorStorage =
      switch storage {
      case .float32(let a): .float32(permute(a))
      case .float64(let a): .float64(permute(a))
      }
    return .result(
      out, shape: newShape, op: "transpose", inputs: [self],
      rule: { g, _, _ in [g.transposed(i, j)] },
      forward: { t, _, _ in t[0]?.transposed(i, j) })
  }

  /// The tensor repeated along broadcast axes to `shape` (NumPy's `broadcast_to`, made
  /// contiguous). Derivative: the gradient summed back to this tensor's shape.
  /// - Precondition: this shape broadcasts to `shape`.
  public func expanded(to shape: [Int]) -> Tensor {
    if shape == self.shape { return self }
    precondition(
      Broadcasting.shape(self.shape, shape) == shape,
      "expanded(to:): shape \(self.shape) does not broadcast to \(shape)")
    let sourceStrides = Broadcasting.strides(of: self.shape, broadcastTo: shape)
    let zero = Array(repeating: 0, count: shape.count)
    let count = Shape.count(shape)
    func expand<T>(_ x: [T]) -> [T] {
      [T](unsafeUninitializedCapacity: count) { out, n in
        forEachBroadcastOffset(shape: shape, stridesA: zero, stridesB: sourceStrides) {
          o, _, s in (out.baseAddress! + o).initialize(to: x[s])
        }
        n = count
      }
    }
    let out: TensorStorage =
      switch storage {
      case .float32(let a): .float32(expand(a))
      case .float64(let a): .float64(expand(a))
      }
    // The engine sums the returned gradient back to the input's shape, and expands the
    // returned tangent to the output's.
    return .result(
      out, shape: shape, op: "expand", inputs: [self], rule: { g, _, _ in [g] },
      forward: { t, _, _ in t[0] })
  }

  /// The sum of this tensor over the axes along which `shape` was broadcast to its shape:
  /// the gradient of a broadcast operand. Derivative: the gradient expanded back.
  /// - Precondition: `shape` broadcasts to this tensor's shape.
  public func sumToShape(_ shape: [Int]) -> Tensor {
    if shape == self.shape { return self }
    precondition(
      Broadcasting.shape(shape, self.shape) == self.shape,
      "sumToShape: shape \(shape) does not broadcast to \(self.shape)")
    let axes = Broadcasting.reducedAxes(from: self.shape, to: shape)
    return sum(axes: axes, keepingDimensions: true).reshaped(shape)
  }
}
