extension Tensor {
  /// The matrix product of two 2-D tensors, `[m, k] · [k, n] → [m, n]`.
  ///
  /// Derivatives: ∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G, computed as transposed products without
  /// materializing a transpose, and only for operands that require gradients.
  /// - Precondition: both are 2-D and the inner sizes agree.
  public func matmul(_ other: Tensor) -> Tensor {
    Tensor.matmul(self, other)
  }

  /// op(A)·op(B), where op(X) is Xᵀ when asked: `transposeA` reads A `[k, m]` as `[m, k]`,
  /// `transposeB` reads B `[n, k]` as `[k, n]`; the result is `[m, n]`. Mixed dtypes promote.
  /// - Precondition: both are 2-D and the inner sizes of op(A) and op(B) agree.
  public static func matmul(
    _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
  ) -> Tensor {
    let describe = { (x: Tensor, t: Bool, name: String) in
      t ? "\(name)ᵀ of \(name) \(x.shape)" : "\(name) \(x.shape)"
    }
    precondition(
      a.rank == 2 && b.rank == 2,
      "matmul: needs two 2-D tensors, got \(describe(a, transposeA, "A")) and "
        + "\(describe(b, transposeB, "B")); reshape vectors to [1, n] or [n, 1]")
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    precondition(
      k == k2,
      "matmul: inner sizes differ: \(describe(a, transposeA, "A")) has \(k) columns but "
        + "\(describe(b, transposeB, "B")) has \(k2) rows")
    let dtype = DType.promoted(a.dtype, b.dtype)
    let a = a.converted(to: dtype)
    let b = b.converted(to: dtype)
    let out: TensorStorage =
      switch (a.storage, b.storage) {
      case (.float32(let x), .float32(let y)):
        .float32(
          matrixProduct(x, y, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB))
      case (.float64(let x), .float64(let y)):
        .float64(
          matrixProduct(x, y, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB))
      default: preconditionFailure("unreachable: operands promoted to one dtype")
      }
    return .result(
      out, shape: [m, n], op: "matmul", inputs: [a, b],
      rule: { g, inputs, _ in
        let (a, b) = (inputs[0], inputs[1])
        // With C = op(A)·op(B): ∂L/∂op(A) = G·op(B)ᵀ and ∂L/∂op(B) = op(A)ᵀ·G. An operand
        // without gradient tracking (a batch of inputs) gets none: its product is skipped.
        let da =
          !a.requiresGrad
          ? nil
          : transposeA
            ? matmul(b, g, transposeA: transposeB, transposeB: true)
            : matmul(g, b, transposeB: !transposeB)
        let db =
          !b.requiresGrad
          ? nil
          : transposeB
            ? matmul(g, a, transposeA: true, transposeB: transposeA)
            : matmul(a, g, transposeA: !transposeA)
        return [da, db]
      },
      // dC = op(dA)·op(B) + op(A)·op(dB): the product rule, op being linear.
      forward: { t, inputs, _ in
        let viaA = t[0].map {
          matmul($0, inputs[1], transposeA: transposeA, transposeB: transposeB)
        }
        let viaB = t[1].map {
          matmul(inputs[0], $0, transposeA: transposeA, transposeB: transposeB)
        }
        guard let viaA else { return viaB }
        return viaB.map { viaA + $0 } ?? viaA
      })
  }
}
