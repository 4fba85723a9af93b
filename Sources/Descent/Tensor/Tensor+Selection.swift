extension Tensor {
  /// Elementwise choice: `a` where `condition` is nonzero, `b` elsewhere, broadcasting all
  /// three (as `torch.where`). Unlike `condition * a + (1 − condition) * b`, an infinite or NaN
  /// value in the branch not taken does not leak into the result or its gradient.
  ///
  /// Derivatives: the upstream gradient goes to `a` where the condition holds and to `b`
  /// elsewhere; `condition` gets none.
  /// - Precondition: the three shapes broadcast together.
  public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    guard let ab = Broadcasting.shape(a.shape, b.shape),
      let shape = Broadcasting.shape(condition.shape, ab)
    else {
      preconditionFailure(
        "where: condition \(condition.shape), a \(a.shape) and b \(b.shape) do not broadcast")
    }
    let dtype = DType.promoted(a.dtype, b.dtype)
    let a = a.converted(to: dtype)
    let b = b.converted(to: dtype)
    let mask = condition.scalars
    let maskStrides = Broadcasting.strides(of: condition.shape, broadcastTo: shape)
    func select<T: TensorScalar>(_ x: [T], _ y: [T]) -> [T] {
      let xs = Broadcasting.strides(of: a.shape, broadcastTo: shape)
      let ys = Broadcasting.strides(of: b.shape, broadcastTo: shape)
      // Pick per output element: walk (mask, x) and (mask, y) offsets together.
      var xOffsets = [Int](repeating: 0, count: Shape.count(shape))
      var yOffsets = xOffsets
      var mOffsets = xOffsets
      forEachBroadcastOffset(shape: shape, stridesA: maskStrides, stridesB: xs) { o, m, i in
        mOffsets[o] = m
        xOffsets[o] = i
      }
      forEachBroadcastOffset(shape: shape, stridesA: maskStrides, stridesB: ys) { o, _, j in
        yOffsets[o] = j
      }
      return makeArray(count: mOffsets.count) { o in
        mask[mOffsets[o]] != 0 ? x[xOffsets[o]] : y[yOffsets[o]]
      }
    }
    let out: TensorStorage =
      switch (a.storage, b.storage) {
      case (.float32(let x), .float32(let y)): .float32(select(x, y))
      case (.float64(let x), .float64(let y)): .float64(select(x, y))
      default: preconditionFailure("unreachable: operands promoted to one dtype")
      }
    let condition = condition.detached()
    return .result(
      out, shape: shape, op: "where", inputs: [a, b],
      rule: { g, _, _ in
        let zero = Tensor.zeros(shape: [], dtype: g.dtype)
        return [Tensor.where(condition, g, zero), Tensor.where(condition, zero, g)]
      },
      forward: { t, _, _ in
        guard t[0] != nil || t[1] != nil else { return nil }
        let zero = Tensor.zeros(shape: [], dtype: dtype)
        return Tensor.where(condition, t[0] ?? zero, t[1] ?? zero)
      })
  }
}
