import Descent
import Testing

@Suite("Matrix products")
struct MatrixProductTests {
  static let a = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .float64)
  static let b = Tensor([[7, 8], [9, 10], [11, 12]], dtype: .float64)
  // a·b = [[58, 64], [139, 154]].
  static let product: [Double] = [58, 64, 139, 154]

  @Test("[2, 3] · [3, 2] gives the hand-computed [2, 2] product")
  func plain() {
    let c = Self.a.matmul(Self.b)
    #expect(c.shape == [2, 2])
    #expect(c.scalars == Self.product)
  }

  @Test(
    "each transposition reads its operand transposed", arguments: [false, true], [false, true])
  func transpositions(_ transposeA: Bool, _ transposeB: Bool) {
    let a = transposeA ? Self.a.transposed() : Self.a
    let b = transposeB ? Self.b.transposed() : Self.b
    let c = Tensor.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    #expect(c.shape == [2, 2])
    #expect(c.scalars == Self.product)
  }

  @Test("a row times a column is their dot product, and a column times a row their outer product")
  func vectors() {
    let row = Tensor([[1, 2, 3]], dtype: .float64)
    let column = Tensor([[4], [5], [6]], dtype: .float64)
    #expect(row.matmul(column).scalars == [32])
    let outer = column.matmul(row)
    #expect(outer.shape == [3, 3])
    #expect(outer.scalars == [4, 8, 12, 5, 10, 15, 6, 12, 18])
  }

  @Test("an inner size of 0 gives zeros")
  func emptyInner() {
    let c = Tensor.zeros(shape: [2, 0]).matmul(Tensor.zeros(shape: [0, 3]))
    #expect(c.shape == [2, 3])
    #expect(c.scalars == [0, 0, 0, 0, 0, 0])
  }

  @Test("float32 products agree with float64 to float32 precision")
  func float32() {
    let c = Self.a.converted(to: .float32).matmul(Self.b.converted(to: .float32))
    #expect(c.dtype == .float32)
    #expect(c.scalars == Self.product)
  }
}
