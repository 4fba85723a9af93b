/// The outcome of
/// ``gradientCheck(of:at:step:absoluteTolerance:relativeTolerance:seed:)-(_,[Tensor],_,_,_,_)``:
/// how far the analytic gradients are from central differences, where the worst elements are,
/// and whether forward and reverse mode agree.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
  /// One element of one input: its analytic and numeric partial derivatives.
  public struct Element: Sendable, Equatable, CustomStringConvertible {
    /// The input (position in the argument list) the element belongs to.
    public var input: Int
    /// The element's multi-index in that input (`[]` for a scalar input).
    public var index: [Int]
    /// ∂f/∂x there, by reverse mode.
    public var analytic: Double
    /// ∂f/∂x there, by central differences.
    public var numeric: Double
    /// |analytic − numeric|.
    public var absoluteError: Double { Swift.abs(analytic - numeric) }
    /// |analytic − numeric| / max(|analytic|, |numeric|); 0 when both are 0, NaN when either
    /// is.
    public var relativeError: Double {
      let scale = Swift.max(Swift.abs(analytic), Swift.abs(numeric))
      return absoluteError == 0 ? 0 : absoluteError / scale
    }

    /// "input 0 index [1, 0]: analytic 3.0, numeric 6.0".
    public var description: String {
      "input \(input) index \(index): analytic \(analytic), numeric \(numeric)"
    }
  }

  /// The check of forward against reverse mode on one graph: for random `v` (one per input)
  /// and `u`, uᵀ(J v) from the tangent of a ``jvp(of:at:along:)-(_,[Tensor],_)`` pass must
  /// equal (Jᵀu)ᵀ v from the backward pass through the same graph.
  public struct ForwardReverseCheck: Sendable, CustomStringConvertible {
    /// uᵀ(J v), by forward mode.
    public var forward: Double
    /// (Jᵀu)ᵀ v = Σ_k ⟨(Jᵀu)_k, v_k⟩, by reverse mode.
    public var reverse: Double
    /// |forward − reverse| allowed: `1e-10·(1 + Σ |u|·|∂f/∂x|·|v|)`, rounding error of the
    /// products and the sum, relative to their magnitude.
    public var tolerance: Double
    /// |forward − reverse|.
    public var error: Double { Swift.abs(forward - reverse) }
    /// Whether the error is within the tolerance (false for NaN).
    public var passed: Bool { error <= tolerance }

    /// "forward uᵀ(Jv) 1.5 vs reverse (Jᵀu)ᵀv 1.5 (error 0.0, tolerance 1e-10)".
    public var description: String {
      "forward uᵀ(Jv) \(forward) vs reverse (Jᵀu)ᵀv \(reverse) (error \(error), tolerance "
        + "\(tolerance))"
    }
  }

  /// The tolerance for an element: `|a − n| ≤ absoluteTolerance + relativeTolerance·max(|a|, |n|)`.
  public var absoluteTolerance: Double
  /// See ``absoluteTolerance``.
  public var relativeTolerance: Double
  /// The element whose error is largest relative to its tolerance: the one that decides
  /// ``passed``. Nil when the inputs have no elements or a problem stopped the check.
  public var worst: Element?
  /// The element with the largest absolute error.
  public var worstAbsolute: Element?
  /// The element with the largest relative error.
  public var worstRelative: Element?
  /// The worst element's error divided by its tolerance: at most 1 passes (∞ for NaN).
  public var toleranceRatio = 0.0
  /// Forward against reverse mode; nil when it could not run (see ``opsWithoutForwardRule``
  /// and ``problems``).
  public var forwardReverse: ForwardReverseCheck?
  /// Ops reached by the forward-mode pass that have no forward rule (each traps in
  /// ``jvp(of:at:along:)-(_,[Tensor],_)``); every one is also listed in ``problems``.
  public var opsWithoutForwardRule: [String] = []
  /// Anything that stopped or failed the check other than an element's error: an output that
  /// is not a single element, ops without a forward rule, forward and reverse mode disagreeing.
  public var problems: [String] = []

  /// Whether every element is within tolerance, forward and reverse mode agree, and there is
  /// no problem.
  public var passed: Bool {
    problems.isEmpty && toleranceRatio <= 1 && forwardReverse?.passed == true
  }

  /// The verdict, the worst elements and the problems, on one line.
  public var description: String {
    var parts = problems
    if let worst {
      parts.append(
        "worst at \(worst) (error \(worst.absoluteError), \(toleranceRatio)× the tolerance "
          + "\(absoluteTolerance) + \(relativeTolerance)·max(|a|, |n|))")
    }
    if let worstAbsolute, worstAbsolute != worst {
      parts.append("largest absolute error \(worstAbsolute.absoluteError) at \(worstAbsolute)")
    }
    if let worstRelative, worstRelative != worst {
      parts.append("largest relative error \(worstRelative.relativeError) at \(worstRelative)")
    }
    if let forwardReverse { parts.append(forwardReverse.description) }
    return (passed ? "passed: " : "failed: ") + parts.joined(separator: "; ")
  }
}

