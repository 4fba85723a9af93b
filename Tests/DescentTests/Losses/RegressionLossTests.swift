import Descent
import Testing

/// L1, smooth L1 and Huber losses by hand, in both dtypes.
@Suite("L1, smooth L1 and Huber losses")
struct RegressionLossTests {
  @Test("l1Loss is the mean absolute residual, by hand", arguments: DType.allCases)
  func l1ByHand(_ dtype: DType) {
    let loss = l1Loss(Tensor([1, 2, 3, -4], dtype: dtype), Tensor([1.5, 0, 3, 4], dtype: dtype))
    #expect(loss.dtype == dtype)
    let expected: Double = (0.5 + 2 + 0 + 8) / 4
    #expect(loss.item == expected)
  }

  /// Residuals −3, −0.5, 0, 0.5, 3 with beta 1: 2.5, 0.125, 0, 0.125, 2.5.
  @Test(
    "smoothL1Loss is quadratic within beta and linear beyond, by hand", arguments: DType.allCases)
  func smoothL1ByHand(_ dtype: DType) {
    let residuals = Tensor([-3, -0.5, 0, 0.5, 3], dtype: dtype)
    let zero = Tensor.zeros(shape: [5], dtype: dtype)
    #expect(smoothL1Loss(residuals, zero, reduction: .none).scalars == [2.5, 0.125, 0, 0.125, 2.5])
    // beta 2: 0.5·r²/2 inside, |r| − 1 outside.
    #expect(
      smoothL1Loss(residuals, zero, beta: 2, reduction: .none).scalars
        == [2, 0.0625, 0, 0.0625, 2])
  }

  /// Residuals −3, −0.5, 0, 0.5, 3 with delta 1: 2.5, 0.125, 0, 0.125, 2.5; with delta 2:
  /// 0.5 r² inside, 2(|r| − 1) outside.
  @Test(
    "huberLoss is quadratic within delta and linear with slope delta beyond, by hand",
    arguments: DType.allCases)
  func huberByHand(_ dtype: DType) {
    let residuals = Tensor([-3, -0.5, 0, 0.5, 3], dtype: dtype)
    let zero = Tensor.zeros(shape: [5], dtype: dtype)
    #expect(huberLoss(residuals, zero, reduction: .none).scalars == [2.5, 0.125, 0, 0.125, 2.5])
    #expect(
      huberLoss(residuals, zero, delta: 2, reduction: .none).scalars == [4, 0.125, 0, 0.125, 4])
  }

  @Test("a float32 loss is float32 and agrees with float64", arguments: [0, 1, 2])
  func float32(_ which: Int) {
    let p = Domain.real.sample([3, 4], seed: 70)
    let t = Domain.real.sample([3, 4], seed: 71)
    func loss(_ a: Tensor, _ b: Tensor) -> Tensor {
      switch which {
      case 0: l1Loss(a, b)
      case 1: smoothL1Loss(a, b, beta: 0.5)
      default: huberLoss(a, b, delta: 0.7)
      }
    }
    let single = loss(p.converted(to: .float32), t.converted(to: .float32))
    #expect(single.dtype == .float32)
    expectLossClose(single, loss(p, t).item, rtol: 1e-6)
  }
}
