import Descent
import Testing

/// f(x, y) = x²y + 3y of the vector (x, y): ∇f = (2xy, x² + 3) = (4, 4) at (1, 2).
private func f(_ v: Tensor) -> Tensor {
  let x = v.slice(axis: 0, 0..<1)
  let y = v.slice(axis: 0, 1..<2)
  return (x * x * y + 3 * y).sum()
}

private let point = Tensor([1, 2], dtype: .float64)

@Suite("directionalDerivative(of:at:along:)")
struct DirectionalDerivativeTests {
  @Test(
    "D_u f of x²y + 3y at (1, 2) along (3, 4) is ∇f · (0.6, 0.8) = 5.6, whatever the length",
    arguments: [1, 0.2, 100, 1e-200, 1e200])
  func knownValue(_ scale: Double) throws {
    let direction = Tensor([3 * scale, 4 * scale], dtype: .float64)
    let d = try directionalDerivative(of: f, at: point, along: direction)
    #expect(isApproximatelyEqual(d, 5.6, atol: 0, rtol: 1e-14), "\(d)")
  }

  @Test("along a float32 direction at a float32 point, still 5.6 (to float32 rounding)")
  func float32() throws {
    let d = try directionalDerivative(of: f, at: Tensor([1, 2]), along: Tensor([3, 4]))
    #expect(isApproximatelyEqual(d, 5.6, atol: 0, rtol: 1e-6))
  }

  @Test("a zero direction throws zeroDirection, with a message")
  func zeroDirection() {
    #expect {
      try directionalDerivative(of: f, at: point, along: Tensor([0, -0.0], dtype: .float64))
    } throws: { error in
      guard case .zeroDirection(let shape) = error as? DifferentiationError else { return false }
      return shape == [2] && "\(error)".contains("zero")
    }
  }

  @Test(
    "a NaN or infinite direction throws nonFiniteDirection naming the element",
    arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteDirection(_ bad: Double) {
    #expect {
      try directionalDerivative(of: f, at: point, along: Tensor([1, bad], dtype: .float64))
    } throws: { error in
      guard case .nonFiniteDirection(let index, _) = error as? DifferentiationError else {
        return false
      }
      return index == 1 && "\(error)".contains("element 1") && "\(error)".contains("finite")
    }
  }

  @Test("a direction of another shape throws shapeMismatch naming both shapes")
  func shapeMismatch() {
    #expect {
      try directionalDerivative(of: f, at: point, along: Tensor([1, 2, 3], dtype: .float64))
    } throws: { error in
      "\(error)" == "the point has shape [2] but the direction has shape [3]; they must be equal"
    }
  }

  @Test("the directional derivative is the gradient's dot product with the unit vector")
  func matchesGradient() throws {
    let g = { (v: Tensor) in (v.sin() * v.exp()).sum() }
    let x = Domain.real.sample([5], seed: 310)
    let u = Domain.real.sample([5], seed: 311)
    let length = u.scalars.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let expected = zip(gradient(of: g, at: x).scalars, u.scalars).reduce(0) { $0 + $1.0 * $1.1 }
    let d = try directionalDerivative(of: g, at: x, along: u)
    #expect(isApproximatelyEqual(d, expected / length, atol: 1e-12, rtol: 1e-12))
  }
}
