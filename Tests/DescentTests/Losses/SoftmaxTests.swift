import Descent
import Foundation
import Testing

@Suite("Softmax, log-softmax and log-sum-exp")
struct SoftmaxTests {
  @Test("logSumExp of [1, 2, 3] is 3 + log(1 + e⁻¹ + e⁻²)", arguments: DType.allCases)
  func logSumExpValue(_ dtype: DType) {
    let expected = 3 + Foundation.log(1 + Foundation.exp(-1.0) + Foundation.exp(-2.0))
    let y = Tensor([1, 2, 3], dtype: dtype).logSumExp()
    #expect(y.shape == [])
    expectClose(y, expected, rtol: dtype == .float64 ? 1e-15 : 1e-6)
  }

  @Test("logSumExp keeps or drops the reduced axis", arguments: [0, 1, -1])
  func logSumExpShapes(_ axis: Int) {
    let x = Tensor.zeros(shape: [2, 3], dtype: .float64)
    let kept = x.logSumExp(axis: axis, keepingDimensions: true)
    let dropped = x.logSumExp(axis: axis)
    let size = axis == 0 ? 2.0 : 3.0
    #expect(kept.shape == (axis == 0 ? [1, 3] : [2, 1]))
    #expect(dropped.shape == (axis == 0 ? [3] : [2]))
    expectClose(dropped.scalars, [Double](repeating: Foundation.log(size), count: dropped.count))
  }

  @Test("logSumExp of huge logits is finite: the maximum plus a small correction")
  func logSumExpLarge() {
    let y = Tensor([[1000, 1000], [-1000, -1000]], dtype: .float64).logSumExp(axis: 1)
    expectClose(y.scalars, [1000 + Foundation.log(2.0), -1000 + Foundation.log(2.0)])
  }

  /// PyTorch's `torch.logsumexp` and JAX's `logsumexp` give −∞ for a row of −∞ (a fully
  /// masked row) and +∞ for a row holding +∞, rather than ∞ − ∞ = NaN from the max shift.
  @Test("logSumExp of a row of −∞ is −∞, and of a row holding +∞ is +∞", arguments: DType.allCases)
  func logSumExpInfinite(_ dtype: DType) {
    let x = Tensor(
      [[-.infinity, -.infinity], [.infinity, 1], [-.infinity, 0]], dtype: dtype)
    #expect(x.logSumExp(axis: 1).scalars == [-.infinity, .infinity, 0])
  }

  @Test("each softmax slice sums to 1 along its axis", arguments: [0, 1])
  func softmaxSumsToOne(_ axis: Int) {
    let x = Domain.real.sample([3, 4], seed: 60)
    let sums = x.softmax(axis: axis).sum(axis: axis).scalars
    expectClose(sums, [Double](repeating: 1, count: sums.count), rtol: 1e-15)
  }

  @Test("softmax is unchanged by adding a constant to a row, even a huge one")
  func softmaxShiftInvariant() {
    let x = Tensor([[1, 2, 3]], dtype: .float64)
    let p = x.softmax(axis: 1).scalars
    expectClose((x + 1000).softmax(axis: 1).scalars, p, rtol: 1e-12)
    expectClose((x - 1000).softmax(axis: 1).scalars, p, rtol: 1e-12)
    let e = [1.0, 2, 3].map { Foundation.exp($0) }
    let total = e.reduce(0, +)
    expectClose(p, e.map { $0 / total }, rtol: 1e-15)
  }

  @Test("logSoftmax equals log(softmax) where softmax does not underflow")
  func logSoftmaxMatches() {
    let x = Domain.real.sample([2, 5], seed: 61)
    expectClose(x.logSoftmax(axis: 1).scalars, x.softmax(axis: 1).log().scalars, rtol: 1e-14)
  }
}

@Suite("logSoftmax precision")
struct LogSoftmaxPrecisionTests {
  @Test("a small log-probability next to logits of 1e4 keeps full precision")
  func precision() {
    // log softmax([1e4, 1e4 − 1e-3]) = [−log(1 + e^−1e-3), −1e-3 − log(1 + e^−1e-3)], exactly
    // computable; x − logsumexp(x) would lose about 12 digits to the 1e4 scale.
    let values = [1e4, 1e4 - 1e-3]
    let d = values[0] - values[1]  // exact (Sterbenz), ≈ 1e-3 up to the rounding of 1e4 − 1e-3
    let lse = Foundation.log(1 + Foundation.exp(-d))
    let x = Tensor(values, dtype: .float64)
    expectClose(x.logSoftmax().scalars, [-lse, -d - lse], rtol: 1e-15)
  }
}
