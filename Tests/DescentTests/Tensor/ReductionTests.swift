import Descent
import Testing

/// A reduction of `[[1, 2, 3], [4, 5, 6]]` and its expected shape and values.
struct ReductionValueCase: Sendable, CustomTestStringConvertible {
  let name: String
  let apply: @Sendable (Tensor) -> Tensor
  let shape: [Int]
  let expected: [Double]
  var testDescription: String { name }

  static let all: [ReductionValueCase] = [
    ReductionValueCase(name: "sum()", apply: { $0.sum() }, shape: [], expected: [21]),
    ReductionValueCase(
      name: "sum(axis: 0)", apply: { $0.sum(axis: 0) }, shape: [3], expected: [5, 7, 9]),
    ReductionValueCase(
      name: "sum(axis: 1)", apply: { $0.sum(axis: 1) }, shape: [2], expected: [6, 15]),
    ReductionValueCase(
      name: "sum(axis: −1, keeping)", apply: { $0.sum(axis: -1, keepingDimensions: true) },
      shape: [2, 1], expected: [6, 15]),
    ReductionValueCase(
      name: "sum(axis: 0, keeping)", apply: { $0.sum(axis: 0, keepingDimensions: true) },
      shape: [1, 3], expected: [5, 7, 9]),
    ReductionValueCase(
      name: "sum(all, keeping)", apply: { $0.sum(keepingDimensions: true) }, shape: [1, 1],
      expected: [21]),
    ReductionValueCase(
      name: "sum(axes: [1, 0])", apply: { $0.sum(axes: [1, 0]) }, shape: [], expected: [21]),
    ReductionValueCase(name: "mean()", apply: { $0.mean() }, shape: [], expected: [3.5]),
    ReductionValueCase(
      name: "mean(axis: 0)", apply: { $0.mean(axis: 0) }, shape: [3], expected: [2.5, 3.5, 4.5]),
    ReductionValueCase(
      name: "mean(axis: 1, keeping)", apply: { $0.mean(axis: 1, keepingDimensions: true) },
      shape: [2, 1], expected: [2, 5]),
    ReductionValueCase(name: "max()", apply: { $0.max() }, shape: [], expected: [6]),
    ReductionValueCase(
      name: "max(axis: 0)", apply: { $0.max(axis: 0) }, shape: [3], expected: [4, 5, 6]),
    ReductionValueCase(
      name: "max(axis: 1, keeping)", apply: { $0.max(axis: 1, keepingDimensions: true) },
      shape: [2, 1], expected: [3, 6]),
    ReductionValueCase(
      name: "max of the negated", apply: { (-$0).max(axis: 1) }, shape: [2], expected: [-1, -4]),
    ReductionValueCase(name: "min()", apply: { $0.min() }, shape: [], expected: [1]),
    ReductionValueCase(
      name: "min(axis: 0)", apply: { $0.min(axis: 0) }, shape: [3], expected: [1, 2, 3]),
    ReductionValueCase(
      name: "min(axis: 1, keeping)", apply: { $0.min(axis: 1, keepingDimensions: true) },
      shape: [2, 1], expected: [1, 4]),
    ReductionValueCase(
      name: "min of the negated", apply: { (-$0).min(axis: 1) }, shape: [2], expected: [-3, -6]),
    ReductionValueCase(
      name: "min(axes: [0, 1], keeping)", apply: { $0.min(axes: [0, 1], keepingDimensions: true) },
      shape: [1, 1], expected: [1]),
    ReductionValueCase(name: "amax()", apply: { $0.amax() }, shape: [], expected: [6]),
    ReductionValueCase(
      name: "amax(axis: −1)", apply: { $0.amax(axis: -1) }, shape: [2], expected: [3, 6]),
    ReductionValueCase(
      name: "amax(axes: [0], keeping)", apply: { $0.amax(axes: [0], keepingDimensions: true) },
      shape: [1, 3], expected: [4, 5, 6]),
    ReductionValueCase(name: "amin()", apply: { $0.amin() }, shape: [], expected: [1]),
    ReductionValueCase(
      name: "amin(axis: 0)", apply: { $0.amin(axis: 0) }, shape: [3], expected: [1, 2, 3]),
    ReductionValueCase(
      name: "amin(axes: [1], keeping)", apply: { $0.amin(axes: [1], keepingDimensions: true) },
      shape: [2, 1], expected: [1, 4]),
  ]
}

