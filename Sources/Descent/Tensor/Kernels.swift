import CDescentKernels
import Foundation

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
/// `transposeA`), B is `[k, n]` (or `[n, k]`), C is `[m, n]`; `k == 0` gives zeros.
///
/// Runs the packed, cache-blocked kernels of `CDescentKernels` (AVX-512 or AVX2 with FMA when
/// the CPU has them, portable C otherwise), with C's rows or columns split across up to
/// `threads` threads. Every element's sum is taken in the same order whatever the split, so
/// the result does not depend on `threads`.
/// - Parameters:
///   - threads: the most threads to use; products under ``minimumWorkPerThread`` multiply-adds
///     per thread use fewer.
///   - isa: the instruction set, for tests (`.best` picks the widest this CPU has).
func matrixProduct<T: TensorScalar>(
  _ a: [T], _ b: [T], m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool,
  threads: Int = Threading.count, isa: DescentISA = DESCENT_ISA_BEST
) -> [T] {
  precondition(a.count == m * k && b.count == k * n, "matrixProduct: operand sizes disagree")
  if m == 0 || n == 0 { return [] }
  return [T](unsafeUninitializedCapacity: m * n) { c, initialized in
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        let product = GEMM(
          a: UnsafeRawPointer(pa.baseAddress), b: UnsafeRawPointer(pb.baseAddress),
          c: UnsafeMutableRawPointer(c.baseAddress!), m: m, k: k, n: n,
          transposeA: transposeA, transposeB: transposeB, isDouble: T.self == Double.self,
          isa: isa)
        product.run(threads: threads)
      }
    }
    initialized = m * n
  }
}

/// Multiply-adds below which adding a thread costs more than it saves (measured: 64³).
let minimumWorkPerThread = 64 * 64 * 64

/// One call of the C product, split over threads by blocks of C's rows or columns.
///
/// `@unchecked Sendable` because it holds raw pointers: they stay valid for the whole of `run`
/// (which returns only when every thread is done), A and B are only read, and each thread
/// writes a disjoint block of C's rows or columns.
private struct GEMM: @unchecked Sendable {
  let a: UnsafeRawPointer?
  let b: UnsafeRawPointer?
  let c: UnsafeMutableRawPointer
  let m: Int, k: Int, n: Int
  let transposeA: Bool, transposeB: Bool
  let isDouble: Bool
  let isa: DescentISA

  /// Runs the product over `threads` threads at most: along the larger of m and n, in chunks
  /// of a multiple of 8 rows or 16 columns (whole micro-tiles for most kernels, and fine
  /// enough to balance the load). Where a chunk ends inside a micro-tile, that tile is computed
  /// as an edge tile, with the same arithmetic, so the split never changes a result.
  func run(threads: Int) {
    let work = m * n * max(k, 1)
    let parts = max(1, min(threads, work / minimumWorkPerThread))
    if parts == 1 {
      compute(rows: 0..<m, columns: 0..<n)
      return
    }
    let splitRows = m > n
    let extent = splitRows ? m : n
    let granule = splitRows ? 8 : 16
    let chunk = ((extent + parts - 1) / parts + granule - 1) / granule * granule
    let chunks = (extent + chunk - 1) / chunk
    DispatchQueue.concurrentPerform(iterations: chunks) { index in
      let range = (index * chunk)..<min(extent, (index + 1) * chunk)
      if splitRows {
        compute(rows: range, columns: 0..<n)
      } else {
        compute(rows: 0..<m, columns: range)
      }
    }
  }

  /// C[rows, columns] from the matching rows of op(A) and columns of op(B).
  private func compute(rows: Range<Int>, columns: Range<Int>) {
    let lda = transposeA ? m : k
    let ldb = transposeB ? k : n
    // Offsets of the first row of op(A) and first column of op(B), in elements.
    let aOffset = transposeA ? rows.lowerBound : rows.lowerBound * lda
    let bOffset = transposeB ? columns.lowerBound * ldb : columns.lowerBound
    let cOffset = rows.lowerBound * n + columns.lowerBound
    let (ta, tb) = (Int32(transposeA ? 1 : 0), Int32(transposeB ? 1 : 0))
    if isDouble {
      let a = a?.assumingMemoryBound(to: Double.self)
      let b = b?.assumingMemoryBound(to: Double.self)
      let c = c.assumingMemoryBound(to: Double.self)
      descent_gemm_f64(
        ta, tb, rows.count, columns.count, k, k == 0 ? nil : a! + aOffset, lda,
        k == 0 ? nil : b! + bOffset, ldb, c + cOffset, n, isa)
    } else {
      let a = a?.assumingMemoryBound(to: Float.self)
      let b = b?.assumingMemoryBound(to: Float.self)
      let c = c.assumingMemoryBound(to: Float.self)
      descent_gemm_f32(
        ta, tb, rows.count, columns.count, k, k == 0 ? nil : a! + aOffset, lda,
        k == 0 ? nil : b! + bOffset, ldb, c + cOffset, n, isa)
    }
  }
}
