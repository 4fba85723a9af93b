/// Ordinary least squares, optionally with a ridge (L2) penalty, fitted in float64:
///
///     minimize over w, b   ‖Y − X w − 1 bᵀ‖²_F + λ ‖w‖²_F
///
/// scikit-learn's `LinearRegression` (λ = 0) and `Ridge` (λ = `ridge`): raw coefficients, the
/// intercept b never penalized. With `fitsIntercept` the data are centered first (X − x̄,
/// Y − ȳ), w is fitted to the centered data, and b = ȳ − x̄ᵀw.
///
/// Solvers (`solver`):
/// - `.qr` (default): Householder QR of the centered X (blocked, see `HouseholderQR`), then
///   an SVD of the small d × d factor R by one-sided Jacobi. The rank is the number of singular
///   values above ε · max(n, d) · σ_max (LAPACK's and NumPy's default cutoff, xGELSD), and a
///   rank-deficient X (identical or constant columns, more features than rows) gets the
///   minimum-norm solution with a note naming the columns, as xGELSY / xGELSD give. A ridge
///   penalty appends √λ·I below X. Cost about 2nd² flops.
/// - `.normalEquations`: XᵀX w = Xᵀy (plus λI) by Cholesky. About half the cost of QR, but it
///   squares the condition number, so it throws `RegressionError.singularNormalEquations` or
///   `.illConditionedNormalEquations` where QR would still answer.
/// - `.gradientDescent(options)`: full-batch gradient descent on the MSE (see
///   `GradientDescentOptions`), reporting its iterations and loss history.
///
/// Shapes: features `[n, d]` and targets `[n, t]`, both row-major; coefficients `[t][d]`,
/// intercepts `[t]`.
///
///     let diabetes = try BundledDataset.diabetes.load()
///     let fit = try LinearRegression().fit(diabetes)
///     fit.intercept  // −334.567…
///
/// Sources: Golub & Van Loan, "Matrix Computations", 4th ed., §5.2–5.5; LAPACK xGELSY and
/// xGELSD; scikit-learn's `LinearRegression` and `Ridge`.
public struct LinearRegression: Sendable, Equatable {
  /// How the coefficients are found.
  public enum Solver: Sendable, Equatable {
    /// Least squares by Householder QR, minimum norm when rank-deficient (the default).
    case qr
    /// The normal equations by Cholesky; throws when they are singular or ill-conditioned.
    case normalEquations
    /// Gradient descent on the MSE.
    case gradientDescent(GradientDescentOptions)

    /// `"qr"`, `"normal-equations"` or `"gradient-descent"`.
    public var name: String {
      switch self {
      case .qr: return "qr"
      case .normalEquations: return "normal-equations"
      case .gradientDescent: return "gradient-descent"
      }
    }
  }

  /// Whether to fit an intercept b (unpenalized, by centering); default true.
  public var fitsIntercept: Bool
  /// The ridge penalty λ ≥ 0 on ‖w‖², in the units of the sum of squared errors (not the
  /// mean: scikit-learn's `alpha`); default 0.
  public var ridge: Double
  /// The solver; default `.qr`.
  public var solver: Solver

  /// A linear regression with the given settings.
  /// - Precondition: `ridge` is finite and ≥ 0.
  public init(fitsIntercept: Bool = true, ridge: Double = 0, solver: Solver = .qr) {
    precondition(ridge >= 0 && ridge.isFinite, "LinearRegression: ridge \(ridge) is not ≥ 0")
    self.fitsIntercept = fitsIntercept
    self.ridge = ridge
    self.solver = solver
  }

  /// Fits the dataset's features to its (single) target.
  /// - Throws: as `fit(features:rowCount:featureCount:targets:targetCount:featureNames:targetNames:onIteration:)`.
  public func fit(_ dataset: Dataset) throws(RegressionError) -> LinearRegressionFit {
    try fit(
      features: dataset.features, rowCount: dataset.rowCount, featureCount: dataset.featureCount,
      targets: dataset.targets, featureNames: dataset.featureNames,
      targetNames: [dataset.targetName])
  }

