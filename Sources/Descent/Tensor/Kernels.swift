import CDescentKernels

/// Tight loops over contiguous storage, generic over the element type and specialized by the
/// compiler for `Float` and `Double`. Ops dispatch on the dtype once, outside the loop.

/// The fewest elements an elementwise kernel hands to each thread (about 10 µs of work): below
/// twice this, a loop runs on the calling thread alone.
let elementwisePartSize = 1 << 15

/// Calls `body` with consecutive ranges that together cover `0..<count`, each exactly once,
/// on up to `threads` threads (the matrix product's pool): one range per thread, each at least
/// `minimumPerPart` long, or the whole of `0..<count` on the calling thread when it is too
/// short to split. Ranges run concurrently, so `body` must write only the elements of its own
/// range; work split this way gives the same result, bit for bit, for every thread count.
func forEachPart(
  count: Int, minimumPerPart: Int = elementwisePartSize, threads: Int? = nil,
  _ body: (Range<Int>) -> Void
) {
  guard count >= 2 * Swift.max(1, minimumPerPart) else {
    if count > 0 { body(0..<count) }
    return
  }
  let parts = Swift.min(threads ?? Threading.count, count / Swift.max(1, minimumPerPart))
  if parts <= 1 {
    body(0..<count)
    return
  }
  withoutActuallyEscaping(body) { body in
    var job = PartJob(count: count, parts: parts, body: body)
    withUnsafeMutablePointer(to: &job) { job in
      descent_parallel_for(
        parts, Int32(parts),
        { context, index in
          context!.assumingMemoryBound(to: PartJob.self).pointee.run(part: index)
        }, job)
    }
  }
}

/// One split loop of ``forEachPart(count:minimumPerPart:threads:_:)``: part `i` of `parts`
/// covers `count·i/parts ..< count·(i+1)/parts`, with the bounds between parts rounded down to
/// a multiple of 16 when parts are long (so that neighbouring parts share no cache line).
private struct PartJob {
  let count: Int
  let parts: Int
  let body: (Range<Int>) -> Void

  func bound(_ part: Int) -> Int {
    if part == parts { return count }
    let bound = count * part / parts
    return count / parts >= 1024 ? bound & ~15 : bound
  }

  func run(part: Int) {
    let (start, end) = (bound(part), bound(part + 1))
    if start < end { body(start..<end) }
  }
}

/// `[T]` of `count` elements, each written by `body(i)`.
///
/// Allocated (zeroed) first and then written through its buffer in this function's body,
/// like ``rowwiseMap(_:_:count:period:_:)``, so that `body` is inlined into the loop.
@inline(__always)
func makeArray<T: TensorScalar>(count: Int, _ body: (Int) -> T) -> [T] {
  var result = [T](repeating: 0, count: count)
  result.withUnsafeMutableBufferPointer { out in
    for i in 0..<count { out[i] = body(i) }
  }
  return result
}

/// Applies `f` elementwise to operands broadcast to `shape`.
@inline(__always)
func broadcastMap<T: TensorScalar>(
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
  // One operand repeated along the leading axes (a bias row added to every row of a batch):
  // rows of contiguous inner loops, which the compiler vectorizes.
  if aShape == shape, let period = repetitionPeriod(of: bShape, in: shape) {
    return rowwiseMap(a, b, count: count, period: period) { f($0, $1) }
  }
  if bShape == shape, let period = repetitionPeriod(of: aShape, in: shape) {
    return rowwiseMap(b, a, count: count, period: period) { f($1, $0) }
  }
  // One operand constant along the trailing axes (a row maximum subtracted from every element
  // of its row): runs of one value.
  if aShape == shape, let run = runLength(of: bShape, in: shape) {
    return runwiseMap(a, b, count: count, run: run) { f($0, $1) }
  }
  if bShape == shape, let run = runLength(of: aShape, in: shape) {
    return runwiseMap(b, a, count: count, run: run) { f($1, $0) }
  }
  let stridesA = Broadcasting.strides(of: aShape, broadcastTo: shape)
  let stridesB = Broadcasting.strides(of: bShape, broadcastTo: shape)
  var result = [T](repeating: 0, count: count)
  result.withUnsafeMutableBufferPointer { out in
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        forEachBroadcastOffset(shape: shape, stridesA: stridesA, stridesB: stridesB) { o, i, j in
          out[o] = f(pa[i], pb[j])
        }
      }
    }
  }
  return result
}

/// The length of the runs in which `operand` repeats each of its elements when broadcast to
/// `shape`: its shape is `shape`'s on the leading axes and 1 on the trailing ones (`[rows, 1]`
/// in `[rows, columns]` gives `columns`). nil for another pattern, or when the run is empty.
func runLength(of operand: [Int], in shape: [Int]) -> Int? {
  guard operand.count == shape.count else { return nil }
  var kept = operand.count
  while kept > 0, operand[kept - 1] == 1 { kept -= 1 }
  guard operand[..<kept].elementsEqual(shape[..<kept]) else { return nil }
  let run = Shape.count(Array(shape[kept...]))
  return run > 0 ? run : nil
}

