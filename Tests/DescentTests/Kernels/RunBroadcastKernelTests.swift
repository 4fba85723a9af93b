import Descent
import Testing

/// The run-wise fast path of the elementwise kernels (an operand constant along the trailing
/// axes, such as a row maximum `[rows, 1]` against `[rows, columns]`) against loops.
@Suite("Run-broadcast kernels")
struct RunBroadcastKernelTests {
  static let full = Tensor(
    (0..<24).map { Double($0) * 0.5 - 3 }, shape: [2, 3, 4], dtype: .float64)

  @Test(
    "a − column and column − a match elementwise loops",
    arguments: [([2, 3, 1], 1), ([2, 1, 1], 3)])
  func subtractColumn(shape: [Int], rowsPerValue: Int) {
    let count = shape.reduce(1, *)
    let column = Tensor((0..<count).map { Double($0) * 1.5 + 1 }, shape: shape, dtype: .float64)
    let x = Self.full.scalars
    let c = column.scalars
    let expected = (0..<24).map { x[$0] - c[$0 / (4 * rowsPerValue)] }
    #expect((Self.full - column).scalars == expected)
    #expect((column - Self.full).scalars == expected.map { -$0 })
    #expect((Self.full * column).shape == [2, 3, 4])
  }

  @Test("empty operands give empty results")
  func empty() {
    let a = Tensor.zeros(shape: [0, 4])
    #expect((a - Tensor.zeros(shape: [0, 1])).shape == [0, 4])
    #expect((a + Tensor.zeros(shape: [4])).shape == [0, 4])
  }
}
