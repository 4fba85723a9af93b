import Descent
import Foundation
import Testing

/// Values and gradients at the points where a formula could break: 0, ±1e4, ±∞, poles and
/// log 0. Expected values are the closed forms in the ops' doc comments; PyTorch 2.15 in
/// float64 gives the same (except where a test says otherwise).
@Suite("Values and gradients at zeros, poles and extremes")
struct EdgeCaseGradientTests {
  /// The value of Σ f(x) elementwise and ∂/∂x of it at `values`, in `dtype`.
  private func valueAndGradient(
    at values: [Double], dtype: DType = .float64, _ f: (Tensor) -> Tensor
  ) throws -> (value: [Double], gradient: [Double]) {
    var x = Tensor(values, dtype: dtype)
    x.requiresGrad = true
    let y = f(x)
    y.sum().backward()
    let g = try #require(x.grad)
    #expect(g.dtype == dtype)
    return (y.scalars, g.scalars)
  }

  static let extremes: [Double] = [0, 1e4, -1e4, .infinity, -.infinity]

  @Test(
    "softplus at 0, ±1e4 and ±∞: log 2, 1e4, 0, ∞, 0 with derivative σ(x) = ½, 1, 0, 1, 0",
    arguments: DType.allCases)
  func softplusExtremes(_ dtype: DType) throws {
    let (value, gradient) = try valueAndGradient(at: Self.extremes, dtype: dtype) { $0.softplus() }
    let rtol = dtype == .float64 ? 1e-15 : 1e-7
    expectClose(value, [0.6931471805599453, 1e4, 0, .infinity, 0], rtol: rtol)
    #expect(gradient == [0.5, 1, 0, 1, 0])
  }

  @Test(
    "logSigmoid at 0, ±1e4 and ±∞: −log 2, 0, −1e4, 0, −∞ with derivative σ(−x) = ½, 0, 1, 0, 1",
    arguments: DType.allCases)
  func logSigmoidExtremes(_ dtype: DType) throws {
    let (value, gradient) = try valueAndGradient(at: Self.extremes, dtype: dtype) {
      $0.logSigmoid()
    }
    let rtol = dtype == .float64 ? 1e-15 : 1e-7
    expectClose(value, [-0.6931471805599453, 0, -1e4, 0, -.infinity], rtol: rtol)
    #expect(gradient == [0.5, 0, 1, 0, 1])
  }

  @Test("softplus(x) − softplus(−x) = x and logSigmoid(x) = −softplus(−x), gradients included")
  func softplusIdentities() throws {
    let values: [Double] = [-30, -2, -0.5, 0, 0.5, 2, 30]
    let (difference, dDifference) = try valueAndGradient(at: values) {
      $0.softplus() - (-$0).softplus()
    }
    expectClose(difference, values, atol: 1e-15, rtol: 1e-15)
    expectClose(dDifference, [Double](repeating: 1, count: values.count), rtol: 1e-15)
    let (logSigmoid, dLogSigmoid) = try valueAndGradient(at: values) { $0.logSigmoid() }
    let (negated, dNegated) = try valueAndGradient(at: values) { -(-$0).softplus() }
    #expect(logSigmoid == negated)
    #expect(dLogSigmoid == dNegated)
  }

  @Test("log1p at −1 is −∞ with derivative +∞; at 0 it is 0 with derivative 1; below −1, NaN")
  func log1pPole() throws {
    let (value, gradient) = try valueAndGradient(at: [-1, 0, 1e-20]) { $0.log1p() }
    #expect(value == [-.infinity, 0, 1e-20])
    #expect(gradient == [.infinity, 1, 1])
    #expect(try valueAndGradient(at: [-2]) { $0.log1p() }.value[0].isNaN)
  }