@Suite("Reductions: sum, mean, max, min, amax, amin and argmax")
struct ReductionTests {
  static let matrix = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .float64)

  @Test(
    "each reduction gives the hand-computed shape and values", arguments: ReductionValueCase.all)
  func values(_ c: ReductionValueCase) {
    let y = c.apply(Self.matrix)
    #expect(y.shape == c.shape)
    #expect(y.scalars == c.expected)
    #expect(c.apply(Self.matrix.converted(to: .float32)).dtype == .float32)
  }

  @Test("a 3-D tensor reduces over non-adjacent axes")
  func threeDimensional() {
    let x = Tensor((0..<24).map(Double.init), shape: [2, 3, 4], dtype: .float64)
    let s = x.sum(axes: [0, 2])
    #expect(s.shape == [3])
    // Row j of both blocks: Σ_i Σ_k (12i + 4j + k) = 2·(4·4j + 6) + 4·12.
    #expect(s.scalars == [60, 92, 124])
    #expect(x.sum(axes: [0, 2], keepingDimensions: true).shape == [1, 3, 1])
    #expect(x.max(axes: [1, 2]).scalars == [11, 23])
    #expect(x.mean(axis: 1).shape == [2, 4])
    #expect(x.mean(axis: 1).scalars[0] == 4)
  }

  @Test("the sum of an empty tensor is 0 and its mean is NaN")
  func emptyTensor() {
    let empty = Tensor([], shape: [0], dtype: .float64)
    #expect(empty.sum().item == 0)
    #expect(empty.mean().item.isNaN)
    let rows = Tensor.zeros(shape: [0, 3], dtype: .float64)
    let columnMeans = rows.mean(axis: 0)
    #expect(columnMeans.shape == [3])
    #expect(columnMeans.scalars.allSatisfy { $0.isNaN })
    #expect(rows.mean(axis: 1).shape == [0])
    #expect(rows.sum(axis: 0).scalars == [0, 0, 0])
  }

  /// A left-to-right float32 running sum of 100 000 copies of 0.1 drifts to 9998.557 (NumPy's
  /// `cumsum` in float32), 1.4e−4 off; NumPy's pairwise `sum` and PyTorch give 10000.0.
  @Test("a float32 sum of many elements is accurate to float32 precision, not drifting")
  func float32SumAccuracy() {
    let x = Tensor(repeating: 0.1, shape: [100_000], dtype: .float32)
    let exact = 100_000 * Double(Float(0.1))
    expectClose(x.sum(), exact, rtol: 1e-7)
    expectClose(x.mean(), Double(Float(0.1)), rtol: 1e-7)
    let rows = Tensor(repeating: 0.1, shape: [2, 50_000], dtype: .float32)
    expectClose(rows.sum(axis: 1).scalars, [exact / 2, exact / 2], rtol: 1e-7)
    #expect(x.sum().dtype == .float32)
  }

  @Test("max is NaN when a reduced element is NaN")
  func maxNaN() {
    let x = Tensor([[1, .nan, 3], [4, 5, 6]], dtype: .float64)
    let m = x.max(axis: 1).scalars
    #expect(m[0].isNaN && m[1] == 6)
    #expect(x.max().item.isNaN)
  }

  @Test("max of a row of −∞ is −∞")
  func maxOfMinusInfinity() {
    #expect(Tensor([-.infinity, -.infinity], dtype: .float64).max().item == -.infinity)
  }

  @Test("min, amax and amin are NaN when a reduced element is NaN", arguments: DType.allCases)
  func minNaN(_ dtype: DType) {
    let x = Tensor([[1, .nan, 3], [4, 5, 6]], dtype: dtype)
    for m in [x.min(axis: 1), x.amax(axis: 1), x.amin(axis: 1)] {
      #expect(m.scalars[0].isNaN)
    }
    #expect(x.min(axis: 1).scalars[1] == 4)
    #expect(x.amax(axis: 1).scalars[1] == 6)
    #expect(x.min().item.isNaN && x.amin().item.isNaN && x.amax().item.isNaN)
    // NaN first in the row, too: the accumulator stays NaN.
    #expect(Tensor([.nan, 1, 2], dtype: dtype).min().item.isNaN)
  }

  @Test("min of a row of +∞ is +∞, and min and max of ±∞ are right")
  func minOfInfinity() {
    #expect(Tensor([.infinity, .infinity], dtype: .float64).min().item == .infinity)
    let x = Tensor([.infinity, -.infinity, 0], dtype: .float64)
    #expect(x.min().item == -.infinity && x.amax().item == .infinity)
  }

  @Test("amax and amin are max and min: the same values on a 3-D tensor over any axes")
  func aliases() {
    let x = Domain.real.sample([2, 3, 4], seed: 40)
    for axes in [nil, [0], [1, 2], [-1, 0]] as [[Int]?] {
      #expect(x.amax(axes: axes).scalars == x.max(axes: axes).scalars)
      #expect(x.amin(axes: axes).scalars == x.min(axes: axes).scalars)
      #expect(x.min(axes: axes).scalars == (-(-x).max(axes: axes)).scalars)
    }
  }

  @Test(
    "argmax picks the first of tied largest values",
    arguments: [
      ([1.0, 3, 3], 1), ([5.0, 5, 5], 0), ([-1.0, -2, -1], 0), ([0.0, 2, 1, 2], 1),
      ([7.0], 0),
    ])
  func argmaxTies(_ values: [Double], _ expected: Int) {
    #expect(Tensor(values, dtype: .float64).argmax() == [expected])
  }

  @Test("argmax along each axis of a matrix gives one index per other position")
  func argmaxAxes() {
    let x = Tensor([[1, 9, 3], [8, 2, 8]], dtype: .float64)
    #expect(x.argmax(axis: 1) == [1, 0])
    #expect(x.argmax(axis: -1) == [1, 0])
    #expect(x.argmax(axis: 0) == [1, 0, 1])
    let cube = Tensor([0, 5, 1, 2, 7, 3, 9, 1, 4, 0, 1, 8], shape: [2, 3, 2], dtype: .float64)
    #expect(cube.argmax(axis: 1) == [2, 0, 0, 2])
  }

  @Test("argmax counts NaN as largest")
  func argmaxNaN() {
    #expect(Tensor([1, .nan, 5], dtype: .float64).argmax() == [1])
    #expect(Tensor([.nan, 7, 5], dtype: .float64).argmax() == [0])
  }
}
