import Descent
import Foundation
import Testing

/// A reduction that picks an extreme element, for tie tests: max, min and their PyTorch
/// names amax and amin.
struct ExtremumReduction: Sendable, CustomTestStringConvertible {
  let name: String
  /// Whether it picks the largest element.
  let largest: Bool
  let apply: @Sendable (Tensor, [Int]?, Bool) -> Tensor
  var testDescription: String { name }

  static let all: [ExtremumReduction] = [
    ExtremumReduction(name: "max", largest: true) { $0.max(axes: $1, keepingDimensions: $2) },
    ExtremumReduction(name: "min", largest: false) { $0.min(axes: $1, keepingDimensions: $2) },
    ExtremumReduction(name: "amax", largest: true) { $0.amax(axes: $1, keepingDimensions: $2) },
    ExtremumReduction(name: "amin", largest: false) { $0.amin(axes: $1, keepingDimensions: $2) },
  ]

  /// `values` for a maximum, negated for a minimum, so one table of ties serves both.
  func oriented(_ values: [Double]) -> [Double] { largest ? values : values.map { -$0 } }
}

/// Ties and bounds, where a derivative has to pick a convention: PyTorch 2.15's, checked
/// against /tmp/torchenv (`torch.maximum`, `torch.minimum`, `torch.amax`, `torch.amin`,
/// `torch.clamp`), each position's gradients adding up to the upstream gradient.
@Suite("Gradients at ties and bounds follow PyTorch's conventions")
struct TieGradientTests {
  /// ∂/∂x Σ f(x) at `values`, float64.
  private func gradient(at values: [Double], shape: [Int]? = nil, _ f: (Tensor) -> Tensor)
    -> [Double]
  {
    let x = leaf(values, shape: shape)
    f(x).sum().backward()
    return x.grad?.scalars ?? []
  }

  @Test(
    "maximum and minimum split the gradient ½/½ at a tie, broadcast or not",
    arguments: DType.allCases)
  func elementwiseTies(_ dtype: DType) throws {
    var a = Tensor([[3, 1, 3], [0, 2, 2]], dtype: dtype)
    var b = Tensor([3, 2, 2], dtype: dtype)
    a.requiresGrad = true
    b.requiresGrad = true
    let upstream = Tensor([[1, 2, 3], [4, 5, 6]], dtype: dtype)
    (Tensor.maximum(a, b) * upstream).sum().backward()
    // Ties at [0, 0], [1, 1] and [1, 2]; b's gradient is summed over the two rows.
    #expect(try #require(a.grad).scalars == [0.5, 0, 3, 0, 2.5, 3])
    #expect(try #require(b.grad).scalars == [0.5 + 4, 2 + 2.5, 0 + 3])
    a.zeroGrad()
    b.zeroGrad()
    (Tensor.minimum(a, b) * upstream).sum().backward()
    #expect(try #require(a.grad).scalars == [0.5, 2, 0, 4, 2.5, 3])
    #expect(try #require(b.grad).scalars == [0.5 + 0, 0 + 2.5, 3 + 3])
  }

