/// Blocked Householder QR, in place on a column-major matrix (Golub & Van Loan, "Matrix
/// Computations", 4th ed., Algorithm 5.1.1 for one reflector, §5.2.3 and §5.1.7 for the
/// blocked form with the compact WY representation Q = I − V T Vᵀ; LAPACK xGEQRF, xLARFG,
/// xLARFT and xLARFB).
///
/// The columns are factored in panels of `blockSize`: each panel by plain Householder
/// reflections (xGEQR2), then its reflectors are gathered into V (unit lower trapezoidal) and
/// the upper triangular T, and applied to every column to the right at once as
/// C ← C − V (Tᵀ (Vᵀ C)). Both products run over blocks of 256 rows, so the block of V stays
/// in cache while every column of C passes by, and four reflectors share each load of C.
/// The trailing columns may include right-hand sides, which thereby receive Qᵀ y.
enum HouseholderQR {
  /// Rows per cache block in the trailing update.
  static let rowBlock = 256

  /// Factors columns `0..<factored` of the `rows × columns` column-major matrix `a` (leading
  /// dimension `rows`) as Q R, and applies Qᵀ to all its columns.
  ///
  /// Afterwards rows `0..<k` (k = min(rows, factored)) of columns `0..<factored` hold R (upper
  /// trapezoidal), the entries below its diagonal hold the reflectors (overwritten, of no
  /// further use), and columns `factored..<columns` hold Qᵀ C.
  /// - Precondition: `a.count == rows * columns`, `factored <= columns`.
  static func factor(
    _ a: inout [Double], rows m: Int, columns p: Int, factored q: Int, blockSize: Int = 32
  ) {
    precondition(a.count == m * p && q <= p, "HouseholderQR: \(a.count) values for \(m) × \(p)")
    let k = Swift.min(m, q)
    a.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      var j0 = 0
      while j0 < k {
        let b = Swift.min(blockSize, k - j0)
        let tau = factorPanel(base, rows: m, from: j0, width: b)
        if j0 + b < p {
          applyPanel(base, rows: m, from: j0, width: b, tau: tau, through: p)
        }
        j0 += b
      }
    }
  }

  /// Unblocked Householder QR of columns `j0..<j0 + width` (rows `j0..<m`), returning the τ of
  /// each reflector H = I − τ v vᵀ, v₀ = 1 (xLARFG: τ = 0 when the column is already zero below
  /// the diagonal).
  private static func factorPanel(
    _ a: UnsafeMutablePointer<Double>, rows m: Int, from j0: Int, width: Int
  ) -> [Double] {
    var tau = [Double](repeating: 0, count: width)
    for i in 0..<width {
      let j = j0 + i
      let column = a + j * m
      let alpha = column[j]
      let tailSquared = DenseKernels.dot(column + j + 1, column + j + 1, count: m - j - 1)
      guard tailSquared > 0 else { continue }
      let beta = -(alpha * alpha + tailSquared).squareRoot() * (alpha >= 0 ? 1 : -1)
      tau[i] = (beta - alpha) / beta
      let scale = 1 / (alpha - beta)
      for r in (j + 1)..<m { column[r] *= scale }
      column[j] = 1
      for c in (j + 1)..<(j0 + width) {
        let other = a + c * m
        let s = DenseKernels.dot(column + j, other + j, count: m - j)
        DenseKernels.subtract(other + j, column + j, tau[i] * s, count: m - j)
      }
      column[j] = beta
    }
    return tau
  }

  /// Applies Qᵀ = I − V Tᵀ Vᵀ of the panel at `j0` to columns `j0 + width..<p`.
  private static func applyPanel(
    _ a: UnsafeMutablePointer<Double>, rows m: Int, from j0: Int, width b: Int, tau: [Double],
    through p: Int
  ) {
    let rows = m - j0
    // V, explicit: column i is 0 above row i, 1 at row i, the stored reflector below.
    var v = [Double](repeating: 0, count: rows * b)
    // T, upper triangular b × b, column-major (xLARFT, forward, columnwise).
    var t = [Double](repeating: 0, count: b * b)
    v.withUnsafeMutableBufferPointer { vBuffer in
      guard let vBase = vBuffer.baseAddress else { return }
      for i in 0..<b {
        let source = a + (j0 + i) * m + j0
        let target = vBase + i * rows
        target[i] = 1
        for r in (i + 1)..<Swift.max(i + 1, rows) { target[r] = source[r] }
      }
      for i in 0..<b {
        t[i * b + i] = tau[i]
        guard tau[i] != 0 else { continue }
        var z = [Double](repeating: 0, count: i)
        for l in 0..<i {
          z[l] =
            -tau[i] * DenseKernels.dot(vBase + l * rows + i, vBase + i * rows + i, count: rows - i)
        }
        for l in 0..<i {
          var s = 0.0
          for h in l..<i { s += t[h * b + l] * z[h] }
          t[i * b + l] = s
        }
      }

      let trailing = p - j0 - b
      var w = [Double](repeating: 0, count: b * trailing)
      w.withUnsafeMutableBufferPointer { wBuffer in
        guard let wBase = wBuffer.baseAddress else { return }
        // W = Vᵀ C, by blocks of rows.
        var start = 0
        while start < rows {
          let count = Swift.min(rowBlock, rows - start)
          for c in 0..<trailing {
            let column = a + (j0 + b + c) * m + j0 + start
            let wc = wBase + c * b
            var i = 0
            while i + 4 <= b {
              let row = vBase + i * rows + start
              let d = DenseKernels.dot4(
                row, row + rows, row + 2 * rows, row + 3 * rows, column, count: count)
              wc[i] += d[0]
              wc[i + 1] += d[1]
              wc[i + 2] += d[2]
              wc[i + 3] += d[3]
              i += 4
            }
            while i < b {
              wc[i] += DenseKernels.dot(vBase + i * rows + start, column, count: count)
              i += 1
            }
          }
          start += count
        }
        // W ← Tᵀ W, column by column; descending i reads only entries not yet overwritten.
        for c in 0..<trailing {
          let wc = wBase + c * b
          for i in stride(from: b - 1, through: 0, by: -1) {
            var s = 0.0
            for l in 0...i { s += t[i * b + l] * wc[l] }
            wc[i] = s
          }
        }
        // C ← C − V W, by blocks of rows.
        start = 0
        while start < rows {
          let count = Swift.min(rowBlock, rows - start)
          for c in 0..<trailing {
            let column = a + (j0 + b + c) * m + j0 + start
            let wc = wBase + c * b
            var i = 0
            while i + 4 <= b {
              let row = vBase + i * rows + start
              DenseKernels.subtract4(
                column, row, row + rows, row + 2 * rows, row + 3 * rows,
                SIMD4(wc[i], wc[i + 1], wc[i + 2], wc[i + 3]), count: count)
              i += 4
            }
            while i < b {
              DenseKernels.subtract(column, vBase + i * rows + start, wc[i], count: count)
              i += 1
            }
          }
          start += count
        }
      }
    }
  }
}
