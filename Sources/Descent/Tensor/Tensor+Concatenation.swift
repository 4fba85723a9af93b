extension Tensor {
  /// The tensors joined end to end along an existing `axis` (`torch.cat`), in the widest of
  /// their dtypes.
  ///
  /// Shapes: every tensor has the same rank and the same sizes on every axis but `axis`; the
  /// result's size on `axis` is the sum of theirs. `[2, 3]` and `[4, 3]` along axis 0 give
  /// `[6, 3]`; `[2, 3]` and `[2, 1]` along axis 1 (or −1) give `[2, 4]`. Tensors of size 0 on
  /// `axis` are allowed and contribute nothing.
  ///
  /// Derivative: each tensor gets its own slice of the upstream gradient (``slice(axis:_:)``).
  ///
  ///     Tensor.concatenate([Tensor([1, 2]), Tensor([3])])   // [1, 2, 3]
  /// - Precondition: `tensors` is not empty, none is a scalar, `axis` is in range
  ///   (−rank..<rank), and the shapes agree off `axis`.
  public static func concatenate(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    guard let first = tensors.first else {
      preconditionFailure("concatenate: needs at least one tensor, got an empty list")
    }
    precondition(
      first.rank > 0,
      "concatenate: cannot concatenate scalars (shape []); use stack to give them an axis")
    let a = Shape.normalize(axis: axis, rank: first.rank, op: "concatenate", shape: first.shape)
    for (i, t) in tensors.enumerated() {
      let fits =
        t.rank == first.rank
        && (0..<t.rank).allSatisfy { $0 == a || t.shape[$0] == first.shape[$0] }
      precondition(
        fits,
        "concatenate: tensor 0 has shape \(first.shape) and tensor \(i) has shape \(t.shape); "
          + "all sizes but those on axis \(axis) must agree")
    }
    let dtype = tensors.reduce(first.dtype) { DType.promoted($0, $1.dtype) }
    let inputs = tensors.map { $0.converted(to: dtype) }
    if inputs.count == 1 { return inputs[0] }

    let sizes = inputs.map { $0.shape[a] }
    let outer = Shape.count(Array(first.shape[..<a]))
    let inner = Shape.count(Array(first.shape[(a + 1)...]))
    var shape = first.shape
    shape[a] = sizes.reduce(0, +)
    let total = Shape.count(shape)
    // Row-major: for each index of the axes before `axis`, each tensor's block in turn.
    func join<T>(_ parts: [[T]]) -> [T] {
      var out = [T]()
      out.reserveCapacity(total)
      for o in 0..<outer {
        for (part, size) in zip(parts, sizes) {
          let block = size * inner
          out.append(contentsOf: part[(o * block)..<((o + 1) * block)])
        }
      }
      return out
    }
    let out: TensorStorage =
      switch dtype {
      case .float32:
        .float32(join(inputs.map { if case .float32(let x) = $0.storage { x } else { [] } }))
      case .float64:
        .float64(join(inputs.map { if case .float64(let x) = $0.storage { x } else { [] } }))
      }
    return .result(
      out, shape: shape, op: "concatenate", inputs: inputs,
      rule: { g, _, _ in
        var start = 0
        return sizes.map { size in
          defer { start += size }
          return g.slice(axis: a, start..<(start + size))
        }
      },
      forward: { t, inputs, _ in
        let parts = zip(t, inputs).map { dx, x in dx ?? Tensor.zeros(shape: x.shape, dtype: dtype) }
        return concatenate(parts, axis: a)
      })
  }

  /// The tensors, all of one shape, joined along a new `axis` (`torch.stack`), in the widest
  /// of their dtypes: n tensors of shape `[2, 3]` give `[n, 2, 3]` along axis 0, `[2, n, 3]`
  /// along axis 1 and `[2, 3, n]` along axis 2 (or −1). Scalars stack into a vector.
  ///
  /// Derivative: each tensor gets its slice of the upstream gradient, reshaped back (it is
  /// ``concatenate(_:axis:)`` of the tensors reshaped to have size 1 on `axis`).
  ///
  ///     Tensor.stack([Tensor([1, 2]), Tensor([3, 4])])   // [[1, 2], [3, 4]], shape [2, 2]
  /// - Precondition: `tensors` is not empty, their shapes are equal, and `axis` is in
  ///   −(rank + 1)...rank, where rank is theirs.
  public static func stack(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
    guard let first = tensors.first else {
      preconditionFailure("stack: needs at least one tensor, got an empty list")
    }
    let rank = first.rank + 1
    let a = axis < 0 ? axis + rank : axis
    precondition(
      a >= 0 && a < rank,
      "stack: axis \(axis) is out of range for stacking tensors of shape \(first.shape) "
        + "(the new axis must be in \(-rank)...\(rank - 1))")
    for (i, t) in tensors.enumerated() where t.shape != first.shape {
      preconditionFailure(
        "stack: tensor 0 has shape \(first.shape) and tensor \(i) has shape \(t.shape); "
          + "stacked tensors must have equal shapes")
    }
    var shape = first.shape
    shape.insert(1, at: a)
    return concatenate(tensors.map { $0.reshaped(shape) }, axis: a)
  }
}
