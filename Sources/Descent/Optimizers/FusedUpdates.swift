/// Single-pass element-wise updates of the optimizers: each reads and writes every buffer once
/// instead of allocating a tensor per arithmetic step. State tensors are taken in the
/// gradient's dtype (they are created in it; a checkpoint could hold another).

/// Adam's moment update and step for one parameter with gradient `g` (weight decay already
/// applied as needed): the new m, v and v̂max (AMSGrad) and the amount to subtract,
///
///     m = β₁·m + (1 − β₁)·g,  v = β₂·v + (1 − β₂)·g²,  v̂max = max(v̂max, v)
///     update = m / (√(v or v̂max) / √(1 − β₂ᵗ) + ε) · stepSize,   stepSize = η / (1 − β₁ᵗ)
func fusedAdamUpdate(
  gradient g: Tensor, state: AdamState?, amsgrad: Bool, beta1: Double, beta2: Double,
  epsilon: Double, biasCorrection2Root: Double, stepSize: Double
) -> (m: Tensor, v: Tensor, maxV: Tensor?, update: Tensor) {
  func run<T: TensorScalar>(_ g: [T], _ m0: [T]?, _ v0: [T]?, _ maxV0: [T]?) -> (
    [T], [T], [T]?, [T]
  ) {
    let n = g.count
    let (b1, c1) = (T(beta1), T(1 - beta1))
    let (b2, c2) = (T(beta2), T(1 - beta2))
    let (root, eps, size) = (T(biasCorrection2Root), T(epsilon), T(stepSize))
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
        let maximum = maxV0.map { Swift.max($0[i], vi) } ?? vi
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
  let m0 = state?.firstMoment.storage.converted(to: g.dtype)
  let v0 = state?.secondMoment.storage.converted(to: g.dtype)
  let maxV0 = state?.maxSecondMoment?.storage.converted(to: g.dtype)
  switch g.storage {
  case .float32(let g):
    let (m, v, maxV, update) = run(g, m0?.floats, v0?.floats, maxV0?.floats)
    return (
      Tensor(storage: .float32(m), shape: shape), Tensor(storage: .float32(v), shape: shape),
      maxV.map { Tensor(storage: .float32($0), shape: shape) },
      Tensor(storage: .float32(update), shape: shape)
    )
  case .float64(let g):
    let (m, v, maxV, update) = run(g, m0?.doubles, v0?.doubles, maxV0?.doubles)
    return (
      Tensor(storage: .float64(m), shape: shape), Tensor(storage: .float64(v), shape: shape),
      maxV.map { Tensor(storage: .float64($0), shape: shape) },
      Tensor(storage: .float64(update), shape: shape)
    )
  }
}

/// SGD with momentum's buffer update and step for one parameter (dampening τ, Nesterov or
/// not): the new parameter value and buffer,
///
///     b = g (first step) or μ·b + (1 − τ)·g;   p ← p − η·(g + μ·b if Nesterov, else b)
func fusedMomentumUpdate(
  value p: Tensor, gradient g: Tensor, buffer b0: Tensor?, momentum: Double, dampening: Double,
  nesterov: Bool, learningRate: Double
) -> (value: Tensor, buffer: Tensor) {
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
  let gradient = g.storage.converted(to: p.dtype)
  let buffer = b0?.storage.converted(to: p.dtype)
  switch p.storage {
  case .float32(let p):
    let (value, b) = run(p, gradient.floats, buffer?.floats)
    return (
      Tensor(storage: .float32(value), shape: shape), Tensor(storage: .float32(b), shape: shape)
    )
  case .float64(let p):
    let (value, b) = run(p, gradient.doubles, buffer?.doubles)
    return (
      Tensor(storage: .float64(value), shape: shape), Tensor(storage: .float64(b), shape: shape)
    )
  }
}

extension TensorStorage {
  /// The elements of float32 storage (only called after a conversion to float32).
  fileprivate var floats: [Float] {
    guard case .float32(let a) = self else { preconditionFailure("float32 storage expected") }
    return a
  }
}
