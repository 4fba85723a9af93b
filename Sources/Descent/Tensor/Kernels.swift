/// Tight loops over contiguous storage, generic over the element type and specialized by the
/// compiler for `Float` and `Double`. Ops dispatch on the dtype once, outside the loop.

/// `[T]` of `count` elements, each written by `body(i)`.
@inline(__always)
func makeArray<T>(count: Int, _ body: (Int) -> T) -> [T] {
  [T](unsafeUninitializedCapacity: count) { buffer, initialized in
    for i in 0..<count { (buffer.baseAddress! + i).initialize(to: body(i)) }
    initialized = count
  }
}

/// Applies `f` elementwise to operands broadcast to `shape`.
@inline(__always)
func broadcastMap<T>(
  _ a: [T], _ aShape: [Int], _ b: [T], _ bShape: [Int], to shape: [Int], _ f: (T, T) -> T
) -> [T] {
  let count = Shape.count(shape)
  if aShape == bShape {
    return a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in makeArray(count: count) { f(pa[$0], pb[$0]) } }
    }
  }
  if b.count == 1 {
    let s = b[0]
    return a.withUnsafeBufferPointer { pa in makeArray(count: count) { f(pa[$0], s) } }
  }
  if a.count == 1 {
    let s = a[0]
    return b.withUnsafeBufferPointer { pb in makeArray(count: count) { f(s, pb[$0]) } }
  }
  let stridesA = Broadcasting.strides(of: aShape, broadcastTo: shape)
  let stridesB = Broadcasting.strides(of: bShape, broadcastTo: shape)
  return [T](unsafeUninitializedCapacity: count) { out, initialized in
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        forEachBroadcastOffset(shape: shape, stridesA: stridesA, stridesB: stridesB) { o, i, j in
          (out.baseAddress! + o).initialize(to: f(pa[i], pb[j]))
        }
      }
    }
    initialized = count
  }
}

/// Reduces `x` of `shape` over `axes` (normalized, sorted) into the kept-dimension shape,
/// starting each output from `initial` and folding each element in with `combine`. The
/// accumulator type `A` may be wider than the element type `T` (float32 sums accumulate in
/// `Double`).
@inline(__always)
func reduce<T, A>(
  _ x: [T], shape: [Int], axes: [Int], initial: A, _ combine: (A, T) -> A
) -> [A] {
  var keptShape = shape
  for axis in axes { keptShape[axis] = 1 }
  let outCount = Shape.count(keptShape)
  var out = [A](repeating: initial, count: outCount)
  if x.isEmpty { return out }
  if outCount == 1 {
    var acc = initial
    for v in x { acc = combine(acc, v) }
    out[0] = acc
    return out
  }
  let outStrides = Broadcasting.strides(of: keptShape, broadcastTo: shape)
  let inStrides = Shape.strides(shape)
  out.withUnsafeMutableBufferPointer { po in
    x.withUnsafeBufferPointer { px in
      forEachBroadcastOffset(shape: shape, stridesA: outStrides, stridesB: inStrides) { _, o, i in
        po[o] = combine(po[o], px[i])
      }
    }
  }
  return out
}

/// C = op(A)·op(B), where op transposes when asked; A is `[m, k]` (or `[k, m]` when
/// `transposeA`), B is `[k, n]` (or `[n, k]`), C is `[m, n]`.
func matrixProduct<T: TensorScalar>(
  _ a: [T], _ b: [T], m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool
) -> [T] {
  var c = [T](repeating: 0, count: m * n)
  a.withUnsafeBufferPointer { pa in
    b.withUnsafeBufferPointer { pb in
      c.withUnsafeMutableBufferPointer { pc in
        switch (transposeA, transposeB) {
        case (false, false):
          for i in 0..<m {
            let row = pc.baseAddress! + i * n
            for p in 0..<k {
              let aip = pa[i * k + p]
              let bRow = pb.baseAddress! + p * n
              for j in 0..<n { row[j] += aip * bRow[j] }
            }
          }
        case (false, true):
          for i in 0..<m {
            let aRow = pa.baseAddress! + i * k
            for j in 0..<n {
              let bRow = pb.baseAddress! + j * k
              var sum: T = 0
              for p in 0..<k { sum += aRow[p] * bRow[p] }
              pc[i * n + j] = sum
            }
          }
        case (true, false):
          for p in 0..<k {
            let aRow = pa.baseAddress! + p * m
            let bRow = pb.baseAddress! + p * n
            for i in 0..<m {
              let api = aRow[i]
              let row = pc.baseAddress! + i * n
              for j in 0..<n { row[j] += api * bRow[j] }
            }
          }
        case (true, true):
          for i in 0..<m {
            for j in 0..<n {
              var sum: T = 0
              for p in 0..<k { sum += pa[p * m + i] * pb[j * k + p] }
              pc[i * n + j] = sum
            }
          }
        }
      }
    }
  }
  return c
}