/// `f(full[i], repeated[i / run])` for `i` in `0..<count`, run by run (written as
/// ``rowwiseMap(_:_:count:period:_:)`` is, so that `f` is inlined).
@inline(__always)
func runwiseMap<T: TensorScalar>(
  _ full: [T], _ repeated: [T], count: Int, run: Int, _ f: (T, T) -> T
) -> [T] {
  if count == 0 { return [] }
  var result = [T](repeating: 0, count: count)
  result.withUnsafeMutableBufferPointer { out in
    full.withUnsafeBufferPointer { pf in
      repeated.withUnsafeBufferPointer { pr in
        let (out, pf, pr) = (out.baseAddress!, pf.baseAddress!, pr.baseAddress!)
        var (start, index) = (0, 0)
        while start < count {
          let (row, source, value) = (out + start, pf + start, pr[index])
          for j in 0..<run { row[j] = f(source[j], value) }
          start += run
          index += 1
        }
      }
    }
  }
  return result
}

/// The number of elements of `operand` when its shape, leading 1s aside, is a suffix of
/// `shape` (so it repeats whole along the leading axes, every that many elements); nil
/// otherwise, or when that number is 0.
func repetitionPeriod(of operand: [Int], in shape: [Int]) -> Int? {
  let trailing = operand.drop { $0 == 1 }
  guard trailing.count <= shape.count, shape.suffix(trailing.count).elementsEqual(trailing)
  else { return nil }
  let period = Shape.count(Array(trailing))
  return period > 0 ? period : nil
}

/// `f(full[i], repeated[i % period])` for `i` in `0..<count`, row by row.
///
/// The result is allocated (zeroed) first and then written through its buffer, in this
/// function's own body: filled inside `Array(unsafeUninitializedCapacity:)`'s closure instead,
/// the loop is too large for the compiler to inline that initializer, and `f` then stays an
/// indirect call per element instead of a vectorized add.
@inline(__always)
func rowwiseMap<T: TensorScalar>(
  _ full: [T], _ repeated: [T], count: Int, period: Int, _ f: (T, T) -> T
) -> [T] {
  if count == 0 { return [] }
  var result = [T](repeating: 0, count: count)
  result.withUnsafeMutableBufferPointer { out in
    full.withUnsafeBufferPointer { pf in
      repeated.withUnsafeBufferPointer { pr in
        let (out, pf, pr) = (out.baseAddress!, pf.baseAddress!, pr.baseAddress!)
        var start = 0
        while start < count {
          let (row, source) = (out + start, pf + start)
          for j in 0..<period { row[j] = f(source[j], pr[j]) }
          start += period
        }
      }
    }
  }
  return result
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
  // Leading axes reduced (a bias gradient summed over the batch): each input row is folded
  // into the output row in turn, the order the general loop below takes too.
  if axes == Array(0..<axes.count) {
    let period = outCount
    out.withUnsafeMutableBufferPointer { po in
      x.withUnsafeBufferPointer { px in
        var start = 0
        while start < px.count {
          let row = px.baseAddress! + start
          for j in 0..<period { po[j] = combine(po[j], row[j]) }
          start += period
        }
      }
    }
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
/// `transposeA`), B is `[k, n]` (or `[n, k]`), C is `[m, n]`; `k == 0` gives zeros.
///
/// Runs the packed, cache-blocked kernels of `CDescentKernels` (AVX-512 or AVX2 with FMA when
/// the CPU has them, portable C otherwise), with C's rows or columns split across up to
/// `threads` threads for products of at least 2·64³ multiply-adds. Every element's sum is
/// taken in the same order whatever the split, so the result does not depend on `threads`.
/// - Parameters:
///   - threads: the most threads to use.
///   - isa: the instruction set, for tests (`DESCENT_ISA_BEST` picks the widest this CPU has).
func matrixProduct<T: TensorScalar>(
  _ a: [T], _ b: [T], m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool,
  threads: Int = Threading.count, isa: DescentISA = DESCENT_ISA_BEST
) -> [T] {
  precondition(a.count == m * k && b.count == k * n, "matrixProduct: operand sizes disagree")
  if m == 0 || n == 0 { return [] }
  let (ta, tb) = (Int32(transposeA ? 1 : 0), Int32(transposeB ? 1 : 0))
  let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
  let threads = Int32(clamping: threads)
  return [T](unsafeUninitializedCapacity: m * n) { c, initialized in
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        let (a, b) = (UnsafeRawPointer(pa.baseAddress), UnsafeRawPointer(pb.baseAddress))
        let c = UnsafeMutableRawPointer(c.baseAddress!)
        if T.self == Double.self {
          descent_gemm_f64(
            ta, tb, m, n, k, a?.assumingMemoryBound(to: Double.self), lda,
            b?.assumingMemoryBound(to: Double.self), ldb, c.assumingMemoryBound(to: Double.self),
            n, threads, isa)
        } else {
          descent_gemm_f32(
            ta, tb, m, n, k, a?.assumingMemoryBound(to: Float.self), lda,
            b?.assumingMemoryBound(to: Float.self), ldb, c.assumingMemoryBound(to: Float.self),
            n, threads, isa)
        }
      }
    }
    initialized = m * n
  }
}
