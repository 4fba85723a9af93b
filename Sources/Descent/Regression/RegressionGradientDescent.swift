import Foundation

/// Settings of `LinearRegression.Solver.gradientDescent`: full-batch gradient descent on
///
///     loss(w) = Σ_k [ (1/n) ‖y_k − X w_k − b_k‖² + (λ/n) ‖w_k‖² ]
///
/// (the MSE for one target; summed over targets), whose minimizer is that of
/// `LinearRegression`'s objective. The intercept is handled by centering, as in the closed
/// form; iterations start from w = 0, so on rank-deficient data they approach the
/// minimum-norm solution.
///
/// Each update is v ← v − η ∇loss(v), where v = s ⊙ w are the coefficients of the
/// standardized features (X − x̄)/s when `standardize` is on (s the population standard
/// deviations; 1 for a constant column) and v = w otherwise. The Gram matrix of the centered
/// data is formed once (O(n d²)), after which each iteration costs O(d²) and gives the same
/// iterates as the O(n d) form.
public struct GradientDescentOptions: Sendable, Equatable {
  /// The step size η; nil (the default) takes 1/L, where L = 2 λ_max(ZᵀZ/n) + 2λ/(n·min s²)
  /// is the Lipschitz constant of the gradient on the (scaled) data Z, so the loss decreases
  /// at every step and the iterates converge.
  public var learningRate: Double?
  /// Stop when the gradient norm ‖∇loss(v)‖₂ (Frobenius over targets, in the variables
  /// iterated: standardized when `standardize`) is at most this; default 1e-9.
  public var tolerance: Double
  /// The most updates to take; default 100 000.
  public var maxIterations: Int
  /// Iterate on standardized features; the results are reported in the original units.
  /// Default false.
  public var standardize: Bool

  /// Options with the given values.
  /// - Precondition: `learningRate` (when given) > 0, `tolerance` ≥ 0, `maxIterations` ≥ 0.
  public init(
    learningRate: Double? = nil, tolerance: Double = 1e-9, maxIterations: Int = 100_000,
    standardize: Bool = false
  ) {
    precondition(
      (learningRate ?? 1) > 0 && tolerance >= 0 && maxIterations >= 0,
      "GradientDescentOptions: learningRate \(String(describing: learningRate)), tolerance"
        + " \(tolerance), maxIterations \(maxIterations)")
    self.learningRate = learningRate
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.standardize = standardize
  }
}

/// How a gradient-descent fit went.
public struct GradientDescentReport: Sendable, Equatable {
  /// The step size used (1/L unless one was given).
  public var learningRate: Double
  /// The number of updates taken.
  public var iterations: Int
  /// Whether the gradient norm fell to the tolerance.
  public var converged: Bool
  /// The gradient norm at the last iterate (see `GradientDescentOptions.tolerance`).
  public var gradientNorm: Double
  /// The loss at w₀ = 0 and after each update: `iterations + 1` values, in squared target
  /// units.
  public var lossHistory: [Double]
  /// Whether the iterations ran on standardized features.
  public var standardized: Bool
  /// Whether gradient descent diverged: the loss became non-finite or rose above ten times
  /// its value at w₀ = 0 (the training loop's rule), and the iterations stopped there.
  public var diverged: Bool = false
}

extension LinearRegression {
  static func solveByGradientDescent(
    _ problem: RegressionProblem, ridge: Double, options: GradientDescentOptions,
    onIteration: (Int, Double) -> Void = { _, _ in }
  ) -> (weights: [[Double]], notes: [String], report: GradientDescentReport) {
    let (n, d, t) = (problem.n, problem.d, problem.t)
    let p = d + t
    let gram = problem.centeredGram()
    let count = Double(n)
    func entry(_ i: Int, _ j: Int) -> Double { gram[Swift.max(i, j) * p + Swift.min(i, j)] }
    let scale = (0..<d).map { j -> Double in
      let s = (entry(j, j) / count).squareRoot()
      return options.standardize && s > 0 ? s : 1
    }
    // The loss in v: vᵀ A v − 2 vᵀ c_k + e_k + μ Σ (v_j / s_j)², μ = λ/n.
    var a = [Double](repeating: 0, count: d * d)  // ZᵀZ/n, row-major (symmetric)
    for i in 0..<d {
      for j in 0..<d { a[i * d + j] = entry(i, j) / count / (scale[i] * scale[j]) }
    }
    let c = (0..<t).map { k in (0..<d).map { j in entry(j, d + k) / count / scale[j] } }
    let e = (0..<t).map { k in entry(d + k, d + k) / count }
    let mu = ridge / count
    let penalty = scale.map { mu / ($0 * $0) }
    let lipschitz =
      2 * JacobiSVD(a, rows: d, columns: d).largest + 2 * (penalty.max() ?? 0)
    let learningRate = options.learningRate ?? (lipschitz > 0 ? 1 / lipschitz : 1)

    var v = [[Double]](repeating: [Double](repeating: 0, count: d), count: t)
    var gradient = v
    var av = [Double](repeating: 0, count: d)
    func evaluate() -> (loss: Double, norm: Double) {
      var loss = 0.0
      var squared = 0.0
      for k in 0..<t {
        for i in 0..<d {
          var s = 0.0
          for j in 0..<d { s += a[i * d + j] * v[k][j] }
          av[i] = s
        }
        var quadratic = 0.0
        var linear = 0.0
        var penaltySum = 0.0
        for i in 0..<d {
          quadratic += v[k][i] * av[i]
          linear += v[k][i] * c[k][i]
          penaltySum += penalty[i] * v[k][i] * v[k][i]
          let g = 2 * (av[i] - c[k][i]) + 2 * penalty[i] * v[k][i]
          gradient[k][i] = g
          squared += g * g
        }
        loss += Swift.max(0, quadratic - 2 * linear + e[k]) + penaltySum
      }
      return (loss, squared.squareRoot())
    }
    var (loss, norm) = evaluate()
    var history = [loss]
    var iterations = 0
    var diverged = false
    while norm > options.tolerance && iterations < options.maxIterations {
      for k in 0..<t {
        for i in 0..<d { v[k][i] -= learningRate * gradient[k][i] }
      }
      iterations += 1
      (loss, norm) = evaluate()
      history.append(loss)
      onIteration(iterations, loss)
      // The training loop's divergence rule: a non-finite loss, or one above ten times the
      // loss at the start (gradient descent with a stable step never rises).
      if !loss.isFinite || !norm.isFinite || (history[0] > 0 && loss > 10 * history[0]) {
        diverged = true
        break
      }
    }
    let converged = norm <= options.tolerance
    let weights = v.map { vk in (0..<d).map { vk[$0] / scale[$0] } }
    var notes: [String] = []
    if diverged {
      notes.append(
        "gradient descent diverged: the loss rose to \(readableNumber(loss)) after "
          + "\(iterations) iterations, more than ten times its initial value "
          + "\(readableNumber(history[0])); use a smaller learning rate"
          + " than \(readableNumber(learningRate)) (the default 1/L always converges)")
    } else if !converged {
      notes.append(
        "gradient descent stopped after \(iterations) iterations with gradient norm "
          + "\(readableNumber(norm)), above the tolerance \(readableNumber(options.tolerance))"
          + (options.standardize ? "" : "; standardizing the features may help"))
    }
    let report = GradientDescentReport(
      learningRate: learningRate, iterations: iterations, converged: converged,
      gradientNorm: norm, lossHistory: history, standardized: options.standardize,
      diverged: diverged)
    return (weights, notes, report)
  }
}