  @Test("at every position the two gradients of maximum and minimum add up to the upstream one")
  func elementwiseConservation() throws {
    let values: [Double] = [-1, 0, 0, 2.5, 2.5, .infinity, -.infinity, 1e300]
    let others: [Double] = [-1, -0.0, 1, 2.5, 3, .infinity, -.infinity, 1e300]
    for f in [Tensor.maximum, Tensor.minimum] {
      let a = leaf(values)
      let b = leaf(others)
      f(a, b).sum().backward()
      let sums = zip(try #require(a.grad).scalars, try #require(b.grad).scalars).map(+)
      #expect(sums == [Double](repeating: 1, count: values.count))
    }
  }

  @Test("with a NaN operand maximum passes the whole gradient to both, as PyTorch")
  func elementwiseNaN() throws {
    let a = leaf([.nan, 1])
    let b = leaf([1, .nan])
    Tensor.maximum(a, b).sum().backward()
    #expect(try #require(a.grad).scalars == [1, 1])
    #expect(try #require(b.grad).scalars == [1, 1])
  }

  @Test("maximum(x, 0) passes ½ at 0 but relu passes 0 there: relu is not maximum(x, 0)")
  func reluIsNotMaximum() {
    let zero = Tensor(scalar: 0, dtype: .float64)
    #expect(gradient(at: [-1, 0, 2]) { Tensor.maximum($0, zero) } == [0, 0.5, 1])
    #expect(gradient(at: [-1, 0, 2]) { $0.relu() } == [0, 0, 1])
  }

  @Test(
    "a reduction over all axes splits the gradient evenly among two, three or all tied extremes",
    arguments: ExtremumReduction.all)
  func reductionTiesAll(_ r: ExtremumReduction) {
    let third = 1.0 / 3
    #expect(gradient(at: r.oriented([1, 3, 3])) { r.apply($0, nil, false) } == [0, 0.5, 0.5])
    #expect(
      gradient(at: r.oriented([3, 3, 1, 3])) { r.apply($0, nil, false) } == [
        third, third, 0, third,
      ])
    #expect(
      gradient(at: r.oriented([2, 2, 2, 2])) { r.apply($0, nil, false) } == [
        0.25, 0.25, 0.25, 0.25,
      ])
    // A tie of a single extreme is no tie: all of the gradient goes there.
    #expect(gradient(at: r.oriented([1, 3, 2])) { r.apply($0, nil, false) } == [0, 1, 0])
  }

  @Test(
    "along an axis each slice splits its own upstream gradient among its own ties",
    arguments: ExtremumReduction.all, [false, true])
  func reductionTiesPerSlice(_ r: ExtremumReduction, _ keepingDimensions: Bool) throws {
    let x = leaf(r.oriented([1, 3, 3, 2, 2, 2, 5, 0, 1]), shape: [3, 3])
    let upstream = Tensor([3, 6, 2], dtype: .float64)
    let y = r.apply(x, [1], keepingDimensions).reshaped([3])
    (y * upstream).sum().backward()
    #expect(try #require(x.grad).scalars == [0, 1.5, 1.5, 2, 2, 2, 2, 0, 0])
  }

  @Test(
    "over several axes a tie counts across all of them: [2, 3, 2] reduced over axes 0 and 2",
    arguments: ExtremumReduction.all)
  func reductionTiesAcrossAxes(_ r: ExtremumReduction) throws {
    // Output j (axis 1) reduces x[:, j, :]: j = 0 has its extreme 4 at two places in
    // different slices of axis 0; j = 1 has four ties; j = 2 none.
    let values: [Double] = [
      4, 1, 7, 7, 0, 9,
      2, 4, 7, 7, 3, 1,
    ]
    let x = leaf(r.oriented(values), shape: [2, 3, 2])
    let upstream = Tensor([2, 4, 6], shape: [1, 3, 1], dtype: .float64)
    (r.apply(x, [0, 2], true) * upstream).sum().backward()
    #expect(try #require(x.grad).scalars == [1, 0, 1, 1, 0, 6, 0, 1, 1, 1, 0, 0])
  }

  @Test(
    "the tie-split gradients of every slice add up to its upstream gradient",
    arguments: ExtremumReduction.all)
  func reductionConservation(_ r: ExtremumReduction) throws {
    for axes in [[0], [1], [2], [0, 2], [1, 2]] {
      // Values from a coarse grid, so that many slices have ties.
      let values = (0..<24).map { Double(($0 * 7) % 3) }
      let x = leaf(values, shape: [2, 3, 4])
      r.apply(x, axes, false).sum().backward()
      let perSlice = try #require(x.grad).sum(axes: axes).scalars
      expectClose(perSlice, [Double](repeating: 1, count: perSlice.count), rtol: 1e-15)
    }
  }

  @Test(
    "a NaN in a reduced slice makes that slice's gradient NaN, as torch.amax",
    arguments: ExtremumReduction.all)
  func reductionNaN(_ r: ExtremumReduction) throws {
    let x = leaf([1, .nan, 2, 4, 5, 6], shape: [2, 3])
    r.apply(x, [1], false).sum().backward()
    let grad = try #require(x.grad).scalars
    #expect(grad[0..<3].allSatisfy { $0.isNaN })
    #expect(Array(grad[3...]) == (r.largest ? [0, 0, 1] : [1, 0, 0]))
  }

  @Test("float32 reductions split ties the same way", arguments: ExtremumReduction.all)
  func reductionTiesFloat32(_ r: ExtremumReduction) throws {
    var x = Tensor(r.oriented([0.1, 0.1, 0.1]), dtype: .float32)
    x.requiresGrad = true
    r.apply(x, nil, false).backward()
    let grad = try #require(x.grad)
    #expect(grad.dtype == .float32)
    expectClose(grad.scalars, [1.0 / 3, 1.0 / 3, 1.0 / 3], rtol: 1e-7)
  }

  @Test("logSumExp and softmax at tied logits: gradient 1/n each, no tie convention needed")
  func logSumExpTies() {
    let g = gradient(at: [2, 2, 2, 2]) { $0.logSumExp() }
    expectClose(g, [0.25, 0.25, 0.25, 0.25], rtol: 1e-15)
    let h = gradient(at: [5, 5, 1], shape: [1, 3]) {
      $0.logSoftmax(axis: 1) * Tensor([1, 0, 0], dtype: .float64)
    }
    let s = 1 / (2 + Foundation.exp(-4.0))
    expectClose(h, [1 - s, -s, -(1 - 2 * s)], rtol: 1e-12)
  }

  @Test("clamp passes the gradient strictly inside its bounds, 0 at and beyond them (PyTorch 2.15)")
  func clampAtBounds() {
    #expect(gradient(at: [-2, -1, 0, 1, 2]) { $0.clamp(min: -1, max: 1) } == [0, 0, 1, 0, 0])
    #expect(gradient(at: [-1, 0, 1]) { $0.clamp(min: 0) } == [0, 0, 1])
    #expect(gradient(at: [-1, 0, 1]) { $0.clamp(max: 0) } == [1, 0, 0])
    #expect(gradient(at: [.nan, .infinity, -.infinity]) { $0.clamp(min: 0, max: 1) } == [0, 0, 0])
    #expect(gradient(at: [.infinity, -.infinity]) { $0.clamp(max: 1) } == [0, 1])
    // min > max: every element is max, and nothing is inside.
    #expect(gradient(at: [-1, 0.5, 2]) { $0.clamp(min: 1, max: 0) } == [0, 0, 0])
  }

  @Test("clamp at float32 bounds uses the bound rounded to float32, as the value does")
  func clampFloat32Bound() throws {
    var x = Tensor([0.1, 0.2], dtype: .float32)
    x.requiresGrad = true
    let y = x.clamp(min: 0.1)
    #expect(y.floats == [Float(0.1), Float(0.2)])
    y.sum().backward()
    #expect(try #require(x.grad).scalars == [0, 1])
  }
}