/// Checks the derivatives of a scalar function of tensors in float64, two ways:
///
/// 1. Reverse mode against central differences, element by element:
///
///        ∂f/∂x[i] ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h
///
///    An analytic `a` and a numeric `n` agree when
///    `|a − n| ≤ absoluteTolerance + relativeTolerance·max(|a|, |n|)`. The report names the
///    element worst relative to its tolerance, and those with the largest absolute and relative
///    errors: input, multi-index, both values.
/// 2. Forward against reverse mode on the same graph: one evaluation of `f` under forward mode
///    with a random tangent `v` per input gives J v; a backward pass through that graph with a
///    random cotangent `u` gives Jᵀu; then uᵀ(J v) = (Jᵀu)ᵀ v must hold to rounding (tolerance
///    in ``GradientCheckReport/ForwardReverseCheck/tolerance``). This catches a wrong forward
///    rule, which central differences of the reverse pass cannot see, and lists ops that have
///    none instead of trapping.
///
/// The defaults suit smooth functions with values of order 1: with h = 1e-6, central
/// differences in float64 are good to about 1e-9 (truncation h²·f‴/6 plus rounding ε·f/h).
/// Keep the inputs away from kinks (relu, abs and clamp at their corners, max/min at ties),
/// where a one-sided convention and a central difference legitimately differ.
///
///     let report = gradientCheck(of: { ($0[0] * $0[1]).sum() }, at: [a, b])
///     #expect(report.passed, "\(report)")
/// - Parameters:
///   - f: the function; called 2·(number of elements) + 2 times, on float64 inputs.
///   - inputs: the point; converted to float64 (a float32 check would measure float32
///     rounding, not the derivative).
///   - step: h; default 1e-6.
///   - absoluteTolerance: default 1e-6.
///   - relativeTolerance: default 1e-5.
///   - seed: seeds the random `u` and `v`; the same seed gives the same report.
/// - Returns: the report; its ``GradientCheckReport/passed`` is the verdict. An output that is
///   not a single element is reported as a problem, not trapped.
///
/// Source: the finite-difference check of JAX's `jax.test_util.check_grads` (and its JVP/VJP
/// inner-product identity); Griewank and Walther, "Evaluating Derivatives", 2nd ed., SIAM
/// 2008, §3.3 (the duality of tangents and adjoints).
public func gradientCheck(
  of f: ([Tensor]) -> Tensor, at inputs: [Tensor], step: Double = 1e-6,
  absoluteTolerance: Double = 1e-6, relativeTolerance: Double = 1e-5, seed: UInt64 = 0x6AD
) -> GradientCheckReport {
  var report = GradientCheckReport(
    absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance)
  let points = inputs.map { $0.converted(to: .float64).detached() }
  var rng = RandomGenerator(seed: seed)
  let directions = points.map {
    Tensor.randomNormal(shape: $0.shape, dtype: .float64, using: &rng)
  }
  let u = (0.5 + rng.nextUnitInterval()) * (rng.nextUnitInterval() < 0.5 ? -1 : 1)

  // One graph, evaluated under forward mode; two backward passes through it.
  let scope = ForwardScope(recordsMissingRules: true)
  let analytic: [[Double]]
  do {
    let (output, seeded) = ForwardMode.withScope(scope) {
      let seeded = zip(points, directions).map { x, v in
        x.differentiationInput().seeded(with: v, in: scope)
      }
      return (f(seeded), seeded)
    }
    guard output.count == 1 else {
      report.problems.append(
        "f must return a single element (shape [] or [1]); it returned shape \(output.shape)")
      return report
    }
    let gradients = Tensor.gradients(
      of: output, seed: Tensor.ones(shape: output.shape, dtype: output.dtype),
      withRespectTo: seeded, createGraph: false)
    analytic = zip(points, gradients).map { x, g in
      g?.scalars ?? [Double](repeating: 0, count: x.count)
    }
    report.opsWithoutForwardRule = scope.opsWithoutForwardRule
    if report.opsWithoutForwardRule.isEmpty {
      let forward = u * (output.tangent(in: scope)?.item ?? 0)
      var reverse = 0.0
      var magnitude = 0.0
      for (g, v) in zip(analytic, directions) {
        for (gi, vi) in zip(g, v.scalars) {
          reverse += u * gi * vi
          magnitude += Swift.abs(u * gi * vi)
        }
      }
      let check = GradientCheckReport.ForwardReverseCheck(
        forward: forward, reverse: reverse, tolerance: 1e-10 * (1 + magnitude))
      report.forwardReverse = check
      if !check.passed {
        report.problems.append("forward and reverse mode disagree: \(check)")
      }
    } else {
      report.problems.append(
        "ops without a forward-mode rule: \(report.opsWithoutForwardRule.joined(separator: ", "))"
          + "; forward mode was not checked")
    }
  }

  // Central differences, element by element, on plain float64 tensors.
  var worstRatio = -1.0
  for (k, point) in points.enumerated() {
    let base = point.scalars
    for i in 0..<base.count {
      var plus = base
      var minus = base
      plus[i] += step
      minus[i] -= step
      var arguments = points
      arguments[k] = Tensor(plus, shape: point.shape, dtype: .float64)
      let fPlus = f(arguments).item
      arguments[k] = Tensor(minus, shape: point.shape, dtype: .float64)
      let fMinus = f(arguments).item
      let element = GradientCheckReport.Element(
        input: k, index: multiIndex(i, shape: point.shape), analytic: analytic[k][i],
        numeric: (fPlus - fMinus) / (2 * step))
      let tolerance =
        absoluteTolerance
        + relativeTolerance * Swift.max(Swift.abs(element.analytic), Swift.abs(element.numeric))
      let ratio = element.absoluteError.isNaN ? .infinity : element.absoluteError / tolerance
      if ratio > worstRatio {
        worstRatio = ratio
        report.worst = element
        report.toleranceRatio = ratio
      }
      if !(element.absoluteError <= report.worstAbsolute?.absoluteError ?? -1) {
        report.worstAbsolute = element
      }
      if !(element.relativeError <= report.worstRelative?.relativeError ?? -1) {
        report.worstRelative = element
      }
    }
  }
  return report
}

/// Checks the derivative of a scalar function of one tensor. See
/// ``gradientCheck(of:at:step:absoluteTolerance:relativeTolerance:seed:)``.
public func gradientCheck(
  of f: (Tensor) -> Tensor, at input: Tensor, step: Double = 1e-6,
  absoluteTolerance: Double = 1e-6, relativeTolerance: Double = 1e-5, seed: UInt64 = 0x6AD
) -> GradientCheckReport {
  gradientCheck(
    of: { f($0[0]) }, at: [input], step: step, absoluteTolerance: absoluteTolerance,
    relativeTolerance: relativeTolerance, seed: seed)
}

/// The row-major multi-index of flat index `flat` in `shape`.
private func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
  var index = [Int](repeating: 0, count: shape.count)
  var rest = flat
  for axis in stride(from: shape.count - 1, through: 0, by: -1) {
    index[axis] = rest % shape[axis]
    rest /= shape[axis]
  }
  return index
}
