import Descent
import Testing

/// The project's gradient check with the tests' default tolerances: the library's
/// ``gradientCheck(of:at:step:absoluteTolerance:relativeTolerance:seed:)``, which compares
/// reverse mode with central differences in float64,
///
///     ∂f/∂x[i] ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h,   h = 1e-6
///
/// (an analytic `a` and a numeric `n` agree when `|a − n| ≤ atol + rtol·max(|a|, |n|)`, by
/// default atol = 1e-6, rtol = 1e-5: central differences in float64 with this h are good to
/// about 1e-9 for the smooth, O(1) functions the tests use), and forward mode with reverse mode
/// on the same graph (uᵀ(J v) = (Jᵀu)ᵀ v). The report names the worst element: which input, its
/// multi-index, and both values.
struct GradientCheck {
  /// The finite-difference step.
  var h = 1e-6
  /// The absolute part of the tolerance.
  var atol = 1e-6
  /// The relative part of the tolerance.
  var rtol = 1e-5

  /// Checks the gradient of `f` at `inputs` (each converted to float64).
  func check(_ inputs: [Tensor], _ f: ([Tensor]) -> Tensor) -> GradientCheckReport {
    gradientCheck(of: f, at: inputs, step: h, absoluteTolerance: atol, relativeTolerance: rtol)
  }
}

/// Expects the gradient of `f` at `inputs` to match central differences, and forward mode to
/// agree with reverse mode (see ``GradientCheck``), recording the report when they do not.
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
