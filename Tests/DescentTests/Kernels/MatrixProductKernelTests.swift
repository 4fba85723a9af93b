import CDescentKernels
import Testing

@testable import Descent

/// The blocked, vectorized, threaded matrix product (`matrixProduct` over `CDescentKernels`)
/// against a naive product summed in `Double`, on every instruction set this CPU has.
///
/// Sizes stay small: the C kernels run unoptimized in debug builds.
@Suite("Matrix product kernels")
struct MatrixProductKernelTests {
  /// (m, k, n): single elements, sizes that are not multiples of any micro-tile (4×8, 6×16,
  /// 6×8, 8×32, 8×16), a k over the kernels' k-block of 256 (so block sums are added together), and
  /// 257 in each dimension.
  static let shapes: [(Int, Int, Int)] = [
    (1, 1, 1), (7, 7, 7), (1, 33, 65), (65, 33, 1), (33, 65, 7), (13, 300, 5), (25, 7, 70),
    (257, 9, 11), (9, 257, 11), (11, 9, 257), (12, 16, 32), (16, 20, 64),
  ]

  /// Each instruction set this CPU can run, once.
  static let instructionSets: [DescentISA] = {
    var seen: [DescentISA] = []
    for isa in [DESCENT_ISA_PORTABLE, DESCENT_ISA_AVX2, DESCENT_ISA_AVX512] {
      let resolved = descent_gemm_resolve_isa(isa)
      if !seen.contains(resolved) { seen.append(resolved) }
    }
    return seen
  }()

  /// `count` values uniform in [−1, 1) from `seed`.
  static func values(_ count: Int, seed: UInt64) -> [Double] {
    var rng = RandomGenerator(seed: seed)
    return (0..<count).map { _ in 2 * rng.nextUnitInterval() - 1 }
  }

  /// op(A)·op(B) summed in `Double`, and Σ_p |A(i, p)·B(p, j)| for the error bound.
  static func reference(
    _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool
  ) -> (product: [Double], magnitude: [Double]) {
    var product = [Double](repeating: 0, count: m * n)
    var magnitude = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        for p in 0..<k {
          let x = transposeA ? a[p * m + i] : a[i * k + p]
          let y = transposeB ? b[j * k + p] : b[p * n + j]
          product[i * n + j] += x * y
          magnitude[i * n + j] += Swift.abs(x * y)
        }
      }
    }
    return (product, magnitude)
  }

  /// Checks the kernel in `T` against the reference: each element within 2·k·u·Σ|a·b| (the
  /// classical bound k·u·Σ|a·b| for a sum of k products, doubled), u the unit roundoff of `T`.
  static func check<T: TensorScalar>(
    _: T.Type, m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool, isa: DescentISA
  ) {
    let a = values(m * k, seed: UInt64(m * 1000 + k))
    let b = values(k * n, seed: UInt64(n * 1000 + k + 7))
    let c = matrixProduct(
      a.map { T($0) }, b.map { T($0) }, m: m, k: k, n: n, transposeA: transposeA,
      transposeB: transposeB, threads: 1, isa: isa)
    // The reference sees the same (rounded) inputs.
    let (expected, magnitude) = reference(
      a.map { Double(T($0)) }, b.map { Double(T($0)) }, m: m, k: k, n: n,
      transposeA: transposeA, transposeB: transposeB)
    #expect(c.count == m * n)
    let u = Double(T.ulpOfOne) / 2
    for index in 0..<min(c.count, expected.count) {
      let bound = 2 * Double(k) * u * magnitude[index]
      let error = Swift.abs(Double(c[index]) - expected[index])
      if error > bound {
        Issue.record(
          """
          [\(m), \(k)]·[\(k), \(n)] (\(T.dtype), transposeA \(transposeA), \
          transposeB \(transposeB), isa \(isa.rawValue)): element \(index) is \(c[index]), \
          expected \(expected[index]) within \(bound)
          """)
        return
      }
    }
  }

  @Test(
    "float32 products match a Double reference for each transposition and instruction set",
    arguments: [false, true], [false, true])
  func float32(transposeA: Bool, transposeB: Bool) {
    for isa in Self.instructionSets {
      for (m, k, n) in Self.shapes {
        Self.check(
          Float.self, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, isa: isa)
      }
    }
  }

  @Test(
    "float64 products match a Double reference for each transposition and instruction set",
    arguments: [false, true], [false, true])
  func float64(transposeA: Bool, transposeB: Bool) {
    for isa in Self.instructionSets {
      for (m, k, n) in Self.shapes {
        Self.check(
          Double.self, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, isa: isa)
      }
    }
  }

  @Test("an inner size of 0 gives zeros on every instruction set", arguments: DType.allCases)
  func emptyInner(dtype: DType) {
    for isa in Self.instructionSets {
      switch dtype {
      case .float32:
        let c = matrixProduct(
          [Float](), [], m: 3, k: 0, n: 35, transposeA: false, transposeB: true, isa: isa)
        #expect(c == [Float](repeating: 0, count: 105))
      case .float64:
        let c = matrixProduct(
          [Double](), [], m: 35, k: 0, n: 3, transposeA: true, transposeB: false, isa: isa)
        #expect(c == [Double](repeating: 0, count: 105))
      }
    }
  }

  @Test("an empty result is empty")
  func emptyResult() {
    let c = matrixProduct(
      [Float](), [Float](repeating: 1, count: 12), m: 0, k: 4, n: 3, transposeA: false,
      transposeB: false)
    #expect(c.isEmpty)
  }

  /// (m, k, n) large enough to be split across 2 and 3 threads: by columns (n > m), by rows
  /// (m > n), with ragged last chunks and a k over one k-block.
  static let threadedShapes: [(Int, Int, Int)] = [(70, 300, 130), (130, 100, 70)]

  @Test(
    "products are bit-identical for 1, 2 and 3 threads",
    arguments: [false, true], [false, true])
  func threadCountIndependence(transposeA: Bool, transposeB: Bool) {
    for (m, k, n) in Self.threadedShapes {
      let a = Self.values(m * k, seed: 1)
      let b = Self.values(k * n, seed: 2)
      let (a32, b32) = (a.map(Float.init), b.map(Float.init))
      let single32 = matrixProduct(
        a32, b32, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, threads: 1)
      let single64 = matrixProduct(
        a, b, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, threads: 1)
      for threads in [2, 3] {
        let c32 = matrixProduct(
          a32, b32, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB,
          threads: threads)
        let c64 = matrixProduct(
          a, b, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB,
          threads: threads)
        // Compared as Bools, so a failure names the case without printing every element.
        let same32 = c32.map(\.bitPattern) == single32.map(\.bitPattern)
        let same64 = c64.map(\.bitPattern) == single64.map(\.bitPattern)
        #expect(same32, "float32 [\(m), \(k)]·[\(k), \(n)], \(threads) threads")
        #expect(same64, "float64 [\(m), \(k)]·[\(k), \(n)], \(threads) threads")
      }
    }
  }

  @Test("Threading.withCount overrides the thread count in its scope only")
  func scopedThreadCount() {
    let outside = Threading.count
    Threading.withCount(3) { #expect(Threading.count == 3) }
    #expect(Threading.count == outside)
    #expect(Threading.defaultCount >= 1)
  }
}
