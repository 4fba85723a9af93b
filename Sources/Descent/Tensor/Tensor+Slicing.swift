extension Tensor {
  /// The elements whose index along `axis` lies in `range`, all of the other axes kept
  /// (`torch.narrow(x, axis, range.lowerBound, range.count)`, or `x[:, 1:3]` for axis 1): shape
  /// is this one with `range.count` on `axis`. An empty range gives size 0 there.
  ///
  /// Derivative: the upstream gradient placed back where the slice came from, zero elsewhere
  /// (``padded(axis:before:after:)``).
  ///
  ///     Tensor([[1, 2, 3], [4, 5, 6]]).slice(axis: 1, 1..<3)   // [[2, 3], [5, 6]]
  /// - Precondition: this tensor is not a scalar, `axis` is in range (negative counts from the
  ///   end), and `range` lies within `0...shape[axis]`.
  public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
    precondition(rank > 0, "slice: cannot slice a scalar (shape [])")
    let a = Shape.normalize(axis: axis, rank: rank, op: "slice", shape: shape)
    let size = shape[a]
    precondition(
      range.lowerBound >= 0 && range.upperBound <= size,
      "slice: range \(range.lowerBound)..<\(range.upperBound) is out of bounds for axis \(axis) "
        + "of size \(size) in shape \(shape)")
    if range.count == size { return self }
    let outer = Shape.count(Array(shape[..<a]))
    let inner = Shape.count(Array(shape[(a + 1)...]))
    var newShape = shape
    newShape[a] = range.count
    func cut<T>(_ x: [T]) -> [T] {
      var out = [T]()
      out.reserveCapacity(outer * range.count * inner)
      for o in 0..<outer {
        let base = o * size * inner
        out.append(
          contentsOf: x[(base + range.lowerBound * inner)..<(base + range.upperBound * inner)])
      }
      return out
    }
    let out: TensorStorage =
      switch storage {
      case .float32(let x): .float32(cut(x))
      case .float64(let x): .float64(cut(x))
      }
    return .result(
      out, shape: newShape, op: "slice", inputs: [self],
      rule: { g, _, _ in
        [g.padded(axis: a, before: range.lowerBound, after: size - range.upperBound)]
      },
      forward: { t, _, _ in t[0]?.slice(axis: a, range) })
  }

  /// This tensor with `before` zeros ahead of it and `after` zeros behind it along `axis`
  /// (`torch.nn.functional.pad` with constant 0, on one axis): shape is this one with
  /// `before + shape[axis] + after` on `axis`. The adjoint of ``slice(axis:_:)``.
  ///
  /// Derivative: the slice of the upstream gradient where this tensor was placed.
  ///
  ///     Tensor([1, 2]).padded(axis: 0, before: 1, after: 2)   // [0, 1, 2, 0, 0]
  /// - Precondition: this tensor is not a scalar, `axis` is in range, and `before` and
  ///   `after` are ≥ 0.
  public func padded(axis: Int, before: Int, after: Int) -> Tensor {
    precondition(rank > 0, "padded: cannot pad a scalar (shape [])")
    let a = Shape.normalize(axis: axis, rank: rank, op: "padded", shape: shape)
    precondition(
      before >= 0 && after >= 0,
      "padded: negative padding (before \(before), after \(after)) for shape \(shape)")
    if before == 0 && after == 0 { return self }
    let size = shape[a]
    let outer = Shape.count(Array(shape[..<a]))
    let inner = Shape.count(Array(shape[(a + 1)...]))
    var newShape = shape
    newShape[a] = before + size + after
    func pad<T: TensorScalar>(_ x: [T]) -> [T] {
      var out = [T](repeating: 0, count: Shape.count(newShape))
      let block = size * inner
      for o in 0..<outer {
        let start = (o * newShape[a] + before) * inner
        out.replaceSubrange(start..<(start + block), with: x[(o * block)..<((o + 1) * block)])
      }
      return out
    }
    let out: TensorStorage =
      switch storage {
      case .float32(let x): .float32(pad(x))
      case .float64(let x): .float64(pad(x))
      }
    return .result(
      out, shape: newShape, op: "padded", inputs: [self],
      rule: { g, _, _ in [g.slice(axis: a, before..<(before + size))] },
      forward: { t, _, _ in t[0]?.padded(axis: a, before: before, after: after) })
  }
}
