import Descent
import Foundation
import Testing

/// Conventions at kinks and edge cases, as documented beside each op (PyTorch's choices).
@Suite("Derivative conventions at kinks, ties and edge cases")
struct DerivativeConventionTests {
  /// ∂/∂x Σ f(x) at `values`.
  private func gradient(at values: [Double], _ f: (Tensor) -> Tensor) -> [Double] {
    let x = leaf(values)
    f(x).sum().backward()
    return x.grad?.scalars ?? []
  }

  @Test("relu′(0) = 0: only positive inputs pass the gradient")
  func reluAtZero() {
    #expect(gradient(at: [-1, 0, -0.0, 2]) { $0.relu() } == [0, 0, 0, 1])
  }

  @Test("abs′(0) = sign(0) = 0")
  func absAtZero() {
    #expect(gradient(at: [-2, 0, 3]) { $0.abs() } == [-1, 0, 1])
  }

  @Test("sign is flat: no gradient flows through it")
  func signFlat() {
    #expect(gradient(at: [-2, 0, 3]) { $0.sign() * 5 + $0 } == [1, 1, 1])
  }

  @Test("max over ties splits the gradient evenly: max of [1, 3, 3] gives [0, ½, ½]")
  func maxTiesAll() {
    #expect(gradient(at: [1, 3, 3]) { $0.max() } == [0, 0.5, 0.5])
    #expect(gradient(at: [2, 2, 2, 2]) { $0.max() } == [0.25, 0.25, 0.25, 0.25])
  }

  @Test(
    "max along an axis splits each slice's gradient among that slice's ties",
    arguments: [false, true])
  func maxTiesPerRow(_ keepingDimensions: Bool) {
    let x = leaf([1, 3, 3, 2, 2, 2, 5, 0, 1], shape: [3, 3])
    let upstream = Tensor([[1], [3], [2]], dtype: .float64)
    let m = x.max(axis: 1, keepingDimensions: true)
    let y = keepingDimensions ? m : x.max(axis: 1).reshaped([3, 1])
    (y * upstream).sum().backward()
    #expect(x.grad?.scalars == [0, 0.5, 0.5, 1, 1, 1, 2, 0, 0])
  }

  @Test("the tie-split gradients of one slice sum to its upstream gradient", arguments: [0, 1])
  func maxTiesConserve(_ axis: Int) {
    let x = leaf([4, 4, 1, 4, 4, 4], shape: [2, 3])
    x.max(axis: axis).sum().backward()
    let grad = x.grad ?? Tensor.zeros(shape: [2, 3])
    let perSlice = grad.sum(axis: axis).scalars
    expectClose(perSlice, [Double](repeating: 1, count: perSlice.count), rtol: 1e-15)
  }

  @Test("sigmoid′(0.9) is σ(0.9)(1 − σ(0.9)), not 0.9·(1 − 0.9)")
  func sigmoidAtPointNine() {
    // 0.2055003073422635 = σ(0.9)(1 − σ(0.9)), by Python's math.exp; S4TF's bug gave 0.09.
    let g = gradient(at: [0.9]) { $0.sigmoid() }
    expectClose(g, [0.2055003073422635], rtol: 1e-14)
  }

  @Test("the gradient of the magnitude √(x² + y²) at (2, 2) is (1/√2, 1/√2)")
  func magnitude() {
    let g = gradient(at: [2, 2]) { ($0 * $0).sum().sqrt() }
    expectClose(g, [(0.5).squareRoot(), (0.5).squareRoot()], rtol: 1e-15)
  }

  @Test("sqrt′(0) = +∞ and log′(0) = +∞, as 1/(2√x) and 1/x say")
  func poles() {
    #expect(gradient(at: [0]) { $0.sqrt() } == [.infinity])
    #expect(gradient(at: [0]) { $0.log() } == [.infinity])
  }

  @Test("pow(x, 3) at x = −2 has the finite gradient 12")
  func cubeOfNegative() {
    #expect(gradient(at: [-2]) { $0.pow(3) } == [12])
    let exponent = Tensor([3], dtype: .float64)
    #expect(gradient(at: [-2]) { $0.pow(exponent) } == [12])
  }

  @Test(
    "∂/∂x xʸ at x = 0 is y·0^(y−1), with 0 where y = 0 (so 0⁰ is flat in x)",
    arguments: [(0.0, 0.0), (1, 1), (2, 0), (3, 0), (0.5, .infinity)])
  func powZeroBase(_ exponent: Double, _ expected: Double) {
    #expect(gradient(at: [0]) { $0.pow(exponent) } == [expected])
  }

  @Test("0⁰ = 1, and ∂/∂y xʸ at x = 0 is 0 for every y")
  func powZeroBaseExponentGradient() {
    #expect(Tensor([0], dtype: .float64).pow(0).scalars == [1])
    let base = Tensor([0, 0, 0], dtype: .float64)
    #expect(gradient(at: [0, 1.5, 2]) { base.pow($0) } == [0, 0, 0])
  }

  @Test("∂/∂y xʸ is xʸ·log x for a positive base")
  func powExponentGradient() {
    let base = Tensor([2, 0.5], dtype: .float64)
    let g = gradient(at: [3, -1]) { base.pow($0) }
    expectClose(g, [8 * Foundation.log(2.0), 2 * Foundation.log(0.5)], rtol: 1e-15)
  }
}
