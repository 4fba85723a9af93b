import Descent
import Testing

@Suite("Reshaping, transposing, expanding and summing to a shape")
struct ShapeTests {
  static let matrix = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .float64)

  @Test(
    "reshaped keeps the row-major order and infers one −1 size",
    arguments: [
      ([-1], [6]), ([3, -1], [3, 2]), ([-1, 2], [3, 2]), ([1, -1, 3], [1, 2, 3]),
      ([6, 1], [6, 1]),
      ([2, 3], [2, 3]),
    ])
  func reshaped(_ requested: [Int], _ expected: [Int]) {
    let y = Self.matrix.reshaped(requested)
    #expect(y.shape == expected)
    #expect(y.scalars == [1, 2, 3, 4, 5, 6])
  }

  @Test("a scalar reshapes to [1] and back")
  func scalarReshape() {
    let s = Tensor(scalar: 3, dtype: .float64)
    #expect(s.reshaped([1]).shape == [1])
    #expect(s.reshaped([1]).reshaped([]).shape == [])
    #expect(s.reshaped([-1]).shape == [1])
  }

  @Test("transposed swaps the last two axes by default")
  func transposedMatrix() {
    let t = Self.matrix.transposed()
    #expect(t.shape == [3, 2])
    #expect(t.scalars == [1, 4, 2, 5, 3, 6])
    #expect(t.transposed().scalars == Self.matrix.scalars)
  }

  @Test("transposed swaps any two axes of a 3-D tensor")
  func transposed3D() {
    let x = Tensor((0..<24).map(Double.init), shape: [2, 3, 4], dtype: .float64)
    let t = x.transposed(0, 2)
    #expect(t.shape == [4, 3, 2])
    // t[k, j, i] = x[i, j, k] = 12i + 4j + k.
    #expect(t[3, 1, 0] == 7)
    #expect(t[1, 2, 1] == 21)
    #expect(x.transposed(1, 1).scalars == x.scalars)
    #expect(x.transposed(-1, 0).shape == [4, 3, 2])
  }

  @Test(
    "expanded(to:) repeats along broadcast axes",
    arguments: [
      ([3], [2, 3], [1.0, 2, 3, 1, 2, 3]), ([2, 1], [2, 3], [1, 1, 1, 2, 2, 2]),
      ([], [2, 2], [1, 1, 1, 1]), ([1, 2], [3, 2], [1, 2, 1, 2, 1, 2]),
    ])
  func expanded(_ from: [Int], _ to: [Int], _ expected: [Double]) {
    let x = Tensor((0..<from.reduce(1, *)).map { Double($0) + 1 }, shape: from, dtype: .float64)
    let y = x.expanded(to: to)
    #expect(y.shape == to)
    #expect(y.scalars == expected)
  }

  @Test(
    "sumToShape sums over the axes along which the shape was broadcast",
    arguments: [
      ([3], [5.0, 7, 9]), ([2, 1], [6, 15]), ([1, 3], [5, 7, 9]), ([], [21]),
      ([2, 3], [1, 2, 3, 4, 5, 6]), ([1, 1], [21]),
    ])
  func sumToShape(_ shape: [Int], _ expected: [Double]) {
    let y = Self.matrix.sumToShape(shape)
    #expect(y.shape == shape)
    #expect(y.scalars == expected)
  }

  @Test("converted(to:) widens exactly and narrows by rounding to nearest")
  func converted() {
    let x = Tensor([0.1, 1e-50, 3], dtype: .float64)
    let narrow = x.converted(to: .float32)
    #expect(narrow.dtype == .float32)
    #expect(narrow.floats == [Float(0.1), 0, 3])
    let wide = narrow.converted(to: .float64)
    #expect(wide.dtype == .float64)
    #expect(wide.scalars == [Double(Float(0.1)), 0, 3])
  }
}
