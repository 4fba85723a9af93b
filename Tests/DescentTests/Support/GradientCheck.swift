import Descent
import Testing

/// Compares the reverse-mode gradient of a scalar function of float64 tensors with central
/// finite differences:
///
///     ∂f/∂x[i] ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h,   h = 1e-6
///
/// An analytic value `a` and a numeric value `n` agree when
/// `|a − n| ≤ atol + rtol·max(|a|, |n|)` (by default atol = 1e-6, rtol = 1e-5: central
/// differences in float64 with this h are good to about 1e-9 for the smooth, O(1) functions
/// the tests use). The report names the worst element, the one with the largest error relative
/// to its tolerance: which input, its multi-index, and both values.
struct GradientCheck {
  /// The finite-difference step.
  var h = 1e-6
  /// The absolute part of the tolerance.
  var atol = 1e-6
  /// The relative part of the tolerance.
  var rtol = 1e-5

  /// The outcome of a check: the worst element and anything structurally wrong.
  struct Report: CustomStringConvertible {
    /// Which input (position in the argument list) holds the worst element.
    var input = 0
    /// The worst element's multi-index in that input.
    var index: [Int] = []
    /// ∂f/∂x there by `backward()`.
    var analytic = 0.0
    /// ∂f/∂x there by central differences.
    var numeric = 0.0
    /// |analytic − numeric| there.
    var error = 0.0
    /// error / tolerance there: at most 1 passes.
    var ratio = 0.0
    /// Problems other than values: wrong gradient shape or dtype, non-scalar output.
    var problems: [String] = []

    var passed: Bool { problems.isEmpty && ratio <= 1 }

    var description: String {
      let worst =
        "worst at input \(input) index \(index): analytic \(analytic), numeric \(numeric), "
        + "error \(error) (\(ratio)× tolerance)"
      return problems.isEmpty ? worst : (problems + [worst]).joined(separator: "; ")
    }
  }

  /// Checks the gradient of `f` at `inputs` (each converted to float64).
  func check(_ inputs: [Tensor], _ f: ([Tensor]) -> Tensor) -> Report {
    var report = Report()
    let points = inputs.map { $0.converted(to: .float64).detached() }

    // Analytic: leaves that require gradients, one backward pass.
    let leaves = points.map { point in
      var leaf = point
      leaf.requiresGrad = true
      return leaf
    }
    let output = f(leaves)
    guard output.count == 1 else {
      report.problems.append("f must return a one-element tensor; got \(output)")
      return report
    }
    // An output with no graph does not depend on the inputs: every analytic gradient is 0.
    if output.requiresGrad { output.backward() }

    var sawAny = false
    for (k, leaf) in leaves.enumerated() {
      var analytic = [Double](repeating: 0, count: leaf.count)
      if let grad = leaf.grad {
        if grad.shape != leaf.shape {
          report.problems.append("input \(k): gradient shape \(grad.shape) ≠ \(leaf.shape)")
          continue
        }
        if grad.dtype != .float64 {
          report.problems.append("input \(k): gradient dtype \(grad.dtype), expected float64")
        }
        analytic = grad.scalars
      }
      let base = points[k].scalars
      for i in 0..<base.count {
        // The perturbed points do not require gradients, so nothing is recorded (unless f
        // differentiates internally, as ``gradientOf(_:)`` does).
        var plus = base
        var minus = base
        plus[i] += h
        minus[i] -= h
        var args = points
        args[k] = Tensor(plus, shape: leaf.shape, dtype: .float64)
        let fPlus = f(args).item
        args[k] = Tensor(minus, shape: leaf.shape, dtype: .float64)
        let fMinus = f(args).item
        let numeric = (fPlus - fMinus) / (2 * h)
        let a = analytic[i]
        let error = Swift.abs(a - numeric)
        let tolerance = atol + rtol * Swift.max(Swift.abs(a), Swift.abs(numeric))
        let ratio = error.isNaN ? .infinity : error / tolerance
        if ratio > report.ratio || !sawAny {
          sawAny = true
          report = Report(
            input: k, index: multiIndex(i, shape: leaf.shape), analytic: a, numeric: numeric,
            error: error, ratio: ratio, problems: report.problems)
        }
      }
    }
    return report
  }

