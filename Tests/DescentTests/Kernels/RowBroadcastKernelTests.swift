import Descent
import Testing

/// The row-wise fast paths of the elementwise kernels (an operand repeated along the leading
/// axes, and sums over the leading axes) against values computed by hand-written loops.
@Suite("Row-broadcast kernels")
struct RowBroadcastKernelTests {
  static let full = Tensor(
    (0..<24).map { Double($0) * 0.5 - 3 }, shape: [2, 3, 4], dtype: .float64)

  /// Shapes that repeat along the leading axes of `[2, 3, 4]`.
  @Test(
    "a − row and row − a match elementwise loops",
    arguments: [[4], [1, 4], [3, 4], [1, 3, 4], [1, 1, 4]])
  func subtractRow(rowShape: [Int]) {
    let count = rowShape.reduce(1, *)
    let row = Tensor((0..<count).map { Double($0) * 1.25 + 1 }, shape: rowShape, dtype: .float64)
    let x = Self.full.scalars
    let r = row.scalars
    let expected = (0..<24).map { x[$0] - r[$0 % count] }
    #expect((Self.full - row).scalars == expected)
    #expect((row - Self.full).scalars == expected.map { -$0 })
    #expect((Self.full - row).shape == [2, 3, 4])
  }

  @Test("sums over leading axes match loops over the rows", arguments: [[0], [0, 1]])
  func leadingSums(axes: [Int]) {
    let x = Self.full.scalars
    let period = axes == [0] ? 12 : 4
    let expected = (0..<period).map { j in
      stride(from: j, to: 24, by: period).reduce(0.0) { $0 + x[$1] }
    }
    #expect(Self.full.sum(axes: axes).scalars == expected)
  }
}
