import Descent
import Foundation
import Testing

/// Values of PyTorch 2.15's `torch.maximum`, `torch.minimum` and `torch.xlogy` in float64 for
/// the same inputs, written down by hand (they are the IEEE and PyTorch conventions).
@Suite("Forward values of maximum, minimum and xlogy")
struct MinimumMaximumTests {
  @Test("maximum and minimum take the larger and smaller element, broadcasting")
  func values() {
    let a = Tensor([[1, 5, -2], [0, 3, 3]], dtype: .float64)
    let b = Tensor([2, 4, -2], dtype: .float64)
    let hi = Tensor.maximum(a, b)
    let lo = Tensor.minimum(a, b)
    #expect(hi.shape == [2, 3] && lo.shape == [2, 3])
    #expect(hi.scalars == [2, 5, -2, 2, 4, 3])
    #expect(lo.scalars == [1, 4, -2, 0, 3, -2])
    #expect(Tensor.maximum(a, Tensor(scalar: 2, dtype: .float64)).scalars == [2, 5, 2, 2, 3, 3])
  }

  @Test("NaN in either operand gives NaN; infinities compare as numbers", arguments: DType.allCases)
  func nanAndInfinity(_ dtype: DType) {
    let a = Tensor([.nan, 1, .infinity, -.infinity], dtype: dtype)
    let b = Tensor([1, .nan, 2, 0], dtype: dtype)
    for y in [
      Tensor.maximum(a, b), Tensor.maximum(b, a), Tensor.minimum(a, b), Tensor.minimum(b, a),
    ] {
      #expect(y.scalars[0].isNaN && y.scalars[1].isNaN)
    }
    #expect(Array(Tensor.maximum(a, b).scalars[2...]) == [.infinity, 0])
    #expect(Array(Tensor.minimum(a, b).scalars[2...]) == [2, -.infinity])
  }

  @Test("on a tie the first operand is returned, so maximum(−0, 0) is −0 (as PyTorch)")
  func signedZeroTie() {
    let negative = Tensor([-0.0], dtype: .float64)
    let positive = Tensor([0.0], dtype: .float64)
    #expect(Tensor.maximum(negative, positive).scalars[0].sign == .minus)
    #expect(Tensor.maximum(positive, negative).scalars[0].sign == .plus)
    #expect(Tensor.minimum(negative, positive).scalars[0].sign == .minus)
  }

  @Test("mixed dtypes promote to float64")
  func promotion() {
    let y = Tensor.maximum(Tensor([1.5], dtype: .float32), Tensor([0.1], dtype: .float64))
    #expect(y.dtype == .float64)
    #expect(
      Tensor.xlogy(Tensor([1], dtype: .float32), Tensor([2], dtype: .float64)).dtype == .float64)
    #expect(Tensor.minimum(Tensor([1.5]), Tensor([0.25])).dtype == .float32)
  }

  @Test(
    "xlogy is x·log y, and 0 wherever x = 0 unless y is NaN",
    arguments: [
      (2.0, 3.0, 2 * Foundation.log(3.0)), (0.5, 0.25, -0.6931471805599453),
      (-1, 2, -0.6931471805599453),
      (0, 3, 0), (0, 0, 0), (0, -1, 0), (0, .infinity, 0), (1, 0, -.infinity), (2, -1, .nan),
      (0, .nan, .nan), (.nan, 1, .nan),
    ])
  func xlogy(_ x: Double, _ y: Double, _ expected: Double) {
    for dtype in DType.allCases {
      let value = Tensor.xlogy(Tensor([x], dtype: dtype), Tensor([y], dtype: dtype)).item
      #expect(
        isApproximatelyEqual(value, expected, atol: 0, rtol: dtype == .float64 ? 1e-15 : 1e-6))
    }
  }

  @Test("xlogy broadcasts: a zero row stays zero against a row holding log 0")
  func xlogyBroadcast() {
    let t = Tensor([[0], [2]], dtype: .float64)
    let p = Tensor([0, 1, 0.5], dtype: .float64)
    let y = Tensor.xlogy(t, p)
    #expect(y.shape == [2, 3])
    expectClose(y.scalars, [0, 0, 0, -.infinity, 0, -1.3862943611198906], rtol: 1e-15)
  }
}
