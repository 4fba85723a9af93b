/// The eigenvalues of a real symmetric matrix, in increasing order, by the cyclic Jacobi
/// method: plane rotations zero the off-diagonal entries one at a time until they are
/// negligible (below 1e-15 of the matrix's size, or after 100 sweeps), and the diagonal is
/// left holding the eigenvalues. Accurate to a few ulps of the largest eigenvalue for the
/// small matrices (Hessians of a handful of variables) it is meant for; O(n³) per sweep.
///
///     symmetricEigenvalues([[4, 2], [2, 0]])   // [2 − 2√2, 2 + 2√2] ≈ [−0.828, 4.828]
///
/// Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §8.5.
/// - Precondition: `matrix` is square. Only its upper triangle is read (it is taken to be
///   symmetric).
public func symmetricEigenvalues(_ matrix: [[Double]]) -> [Double] {
  let n = matrix.count
  precondition(matrix.allSatisfy { $0.count == n }, "symmetricEigenvalues: matrix is not square")
  var a = matrix
  for i in 0..<n {
    for j in 0..<i { a[i][j] = a[j][i] }
  }
  let size = a.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }.squareRoot()
  for _ in 0..<100 {
    var offDiagonal = 0.0
    for i in 0..<n {
      for j in (i + 1)..<n { offDiagonal += a[i][j] * a[i][j] }
    }
    if offDiagonal.squareRoot() <= 1e-15 * size || !offDiagonal.isFinite { break }
    for p in 0..<n {
      for q in (p + 1)..<n where a[p][q] != 0 {
        // The rotation (c, s) that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
        let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
        let t = (theta >= 0 ? 1 : -1) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        for k in 0..<n {
          let akp = a[k][p]
          let akq = a[k][q]
          a[k][p] = c * akp - s * akq
          a[k][q] = s * akp + c * akq
        }
        for k in 0..<n {
          let apk = a[p][k]
          let aqk = a[q][k]
          a[p][k] = c * apk - s * aqk
          a[q][k] = s * apk + c * aqk
        }
      }
    }
  }
  return (0..<n).map { a[$0][$0] }.sorted()
}
