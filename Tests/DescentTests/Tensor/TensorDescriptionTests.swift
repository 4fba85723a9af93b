import Descent
import Testing

@Suite("Tensor description")
struct TensorDescriptionTests {
  @Test("a matrix prints its shape, dtype and rows")
  func matrix() {
    let x = Tensor([[1, 2, 3], [4, 5, 6]])
    #expect(
      x.description == """
        Tensor(shape: [2, 3], dtype: float32)
        [[1.0, 2.0, 3.0],
         [4.0, 5.0, 6.0]]
        """)
  }

  @Test("a scalar, a vector and a 3-D tensor print nested brackets; float32 prints short")
  func ranks() {
    #expect(Tensor(scalar: 0.1).description == "Tensor(shape: [], dtype: float32)\n0.1")
    var v = Tensor([0.1, -2], dtype: .float64)
    v.requiresGrad = true
    #expect(v.description == "Tensor(shape: [2], dtype: float64, requiresGrad: true)\n[0.1, -2.0]")
    let cube = Tensor((0..<8).map(Double.init), shape: [2, 2, 2])
    #expect(
      cube.description == """
        Tensor(shape: [2, 2, 2], dtype: float32)
        [[[0.0, 1.0],
          [2.0, 3.0]],

         [[4.0, 5.0],
          [6.0, 7.0]]]
        """)
  }

  @Test("above 1,000 elements each long axis shows its first and last 3 entries")
  func abbreviated() {
    let x = Tensor((0..<2000).map(Double.init), shape: [100, 20])
    let lines = x.description.split(separator: "\n")
    #expect(lines[0] == "Tensor(shape: [100, 20], dtype: float32)")
    #expect(lines[1] == "[[0.0, 1.0, 2.0, …, 17.0, 18.0, 19.0],")
    #expect(lines[4] == " …,")
    #expect(lines.last == " [1980.0, 1981.0, 1982.0, …, 1997.0, 1998.0, 1999.0]]")
    #expect(lines.count == 8)
  }
}