  @Test(
    "expm1 at large x overflows to ∞ with derivative eˣ; at −∞ it is −1 with derivative 0",
    arguments: DType.allCases)
  func expm1Extremes(_ dtype: DType) throws {
    let (value, gradient) = try valueAndGradient(at: [1000, -.infinity, 0, 1e-20], dtype: dtype) {
      $0.expm1()
    }
    #expect(value[0] == .infinity && value[1] == -1 && value[2] == 0)
    #expect(gradient[0] == .infinity && gradient[1] == 0 && gradient[2] == 1 && gradient[3] == 1)
    expectClose([value[3]], [1e-20], rtol: dtype == .float64 ? 0 : 1e-7)
    // Just below float64's overflow e^709 is finite, and so is its derivative.
    let (big, dBig) = try valueAndGradient(at: [709]) { $0.expm1() }
    expectClose(big, [8.218407461554972e307], rtol: 1e-14)
    expectClose(dBig, [8.218407461554972e307], rtol: 1e-14)
  }

  @Test("reciprocal at ±0 is ±∞ with derivative −∞ (as PyTorch); at ±∞ it is ±0")
  func reciprocalPole() throws {
    let (value, gradient) = try valueAndGradient(at: [0, -0.0, .infinity, 4]) { $0.reciprocal() }
    #expect(value == [.infinity, -.infinity, 0, 0.25])
    #expect(gradient == [-.infinity, -.infinity, -0.0, -0.0625])
  }

  @Test("square, sin and tan at 0 have derivative 0, 1 and 1; cos has derivative 0")
  func smoothAtZero() throws {
    #expect(try valueAndGradient(at: [0]) { $0.square() }.gradient == [0])
    #expect(try valueAndGradient(at: [0]) { $0.sin() }.gradient == [1])
    #expect(try valueAndGradient(at: [0]) { $0.tan() }.gradient == [1])
    #expect(try valueAndGradient(at: [0]) { $0.cos() }.gradient == [-0.0])
  }

  @Test(
    "xlogy's value and both partial derivatives at zeros, log 0 and ordinary points",
    arguments: [
      // (x, y, value, ∂/∂x, ∂/∂y): PyTorch 2.15 agrees everywhere except ∂/∂y at (0, 0),
      // where it gives 0/0 = NaN and Descent takes 0.
      (0.0, 3.0, 0.0, 1.0986122886681098, 0.0),
      (0, 0, 0, 0, 0),
      (0, -1, 0, 0, 0),
      (0, .infinity, 0, .infinity, 0),
      (1, 0, -.infinity, -.infinity, .infinity),
      (2, 0.5, -1.3862943611198906, -0.6931471805599453, 4),
      (-1.5, 2, -1.0397207708399179, 0.6931471805599453, -0.75),
    ])
  func xlogy(_ x: Double, _ y: Double, _ value: Double, _ dx: Double, _ dy: Double) throws {
    let a = leaf([x], shape: [])
    let b = leaf([y], shape: [])
    let z = Tensor.xlogy(a, b)
    #expect(isApproximatelyEqual(z.item, value, atol: 0, rtol: 1e-15))
    z.backward()
    #expect(isApproximatelyEqual(try #require(a.grad).item, dx, atol: 0, rtol: 1e-15))
    #expect(isApproximatelyEqual(try #require(b.grad).item, dy, atol: 0, rtol: 1e-15))
  }

  @Test("xlogy's second derivatives stay finite next to its masked points")
  func xlogySecondOrder() throws {
    // ∂²/∂x∂y x·log y = 1/y; at x = 0, y = 0 the masked rules give 0, not 0·∞ = NaN.
    let x = leaf([0, 2])
    let y = leaf([0, 4])
    Tensor.xlogy(x, y).sum().backward(createGraph: true)
    let dx = try #require(x.grad)
    x.zeroGrad()
    y.zeroGrad()
    dx.sum().backward()
    #expect(try #require(y.grad).scalars == [0, 0.25])
  }

  @Test("log at 0 is −∞ with derivative +∞ in both dtypes", arguments: DType.allCases)
  func logAtZero(_ dtype: DType) throws {
    let (value, gradient) = try valueAndGradient(at: [0], dtype: dtype) { $0.log() }
    #expect(value == [-.infinity])
    #expect(gradient == [.infinity])
  }
}
