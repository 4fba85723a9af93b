/// The inner loops of the least-squares solvers, on contiguous `Double` buffers: dot products
/// and updates written with `SIMD4<Double>` accumulators, so that they vectorize without
/// fast-math (the compiler may not reassociate a floating-point sum on its own).
enum DenseKernels {
  /// x · y over `count` elements.
  @inline(__always)
  static func dot(
    _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int
  ) -> Double {
    var a0 = SIMD4<Double>.zero
    var a1 = SIMD4<Double>.zero
    var r = 0
    while r + 8 <= count {
      a0 += load(x + r) * load(y + r)
      a1 += load(x + r + 4) * load(y + r + 4)
      r += 8
    }
    var sum = (a0 + a1).sum()
    while r < count {
      sum += x[r] * y[r]
      r += 1
    }
    return sum
  }

  /// The four dot products v_i · c, i = 0…3, sharing the loads of `c`.
  @inline(__always)
  static func dot4(
    _ v0: UnsafePointer<Double>, _ v1: UnsafePointer<Double>, _ v2: UnsafePointer<Double>,
    _ v3: UnsafePointer<Double>, _ c: UnsafePointer<Double>, count: Int
  ) -> SIMD4<Double> {
    var a0 = SIMD4<Double>.zero
    var a1 = SIMD4<Double>.zero
    var a2 = SIMD4<Double>.zero
    var a3 = SIMD4<Double>.zero
    var r = 0
    while r + 4 <= count {
      let x = load(c + r)
      a0 += load(v0 + r) * x
      a1 += load(v1 + r) * x
      a2 += load(v2 + r) * x
      a3 += load(v3 + r) * x
      r += 4
    }
    var result = SIMD4(a0.sum(), a1.sum(), a2.sum(), a3.sum())
    while r < count {
      result += SIMD4(v0[r], v1[r], v2[r], v3[r]) * c[r]
      r += 1
    }
    return result
  }

  /// c ← c − (w₀v₀ + w₁v₁ + w₂v₂ + w₃v₃) over `count` elements.
  @inline(__always)
  static func subtract4(
    _ c: UnsafeMutablePointer<Double>, _ v0: UnsafePointer<Double>,
    _ v1: UnsafePointer<Double>, _ v2: UnsafePointer<Double>, _ v3: UnsafePointer<Double>,
    _ w: SIMD4<Double>, count: Int
  ) {
    let w0 = SIMD4(repeating: w[0])
    let w1 = SIMD4(repeating: w[1])
    let w2 = SIMD4(repeating: w[2])
    let w3 = SIMD4(repeating: w[3])
    var r = 0
    while r + 4 <= count {
      let update = load(v0 + r) * w0 + load(v1 + r) * w1 + load(v2 + r) * w2 + load(v3 + r) * w3
      store(load(c + r) - update, c + r)
      r += 4
    }
    while r < count {
      c[r] -= v0[r] * w[0] + v1[r] * w[1] + v2[r] * w[2] + v3[r] * w[3]
      r += 1
    }
  }

  /// c ← c − w·v over `count` elements.
  @inline(__always)
  static func subtract(
    _ c: UnsafeMutablePointer<Double>, _ v: UnsafePointer<Double>, _ w: Double, count: Int
  ) {
    for r in 0..<count { c[r] -= w * v[r] }
  }

  @inline(__always)
  static func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
  }

  @inline(__always)
  static func load(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
  }

  @inline(__always)
  static func store(_ value: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: value, as: SIMD4<Double>.self)
  }
}