  /// Fits `targets` (`[rowCount, targetCount]`, row-major) to `features` (`[rowCount,
  /// featureCount]`, row-major).
  /// - Parameters:
  ///   - features: the feature values, `[rowCount, featureCount]`, row-major.
  ///   - rowCount: the number of rows (examples); positive.
  ///   - featureCount: the number of features per row; positive.
  ///   - targets: the target values, `[rowCount, targetCount]`, row-major.
  ///   - targetCount: the number of targets fitted at once (each its own w and b); default 1.
  ///   - featureNames: `[featureCount]`, used in notes and errors; default `x0`, `x1`, ….
  ///   - targetNames: `[targetCount]`; default `y0`, `y1`, ….
  ///   - onIteration: with gradient descent, called after each update with its 1-based
  ///     number and the loss (for a progress display).
  /// - Returns: coefficients `[targetCount][featureCount]` and intercepts `[targetCount]`.
  /// - Throws: `RegressionError.emptyData` (no rows or no features), `.shapeMismatch`,
  ///   `.nonFinite` (naming the row and column); with `.normalEquations`,
  ///   `.singularNormalEquations` or `.illConditionedNormalEquations`.
  public func fit(
    features: [Double], rowCount: Int, featureCount: Int, targets: [Double], targetCount: Int = 1,
    featureNames: [String]? = nil, targetNames: [String]? = nil,
    onIteration: (Int, Double) -> Void = { _, _ in }
  ) throws(RegressionError) -> LinearRegressionFit {
    let problem = try RegressionProblem(
      features: features, rowCount: rowCount, featureCount: featureCount, targets: targets,
      targetCount: targetCount,
      featureNames: featureNames ?? (0..<featureCount).map { "x\($0)" },
      targetNames: targetNames ?? (0..<targetCount).map { "y\($0)" }, fitsIntercept: fitsIntercept)
    let solution: (weights: [[Double]], rank: Int, notes: [String], report: GradientDescentReport?)
    switch solver {
    case .qr:
      let result = Self.solveByQR(problem, ridge: ridge)
      solution = (result.weights, result.rank, result.notes, nil)
    case .normalEquations:
      let result = try Self.solveNormalEquations(problem, ridge: ridge)
      solution = (result, problem.d, [], nil)
    case .gradientDescent(let options):
      let result = Self.solveByGradientDescent(
        problem, ridge: ridge, options: options, onIteration: onIteration)
      solution = (result.weights, problem.d, result.notes, result.report)
    }
    return LinearRegressionFit(
      featureNames: problem.featureNames, targetNames: problem.targetNames,
      coefficients: solution.weights, intercepts: problem.intercepts(for: solution.weights),
      solver: solver.name, rank: solution.rank, notes: solution.notes,
      gradientDescent: solution.report)
  }

