import Descent
import Testing

@Suite("Selecting rows and elements")
struct SelectionTests {
  static let rows = Tensor([[1, 2], [3, 4], [5, 6]], dtype: .float64)

  @Test("gatherRows picks rows in the given order, repeats allowed")
  func gatherRows() {
    let g = Self.rows.gatherRows([2, 0, 2])
    #expect(g.shape == [3, 2])
    #expect(g.scalars == [5, 6, 1, 2, 5, 6])
    #expect(Self.rows.gatherRows([]).shape == [0, 2])
    let v = Tensor([10, 20, 30], dtype: .float64).gatherRows([1, 1])
    #expect(v.shape == [2])
    #expect(v.scalars == [20, 20])
  }

  @Test("scatterAddRows adds each row into its target row, zeros elsewhere")
  func scatterAddRows() {
    let s = Self.rows.scatterAddRows([1, 3, 1], rowCount: 4)
    #expect(s.shape == [4, 2])
    #expect(s.scalars == [0, 0, 6, 8, 0, 0, 3, 4])
  }

  @Test("oneHot puts a 1 at each label's column", arguments: DType.allCases)
  func oneHot(_ dtype: DType) {
    let h = Tensor.oneHot([2, 0, 1], classCount: 3, dtype: dtype)
    #expect(h.shape == [3, 3])
    #expect(h.dtype == dtype)
    #expect(h.scalars == [0, 0, 1, 1, 0, 0, 0, 1, 0])
  }

  @Test("where takes a where the condition is nonzero and b elsewhere, broadcasting")
  func whereValues() {
    let condition = Tensor([[1, 0, 2], [0, 0, -1]], dtype: .float64)
    let a = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .float64)
    let b = Tensor([10, 20, 30], dtype: .float64)
    #expect(Tensor.where(condition, a, b).scalars == [1, 20, 3, 10, 20, 6])
    let picked = Tensor.where(
      Tensor([1, 0], dtype: .float64), Tensor(scalar: 7), b.reshaped([3, 1]))
    #expect(picked.shape == [3, 2])
    #expect(picked.scalars == [7, 10, 7, 20, 7, 30])
  }

  @Test("where does not let ∞ or NaN from the branch not taken into the result or gradient")
  func whereNoLeak() {
    var x = Tensor([1, 2, 3], dtype: .float64)
    x.requiresGrad = true
    let other = Tensor([.infinity, .nan, 5], dtype: .float64)
    let y = Tensor.where(Tensor([1, 1, 0], dtype: .float64), x * 2, other)
    #expect(y.scalars == [2, 4, 5])
    y.sum().backward()
    #expect(x.grad?.scalars == [2, 2, 0])
  }
}