  private func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
    var index = [Int](repeating: 0, count: shape.count)
    var rest = flat
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      index[axis] = rest % shape[axis]
      rest /= shape[axis]
    }
    return index
  }
}

/// Expects the gradient of `f` at `inputs` to match central differences (see
/// ``GradientCheck``), recording the worst element when it does not.
func expectGradientsMatch(
  _ inputs: [Tensor], check: GradientCheck = GradientCheck(),
  sourceLocation: SourceLocation = #_sourceLocation, _ f: ([Tensor]) -> Tensor
) {
  let report = check.check(inputs, f)
  #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
}

/// Σ w ⊙ y with fixed weights drawn from a seeded generator (nonzero, of both signs), so that
/// every element of a non-scalar `y` affects the scalar a gradient check differentiates.
/// The weights depend only on `y.shape`, so every evaluation uses the same ones.
func weightedSum(_ y: Tensor) -> Tensor {
  var rng = RandomGenerator(seed: 0x5EED)
  let weights = (0..<y.count).map { _ in
    let magnitude = 0.5 + rng.nextUnitInterval()
    return rng.nextUnitInterval() < 0.5 ? -magnitude : magnitude
  }
  return (y * Tensor(weights, shape: y.shape, dtype: .float64)).sum()
}

/// The scalar x ↦ weightedSum(∂f/∂x), with ∂f/∂x from `backward(createGraph: true)`, for
/// checking second derivatives: its gradient, by `backward()`, must match central differences
/// of the first derivative. When `x` is already a leaf (the analytic pass), the inner gradient
/// is cleared after use, so only the outer backward pass leaves its result in `x.grad`.
func gradientOf(_ f: @escaping (Tensor) -> Tensor) -> ([Tensor]) -> Tensor {
  { inputs in
    var x = inputs[0]
    if !x.requiresGrad { x.requiresGrad = true }
    f(x).backward(createGraph: true)
    let gradient = x.grad ?? Tensor.zeros(shape: x.shape, dtype: x.dtype)
    x.zeroGrad()
    return weightedSum(gradient)
  }
}

/// Where random test inputs are drawn from, so they stay away from an op's kinks and poles.
enum Domain: Sendable, CustomStringConvertible {
  /// Uniform on [−2, 2].
  case real
  /// Uniform on [0.5, 2]: for log, sqrt, division and non-integer powers.
  case positive
  /// |x| uniform on [0.3, 2] with a random sign: for abs, relu and negative powers.
  case nonzero
  /// Uniform on [−2, −0.5]: for integer powers of negative bases.
  case negative

  var description: String {
    switch self {
    case .real: "[−2, 2]"
    case .positive: "[0.5, 2]"
    case .nonzero: "±[0.3, 2]"
    case .negative: "[−2, −0.5]"
    }
  }

  /// A float64 tensor of `shape` drawn from this domain by a generator seeded with `seed`.
  func sample(_ shape: [Int], seed: UInt64) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    let values = (0..<count).map { _ -> Double in
      let u = rng.nextUnitInterval()
      switch self {
      case .real: return -2 + 4 * u
      case .positive: return 0.5 + 1.5 * u
      case .nonzero:
        let magnitude = 0.3 + 1.7 * u
        return rng.nextUnitInterval() < 0.5 ? -magnitude : magnitude
      case .negative: return -2 + 1.5 * u
      }
    }
    return Tensor(values, shape: shape, dtype: .float64)
  }
}

/// A float64 leaf that requires gradients.
func leaf(_ values: [Double], shape: [Int]? = nil) -> Tensor {
  var x = Tensor(values, shape: shape, dtype: .float64)
  x.requiresGrad = true
  return x
}
