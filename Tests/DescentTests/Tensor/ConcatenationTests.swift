import Descent
import Testing

@Suite("Concatenation, stacking, slicing and padding")
struct ConcatenationTests {
  static let a = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .float64)
  static let b = Tensor([[7, 8, 9]], dtype: .float64)
  static let c = Tensor([[10], [20]], dtype: .float64)

  @Test("concatenate along axis 0 puts the rows one after another")
  func alongRows() {
    let y = Tensor.concatenate([Self.a, Self.b])
    #expect(y.shape == [3, 3])
    #expect(y.scalars == [1, 2, 3, 4, 5, 6, 7, 8, 9])
  }

  @Test("concatenate along axis 1 (or −1) joins each row", arguments: [1, -1])
  func alongColumns(_ axis: Int) {
    let y = Tensor.concatenate([Self.c, Self.a, Self.c], axis: axis)
    #expect(y.shape == [2, 5])
    #expect(y.scalars == [10, 1, 2, 3, 10, 20, 4, 5, 6, 20])
  }

  @Test("concatenate along the middle axis of a 3-D tensor interleaves blocks")
  func middleAxis() {
    let x = Tensor((0..<8).map(Double.init), shape: [2, 2, 2], dtype: .float64)
    let z = Tensor([-1, -2, -3, -4], shape: [2, 1, 2], dtype: .float64)
    let y = Tensor.concatenate([x, z], axis: 1)
    #expect(y.shape == [2, 3, 2])
    #expect(y.scalars == [0, 1, 2, 3, -1, -2, 4, 5, 6, 7, -3, -4])
  }

  @Test("concatenate promotes to the widest dtype and accepts parts of size 0")
  func dtypesAndEmptyParts() {
    let narrow = Tensor([0.5, 1.5], dtype: .float32)
    let empty = Tensor([], shape: [0], dtype: .float32)
    let y = Tensor.concatenate([narrow, empty, Tensor([2.25], dtype: .float64)])
    #expect(y.dtype == .float64)
    #expect(y.scalars == [0.5, 1.5, 2.25])
    #expect(Tensor.concatenate([narrow, empty]).dtype == .float32)
    #expect(Tensor.concatenate([empty, empty]).shape == [0])
  }

  @Test("concatenating one tensor gives it back")
  func single() {
    let y = Tensor.concatenate([Self.a], axis: 1)
    #expect(y.shape == [2, 3] && y.scalars == Self.a.scalars)
  }

  @Test(
    "stack adds a new axis in the given place",
    arguments: [
      (0, [2, 2, 3]), (1, [2, 2, 3]), (2, [2, 3, 2]), (-1, [2, 3, 2]), (-3, [2, 2, 3]),
    ])
  func stack(_ axis: Int, _ shape: [Int]) {
    let y = Tensor.stack([Self.a, Self.a * 10], axis: axis)
    #expect(y.shape == shape)
    let expected: [Double] =
      switch axis {
      case 0, -3: [1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60]
      case 1: [1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 60]
      default: [1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]
      }
    #expect(y.scalars == expected)
  }

  @Test("stacking scalars gives a vector")
  func stackScalars() {
    let y = Tensor.stack([Tensor(scalar: 1), Tensor(scalar: 2), Tensor(scalar: 3)])
    #expect(y.shape == [3])
    #expect(y.scalars == [1, 2, 3])
  }

  @Test("slice keeps the indices in the range along one axis", arguments: [1, -1])
  func slice(_ axis: Int) {
    let y = Self.a.slice(axis: axis, 1..<3)
    #expect(y.shape == [2, 2])
    #expect(y.scalars == [2, 3, 5, 6])
    #expect(Self.a.slice(axis: 0, 1..<2).scalars == [4, 5, 6])
  }

  @Test("slice of a 3-D tensor along its middle axis, an empty range, and the whole range")
  func sliceEdges() {
    let x = Tensor((0..<24).map(Double.init), shape: [2, 3, 4], dtype: .float64)
    let y = x.slice(axis: 1, 2..<3)
    #expect(y.shape == [2, 1, 4])
    #expect(y.scalars == [8, 9, 10, 11, 20, 21, 22, 23])
    #expect(x.slice(axis: 2, 4..<4).shape == [2, 3, 0])
    #expect(x.slice(axis: 0, 0..<2).scalars == x.scalars)
    #expect(x.slice(axis: 1, 0..<1).dtype == .float64)
  }

  @Test("padded puts zeros before and after along one axis")
  func padded() {
    #expect(
      Tensor([1, 2], dtype: .float64).padded(axis: 0, before: 1, after: 2).scalars == [
        0, 1, 2, 0, 0,
      ])
    let y = Self.c.padded(axis: -1, before: 0, after: 1)
    #expect(y.shape == [2, 2])
    #expect(y.scalars == [10, 0, 20, 0])
    let z = Self.b.padded(axis: 0, before: 1, after: 0)
    #expect(z.shape == [2, 3])
    #expect(z.scalars == [0, 0, 0, 7, 8, 9])
  }

  @Test("slicing back out of a concatenation recovers each part")
  func roundTrip() {
    let y = Tensor.concatenate([Self.a, Self.b, Self.a], axis: 0)
    #expect(y.slice(axis: 0, 0..<2).scalars == Self.a.scalars)
    #expect(y.slice(axis: 0, 2..<3).scalars == Self.b.scalars)
    #expect(y.slice(axis: 0, 3..<5).scalars == Self.a.scalars)
  }
}
