extension Tensor {
  /// The shape after reducing `axes`: size 1 on them when keeping dimensions, else removed.
  private func reducedShape(_ axes: [Int], keeping: Bool) -> [Int] {
    keeping
      ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
      : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
  }

  /// The sum over `axes` (all axes when nil), optionally keeping them with size 1.
  /// The sum of no elements is 0. float32 sums accumulate in `Double` and round once, so a
  /// long sum does not drift (a float32 running sum of 10⁶ copies of 0.1 is 1 % off).
  /// Derivative: the upstream gradient broadcast back.
  /// - Parameters:
  ///   - axes: axes to reduce, negative counting from the end; nil reduces all.
  ///   - keepingDimensions: keep reduced axes with size 1 (PyTorch's `keepdim`); default false.
  /// - Precondition: the axes are in range and distinct.
  public func sum(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    let axes = Shape.normalize(axes: axes ?? Array(0..<rank), rank: rank, op: "sum", shape: shape)
    let kept = reducedShape(axes, keeping: true)
    let out: TensorStorage =
      switch storage {
      case .float32(let a):
        .float32(
          reduce(a, shape: shape, axes: axes, initial: 0.0) { $0 + Double($1) }.map(Float.init))
      case .float64(let a): .float64(reduce(a, shape: shape, axes: axes, initial: 0, +))
      }
    let resultShape = reducedShape(axes, keeping: keepingDimensions)
    return .result(
      out, shape: resultShape, op: "sum", inputs: [self],
      rule: { g, inputs, _ in [g.reshaped(kept).expanded(to: inputs[0].shape)] },
      forward: { t, _, _ in
        t[0].map { $0.sum(axes: axes, keepingDimensions: keepingDimensions) }
      })
  }

  /// The sum over one axis. See ``sum(axes:keepingDimensions:)``.
  public func sum(axis: Int, keepingDimensions: Bool = false) -> Tensor {
    sum(axes: [axis], keepingDimensions: keepingDimensions)
  }

  /// The arithmetic mean over `axes` (all when nil): the sum divided by the number of
  /// elements reduced. The mean of no elements is NaN (0/0), as in PyTorch and NumPy.
  /// Derivative: the upstream gradient broadcast back, divided by that number.
  /// - Precondition: the axes are in range and distinct.
  public func mean(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    let normalized = Shape.normalize(
      axes: axes ?? Array(0..<rank), rank: rank, op: "mean", shape: shape)
    let n = normalized.reduce(1) { $0 * shape[$1] }
    return sum(axes: normalized, keepingDimensions: keepingDimensions) / Double(n)
  }

  /// The mean over one axis. See ``mean(axes:keepingDimensions:)``.
  public func mean(axis: Int, keepingDimensions: Bool = false) -> Tensor {
    mean(axes: [axis], keepingDimensions: keepingDimensions)
  }

  /// The maximum over `axes` (all when nil), optionally keeping them with size 1; NaN if any
  /// reduced element is NaN. Shapes as ``sum(axes:keepingDimensions:)``.
  ///
  /// Derivative: the upstream gradient is split evenly among the positions that attain the
  /// maximum (as `torch.amax`, and `torch.max` without a dimension), so each output's
  /// gradients sum to its upstream gradient: max of [1, 3, 3] passes [0, ½, ½], of
  /// [2, 2, 2] passes ⅓ to each. (`torch.max(x, dim)`, which also returns indices, gives all
  /// of it to one position instead.) A slice holding NaN passes NaN.
  ///
  ///     Tensor([[1, 3, 3], [4, 0, 2]]).max(axis: 1)   // [3, 4]
  /// - Precondition: the axes are in range and distinct, and none of them has size 0.
  public func max(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    extremum("max", largest: true, axes: axes, keepingDimensions: keepingDimensions)
  }

  /// The maximum over one axis. See ``max(axes:keepingDimensions:)``.
  public func max(axis: Int, keepingDimensions: Bool = false) -> Tensor {
    extremum("max", largest: true, axes: [axis], keepingDimensions: keepingDimensions)
  }

  /// The minimum over `axes` (all when nil), optionally keeping them with size 1; NaN if any
  /// reduced element is NaN.
  ///
  /// Derivative: the upstream gradient is split evenly among the positions that attain the
  /// minimum (as `torch.amin`): min of [2, 1, 1] passes [0, ½, ½]. See
  /// ``max(axes:keepingDimensions:)``.
  /// - Precondition: the axes are in range and distinct, and none of them has size 0.
  public func min(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    extremum("min", largest: false, axes: axes, keepingDimensions: keepingDimensions)
  }

  /// The minimum over one axis. See ``min(axes:keepingDimensions:)``.
  public func min(axis: Int, keepingDimensions: Bool = false) -> Tensor {
    extremum("min", largest: false, axes: [axis], keepingDimensions: keepingDimensions)
  }

