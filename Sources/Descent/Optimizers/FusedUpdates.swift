/// Single-pass versions of the optimizers' element-wise updates, for contiguous tensors of one
/// dtype: each reads and writes every buffer once instead of allocating a tensor per
/// arithmetic step. They compute the same expressions in the same order as the tensor-op
/// formulas they replace.

/// Adam's moment update and step for one parameter (see ``adamUpdate(_:gradient:learningRate:beta1:beta2:epsilon:amsgrad:)``):
/// the new m, v, v̂max and the amount to subtract, or nil when the tensors' dtypes differ.
func fusedAdamUpdate(
  gradient g: Tensor, firstMoment m0: Tensor?, secondMoment v0: Tensor?,
  maxSecondMoment maxV0: Tensor?, amsgrad: Bool, beta1: Double, beta2: Double,
  epsilon: Double, biasCorrection2Root: Double, stepSize: Double
) -> (m: Tensor, v: Tensor, maxV: Tensor?, update: Tensor)? {
  func run<T: TensorScalar>(
    _ g: [T], _ m0: [T]?, _ v0: [T]?, _ maxV0: [T]?
  ) -> ([T], [T], [T]?, [T]) {
    let n = g.count
    let b1 = T(beta1)
    let c1 = T(1 - beta1)
    let b2 = T(beta2)
    let c2 = T(1 - beta2)
    let root = T(biasCorrection2Root)
    let eps = T(epsilon)
    let size = T(stepSize)
    var m = [T](repeating: 0, count: n)
    var v = [T](repeating: 0, count: n)
    var maxV: [T]? = amsgrad ? [T](repeating: 0, count: n) : nil
    var update = [T](repeating: 0, count: n)
    for i in 0..<n {
      let gi = g[i]
      let mi = m0.map { $0[i] * b1 + gi * c1 } ?? gi * c1
      let vi = v0.map { $0[i] * b2 + gi * gi * c2 } ?? gi * gi * c2
      var denominatorSource = vi
      if amsgrad {
        let previous = maxV0?[i]
        let maximum = previous.map { Swift.max($0, vi) } ?? vi
        maxV![i] = maximum
        denominatorSource = maximum
      }
      m[i] = mi
      v[i] = vi
      update[i] = mi / (denominatorSource.squareRoot() / root + eps) * size
    }
    return (m, v, maxV, update)
  }
  let shape = g.shape
  switch (g.storage, m0?.storage, v0?.storage, maxV0?.storage) {
  case (.float32(let g), let m0, let v0, let maxV0):
    guard let m0f = optionalFloats(m0), let v0f = optionalFloats(v0),
      let maxf = optionalFloats(maxV0)
    else { return nil }
    let (m, v, maxV, update) = run(g, m0f.value, v0f.value, maxf.value)
    return (
      Tensor(storage: .float32(m), shape: shape), Tensor(storage: .float32(v), shape: shape),
      maxV.map { Tensor(storage: .float32($0), shape: shape) },
      Tensor(storage: .float32(update), shape: shape)
    )
  case (.float64(let g), let m0, let v0, let maxV0):
    guard let m0d = optionalDoubles(m0), let v0d = optionalDoubles(v0),
      let maxd = optionalDoubles(maxV0)
    else { return nil }
    let (m, v, maxV, update) = run(g, m0d.value, v0d.value, maxd.value)
    return (
      Tensor(storage: .float64(m), shape: shape), Tensor(storage: .float64(v), shape: shape),
      maxV.map { Tensor(storage: .float64($0), shape: shape) },
      Tensor(storage: .float64(update), shape: shape)
    )
  }
}

/// SGD with momentum's buffer update and step for one parameter (dampening τ, Nesterov or
/// not): the new parameter value and buffer, or nil when the dtypes differ.
func fusedMomentumUpdate(
  value p: Tensor, gradient g: Tensor, buffer b0: Tensor?, momentum: Double, dampening: Double,
  nesterov: Bool, learningRate: Double
) -> (value: Tensor, buffer: Tensor)? {
  func run<T: TensorScalar>(_ p: [T], _ g: [T], _ b0: [T]?) -> ([T], [T]) {
    let mu = T(momentum)
    let keep = T(1 - dampening)
    let rate = T(learningRate)
    var value = [T](repeating: 0, count: p.count)
    var buffer = [T](repeating: 0, count: p.count)
    for i in 0..<p.count {
      let gi = g[i]
      let bi = b0.map { dampening == 0 ? $0[i] * mu + gi : $0[i] * mu + gi * keep } ?? gi
      buffer[i] = bi
      let step = nesterov ? gi + bi * mu : bi
      value[i] = p[i] - step * rate
    }
    return (value, buffer)
  }
  let shape = p.shape
  switch (p.storage, g.storage, b0?.storage) {
  case (.float32(let p), .float32(let g), let b0):
    guard let buffer = optionalFloats(b0) else { return nil }
    let (value, b) = run(p, g, buffer.value)
    return (
      Tensor(storage: .float32(value), shape: shape), Tensor(storage: .float32(b), shape: shape)
    )
  case (.float64(let p), .float64(let g), let b0):
    guard let buffer = optionalDoubles(b0) else { return nil }
    let (value, b) = run(p, g, buffer.value)
    return (
      Tensor(storage: .float64(value), shape: shape), Tensor(storage: .float64(b), shape: shape)
    )
  default:
    return nil
  }
}

/// `.some(nil)` for no storage, `.some(floats)` for float32 storage, nil for float64.
private func optionalFloats(_ storage: TensorStorage?) -> (value: [Float]?, ())? {
  switch storage {
  case nil: return (nil, ())
  case .float32(let a): return (a, ())
  case .float64: return nil
  }
}

/// `.some(nil)` for no storage, `.some(doubles)` for float64 storage, nil for float32.
private func optionalDoubles(_ storage: TensorStorage?) -> (value: [Double]?, ())? {
  switch storage {
  case nil: return (nil, ())
  case .float64(let a): return (a, ())
  case .float32: return nil
  }
}
