/// The singular value decomposition A = U Σ Vᵀ of a small dense matrix by one-sided Jacobi
/// rotations (Hestenes 1958; Golub & Van Loan, "Matrix Computations", 4th ed., §8.6.3;
/// Demmel & Veselić 1992 for its high relative accuracy).
///
/// Pairs of columns of B = A V are rotated until every pair is orthogonal to working precision
/// (|bᵢ·bⱼ| ≤ ε‖bᵢ‖‖bⱼ‖); then σᵢ = ‖bᵢ‖ and uᵢ = bᵢ/σᵢ. Columns of a rank-deficient A
/// end as exact or tiny zeros, so the null space comes out as columns of V. Used on the small
/// triangular factor R of the least-squares solvers (at most `featureCount` square), never on
/// the n × d data.
struct JacobiSVD {
  /// σᵢ = ‖bᵢ‖, in the order of the columns (not sorted); `columns` values.
  var singularValues: [Double]
  /// V, `columns × columns`, column-major: the right singular vectors.
  var v: [Double]
  /// B = A V = U Σ, `rows × columns`, column-major: orthogonal columns.
  var b: [Double]
  /// The number of columns.
  let columns: Int
  /// The number of rows.
  let rows: Int

  /// Decomposes the `rows × columns` column-major matrix `a`.
  /// - Parameter maxSweeps: sweeps over all pairs; 60 is far more than the 6 to 10 a matrix of
  ///   a few hundred columns needs.
  init(_ a: [Double], rows: Int, columns: Int, maxSweeps: Int = 60) {
    precondition(a.count == rows * columns, "JacobiSVD: \(a.count) values for \(rows) × \(columns)")
    self.rows = rows
    self.columns = columns
    b = a
    singularValues = []
    v = [Double](repeating: 0, count: columns * columns)
    for i in 0..<columns { v[i * columns + i] = 1 }
    let epsilon = Double.ulpOfOne
    b.withUnsafeMutableBufferPointer { bBuffer in
      v.withUnsafeMutableBufferPointer { vBuffer in
        guard let bBase = bBuffer.baseAddress, let vBase = vBuffer.baseAddress else { return }
        for _ in 0..<maxSweeps {
          var rotated = false
          for p in 0..<columns {
            for q in (p + 1)..<Swift.max(p + 1, columns) {
              let bp = bBase + p * rows
              let bq = bBase + q * rows
              let alpha = DenseKernels.dot(bp, bp, count: rows)
              let beta = DenseKernels.dot(bq, bq, count: rows)
              let gamma = DenseKernels.dot(bp, bq, count: rows)
              guard gamma != 0, Swift.abs(gamma) > epsilon * (alpha * beta).squareRoot() else {
                continue
              }
              rotated = true
              let zeta = (beta - alpha) / (2 * gamma)
              let t = (zeta >= 0 ? 1 : -1) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
              let c = 1 / (1 + t * t).squareRoot()
              let s = c * t
              Self.rotate(bp, bq, count: rows, c: c, s: s)
              Self.rotate(vBase + p * columns, vBase + q * columns, count: columns, c: c, s: s)
            }
          }
          if !rotated { break }
        }
      }
    }
    singularValues = (0..<columns).map { i in
      var s = 0.0
      for r in 0..<rows { s += b[i * rows + r] * b[i * rows + r] }
      return s.squareRoot()
    }
  }

  /// (x, y) ← (c x − s y, s x + c y).
  private static func rotate(
    _ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int,
    c: Double, s: Double
  ) {
    for r in 0..<count {
      let xr = x[r]
      let yr = y[r]
      x[r] = c * xr - s * yr
      y[r] = s * xr + c * yr
    }
  }

  /// The largest singular value, 0 for an empty matrix.
  var largest: Double { singularValues.max() ?? 0 }

  /// The minimum-norm least-squares solution x of A x ≈ c, treating σᵢ ≤ `tolerance` as 0:
  /// x = Σ_{σᵢ > tol} vᵢ (bᵢ · c) / σᵢ².
  /// - Parameter c: `[rows]`.
  /// - Returns: `[columns]`.
  func minimumNormSolution(_ c: [Double], tolerance: Double) -> [Double] {
    var x = [Double](repeating: 0, count: columns)
    for i in 0..<columns where singularValues[i] > tolerance {
      var projection = 0.0
      for r in 0..<rows { projection += b[i * rows + r] * c[r] }
      let factor = projection / (singularValues[i] * singularValues[i])
      for j in 0..<columns { x[j] += v[i * columns + j] * factor }
    }
    return x
  }

  /// The right singular vectors with σᵢ ≤ `tolerance`, a basis of the numerical null space.
  func nullVectors(tolerance: Double) -> [[Double]] {
    (0..<columns).filter { singularValues[$0] <= tolerance }.map {
      Array(v[($0 * columns)..<(($0 + 1) * columns)])
    }
  }
}