  /// The maximum over `axes`, named as PyTorch's `torch.amax`: the same values and the same
  /// even split of the gradient among ties as ``max(axes:keepingDimensions:)``.
  /// - Precondition: the axes are in range and distinct, and none of them has size 0.
  public func amax(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    extremum("amax", largest: true, axes: axes, keepingDimensions: keepingDimensions)
  }

  /// The maximum over one axis (`torch.amax(x, dim)`). See ``max(axes:keepingDimensions:)``.
  public func amax(axis: Int, keepingDimensions: Bool = false) -> Tensor {
    extremum("amax", largest: true, axes: [axis], keepingDimensions: keepingDimensions)
  }

  /// The minimum over `axes`, named as PyTorch's `torch.amin`: the same values and the same
  /// even split of the gradient among ties as ``min(axes:keepingDimensions:)``.
  /// - Precondition: the axes are in range and distinct, and none of them has size 0.
  public func amin(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
    extremum("amin", largest: false, axes: axes, keepingDimensions: keepingDimensions)
  }

  /// The minimum over one axis (`torch.amin(x, dim)`). See ``min(axes:keepingDimensions:)``.
  public func amin(axis: Int, keepingDimensions: Bool = false) -> Tensor {
    extremum("amin", largest: false, axes: [axis], keepingDimensions: keepingDimensions)
  }

  /// The maximum (`largest`) or minimum over `axes`, for `op`; its derivative splits the
  /// upstream gradient evenly among the positions that attain it.
  private func extremum(
    _ op: String, largest: Bool, axes: [Int]?, keepingDimensions: Bool
  ) -> Tensor {
    let axes = Shape.normalize(axes: axes ?? Array(0..<rank), rank: rank, op: op, shape: shape)
    precondition(
      axes.allSatisfy { shape[$0] > 0 },
      "\(op): cannot reduce an empty axis of shape \(shape); the \(largest ? "maximum" : "minimum")"
        + " of nothing is undefined")
    let kept = reducedShape(axes, keeping: true)
    // Once the accumulator is NaN it stays NaN: no comparison with NaN is true.
    func larger<T: TensorScalar>(_ acc: T, _ x: T) -> T { x > acc || x.isNaN ? x : acc }
    func smaller<T: TensorScalar>(_ acc: T, _ x: T) -> T { x < acc || x.isNaN ? x : acc }
    let out: TensorStorage =
      switch (storage, largest) {
      case (.float32(let a), true):
        .float32(reduce(a, shape: shape, axes: axes, initial: -.infinity, larger))
      case (.float32(let a), false):
        .float32(reduce(a, shape: shape, axes: axes, initial: .infinity, smaller))
      case (.float64(let a), true):
        .float64(reduce(a, shape: shape, axes: axes, initial: -.infinity, larger))
      case (.float64(let a), false):
        .float64(reduce(a, shape: shape, axes: axes, initial: .infinity, smaller))
      }
    let resultShape = reducedShape(axes, keeping: keepingDimensions)
    return .result(
      out, shape: resultShape, op: op, inputs: [self],
      rule: { g, inputs, y in
        let attains = inputs[0] .== y.reshaped(kept)
        let ties = attains.sum(axes: axes, keepingDimensions: true)
        return [g.reshaped(kept) * attains / ties]
      },
      // The transpose of the even split: the mean of the tangents over the tied positions.
      forward: { t, inputs, y in
        guard let dx = t[0] else { return nil }
        let attains = inputs[0] .== y.reshaped(kept)
        let ties = attains.sum(axes: axes, keepingDimensions: keepingDimensions)
        return (dx * attains).sum(axes: axes, keepingDimensions: keepingDimensions) / ties
      })
  }

  /// The index of the largest element along `axis` (the first one on ties; a NaN counts as
  /// largest), for each position of the other axes, in row-major order of those.
  /// For a matrix `[batch, classes]` and `axis: 1`, the predicted class of each row.
  /// - Precondition: `axis` is in range and its size is positive.
  public func argmax(axis: Int = -1) -> [Int] {
    let a = Shape.normalize(axis: axis, rank: rank, op: "argmax", shape: shape)
    let size = shape[a]
    precondition(size > 0, "argmax: axis \(axis) of shape \(shape) is empty")
    let inner = shape[(a + 1)...].reduce(1, *)
    let outer = shape[..<a].reduce(1, *)
    let x = scalars
    var result = [Int](repeating: 0, count: outer * inner)
    for o in 0..<outer {
      for i in 0..<inner {
        var best = 0
        var bestValue = x[o * size * inner + i]
        for k in 1..<Swift.max(size, 1) {
          let v = x[(o * size + k) * inner + i]
          if (v > bestValue || v.isNaN) && !bestValue.isNaN {
            best = k
            bestValue = v
          }
        }
        result[o * inner + i] = best
      }
    }
    return result
  }
}