  /// Least squares by blocked Householder QR of [X − x̄; √λ I], then Jacobi SVD of R.
  static func solveByQR(
    _ problem: RegressionProblem, ridge: Double
  ) -> (weights: [[Double]], rank: Int, notes: [String]) {
    let (n, d, t) = (problem.n, problem.d, problem.t)
    let extra = ridge > 0 ? d : 0
    let m = n + extra
    var a = problem.centeredColumnMajor(extraRows: extra)
    if ridge > 0 {
      for j in 0..<d { a[j * m + n + j] = ridge.squareRoot() }
    }
    HouseholderQR.factor(&a, rows: m, columns: d + t, factored: d)
    let k = Swift.min(m, d)
    var r = [Double](repeating: 0, count: k * d)
    for j in 0..<d {
      for i in 0...Swift.min(j, k - 1) { r[j * k + i] = a[j * m + i] }
    }
    let svd = JacobiSVD(r, rows: k, columns: d)
    let tolerance = Double.ulpOfOne * Double(Swift.max(n, d)) * svd.largest
    let rank = svd.singularValues.filter { $0 > tolerance }.count
    var weights: [[Double]] = []
    for target in 0..<t {
      let c = Array(a[((d + target) * m)..<((d + target) * m + k)])
      if rank == d && k == d {
        // Back substitution R w = c: the usual full-rank answer, exact to rounding.
        var w = c
        for i in stride(from: d - 1, through: 0, by: -1) {
          var s = w[i]
          for j in (i + 1)..<d { s -= r[j * k + i] * w[j] }
          w[i] = s / r[i * k + i]
        }
        weights.append(w)
      } else {
        weights.append(svd.minimumNormSolution(c, tolerance: tolerance))
      }
    }
    let notes = problem.rankNotes(rank: rank, nullVectors: svd.nullVectors(tolerance: tolerance))
    return (weights, rank, notes)
  }

  /// The normal equations (XᵀX + λI) w = Xᵀy of the centered data, by Cholesky.
  static func solveNormalEquations(
    _ problem: RegressionProblem, ridge: Double
  ) throws(RegressionError) -> [[Double]] {
    let (d, t) = (problem.d, problem.t)
    let p = d + t
    let gram = problem.centeredGram()
    // L, lower triangular, column-major d × d, from the upper triangle of the Gram matrix.
    var l = [Double](repeating: 0, count: d * d)
    for j in 0..<d {
      for i in j..<d { l[j * d + i] = gram[i * p + j] + (i == j ? ridge : 0) }
    }
    var smallest = Double.infinity
    var largest = 0.0
    var broke = false
    for j in 0..<d {
      var pivot = l[j * d + j]
      for k in 0..<j { pivot -= l[k * d + j] * l[k * d + j] }
      guard pivot > 0 else {
        broke = true
        break
      }
      let root = pivot.squareRoot()
      smallest = Swift.min(smallest, pivot)
      largest = Swift.max(largest, pivot)
      l[j * d + j] = root
      for i in (j + 1)..<d {
        var s = l[j * d + i]
        for k in 0..<j { s -= l[k * d + i] * l[k * d + j] }
        l[j * d + i] = s / root
      }
    }
    let conditionLimit = 1e10
    if broke || largest / smallest > conditionLimit {
      // Decide between singular and ill-conditioned from the eigenvalues of the Gram matrix.
      var g = [Double](repeating: 0, count: d * d)
      for j in 0..<d {
        for i in 0..<d { g[j * d + i] = gram[Swift.max(i, j) * p + Swift.min(i, j)] }
        g[j * d + j] += ridge
      }
      let svd = JacobiSVD(g, rows: d, columns: d)
      let cutoff = svd.largest / conditionLimit
      let rank = svd.singularValues.filter { $0 > cutoff }.count
      if rank < d {
        var columns = problem.constantColumns.map { problem.featureNames[$0] }
        columns += problem.collinearColumns(svd.nullVectors(tolerance: cutoff))
        throw .singularNormalEquations(rank: rank, featureCount: d, columns: columns)
      }
      let smallestValue = svd.singularValues.min() ?? 0
      throw .illConditionedNormalEquations(conditionNumber: svd.largest / smallestValue)
    }
    return (0..<t).map { target in
      // Forward then backward substitution: L z = Xᵀy, Lᵀ w = z.
      var w = (0..<d).map { gram[(d + target) * p + $0] }
      for i in 0..<d {
        var s = w[i]
        for k in 0..<i { s -= l[k * d + i] * w[k] }
        w[i] = s / l[i * d + i]
      }
      for i in stride(from: d - 1, through: 0, by: -1) {
        var s = w[i]
        for k in (i + 1)..<d { s -= l[i * d + k] * w[k] }
        w[i] = s / l[i * d + i]
      }
      return w
    }
  }
}
