extension Tensor {
  /// The same values in `dtype`: widening is exact, narrowing rounds to nearest.
  /// Differentiable: the gradient is converted back to this tensor's dtype.
  public func converted(to dtype: DType) -> Tensor {
    if dtype == self.dtype { return self }
    return .result(
      storage.converted(to: dtype), shape: shape, op: "convert", inputs: [self],
      rule: { g, inputs, _ in [g.converted(to: inputs[0].dtype)] },
      forward: { t, _, _ in t[0]?.converted(to: dtype) })
  }
}
