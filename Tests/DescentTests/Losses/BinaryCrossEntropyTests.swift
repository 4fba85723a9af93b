import Descent
import Foundation
import Testing

/// Binary cross-entropy on probabilities and from logits, by hand and against each other.
@Suite("Binary cross-entropy on probabilities and from logits")
struct BinaryCrossEntropyTests {
  @Test(
    "on probabilities, the loss is −mean(y log p + (1 − y) log(1 − p)), by hand",
    arguments: DType.allCases)
  func probabilitiesByHand(_ dtype: DType) {
    let loss = binaryCrossEntropy(
      probabilities: Tensor([0.8, 0.3, 0.5], dtype: dtype),
      targets: Tensor([1, 0, 0.25], dtype: dtype))
    #expect(loss.dtype == dtype)
    let expected = -(Foundation.log(0.8) + Foundation.log(0.7) + Foundation.log(0.5)) / 3
    expectLossClose(loss, expected, rtol: dtype == .float64 ? 1e-15 : 1e-6)
  }

  @Test("weights rescale each element and the mean still divides by the element count")
  func probabilitiesWeighted() {
    let p = Tensor([0.8, 0.3, 0.6, 0.1], shape: [2, 2], dtype: .float64)
    let y = Tensor([1, 0, 0, 1], shape: [2, 2], dtype: .float64)
    let w = Tensor([2, 0.5], dtype: .float64)  // per column
    let plain = binaryCrossEntropy(probabilities: p, targets: y, reduction: .none).scalars
    let weighted = binaryCrossEntropy(probabilities: p, targets: y, weights: w).item
    let expected = (2 * plain[0] + 0.5 * plain[1] + 2 * plain[2] + 0.5 * plain[3]) / 4
    expectLossClose([weighted], [expected], rtol: 1e-15)
  }

  @Test(
    "from logits it equals the loss on σ(logits) wherever σ is not saturated",
    arguments: Reduction.allCases)
  func logitsMatchProbabilities(_ reduction: Reduction) {
    let x = Domain.real.sample([3, 2], seed: 72) * 3
    let y = Tensor([0, 1, 0.3, 1, 0, 0.7], shape: [3, 2], dtype: .float64)
    let fromLogits = binaryCrossEntropy(logits: x, targets: y, reduction: reduction)
    let fromProbabilities = binaryCrossEntropy(
      probabilities: x.sigmoid(), targets: y, reduction: reduction)
    expectLossClose(fromLogits.scalars, fromProbabilities.scalars, rtol: 1e-13)
  }

  /// PyTorch's `pos_weight`: the positive term is multiplied by c, so
  /// loss = c·y·softplus(−x) + (1 − y)·softplus(x).
  @Test("positiveWeight multiplies the positive term only, by hand")
  func positiveWeight() {
    let x = Tensor([0.5, -1, 2], dtype: .float64)
    let y = Tensor([1, 0, 0.5], dtype: .float64)
    let c = Tensor([3, 3, 2], dtype: .float64)
    func softplus(_ v: Double) -> Double { Foundation.log(1 + Foundation.exp(v)) }
    let expected = [
      3 * softplus(-0.5), softplus(-1), 2 * 0.5 * softplus(-2) + 0.5 * softplus(2),
    ]
    let loss = binaryCrossEntropy(logits: x, targets: y, positiveWeight: c, reduction: .none)
    expectLossClose(loss.scalars, expected, rtol: 1e-14)
  }

  /// σ(−60) ≈ 8.8e-27 and 1 − σ(40) ≈ 4e-18 are probabilities whose p(1 − p) is below
  /// PyTorch's 1e-12 floor; the gradient on the probability is still exact: (p − y)/(p(1 − p)).
  @Test("the probability gradient is (p − y)/(p(1 − p)) even where p(1 − p) < 1e-12")
  func exactProbabilityGradient() throws {
    let pValues = [1 / (1 + Foundation.exp(60.0)), 1e-30, 0.5]
    let p = leaf(pValues)
    let y = [1.0, 0, 0.25]
    binaryCrossEntropy(probabilities: p, targets: Tensor(y, dtype: .float64), reduction: .sum)
      .backward()
    let expected = zip(pValues, y).map { ($0 - $1) / ($0 * (1 - $0)) }
    expectLossClose(try #require(p.grad).scalars, expected, rtol: 1e-15)
  }

  @Test("float32 logits at ±1e4 and ±∞ give finite gradients and the documented losses")
  func float32Extremes() throws {
    var x = Tensor([1e4, -1e4, .infinity, -.infinity, 0] as [Float])
    x.requiresGrad = true
    let y = Tensor([1, 1, 1, 0, 0] as [Float])
    let loss = binaryCrossEntropy(logits: x, targets: y, reduction: .none)
    #expect(loss.dtype == .float32)
    expectLossClose(loss.scalars, [0, 1e4, 0, 0, Foundation.log(2.0)], rtol: 1e-7)
    loss.sum().backward()
    #expect(try #require(x.grad).scalars == [0, -1, 0, 0, 0.5])
  }
}
