import Descent
import Foundation
import Testing

/// Negative log-likelihood, and cross-entropy as its composition with log-softmax.
@Suite("Negative log-likelihood")
struct NegativeLogLikelihoodTests {
  @Test("the loss is the mean of −logProbabilities[i, labels[i]], by hand")
  func byHand() throws {
    let x = leaf([-0.5, -1, -2, -3, -0.25, -4], shape: [2, 3])
    let loss = negativeLogLikelihood(logProbabilities: x, labels: [2, 1])
    #expect(loss.item == (2 + 0.25) / 2)
    loss.backward()
    #expect(try #require(x.grad).scalars == [0, 0, -0.5, 0, -0.5, 0])
  }

  /// PyTorch's `nll_loss` with `weight`: Σ w[y_i]·(−x[i, y_i]) / Σ w[y_i].
  @Test("a weighted mean divides by the sum of the weights the labels pick, by hand")
  func weightedMean() throws {
    let x = leaf([-0.5, -1, -2, -3, -0.25, -4], shape: [2, 3])
    let w = Tensor([1, 3, 0.5], dtype: .float64)
    let loss = negativeLogLikelihood(logProbabilities: x, labels: [2, 1], weights: w)
    expectLossClose(loss, (0.5 * 2 + 3 * 0.25) / (0.5 + 3), rtol: 1e-15)
    loss.backward()
    expectLossClose(try #require(x.grad).scalars, [0, 0, -0.5 / 3.5, 0, -3 / 3.5, 0], rtol: 1e-15)
  }

  @Test(
    "crossEntropy equals negativeLogLikelihood of logSoftmax, every reduction, weighted",
    arguments: Reduction.allCases)
  func crossEntropyIsComposition(_ reduction: Reduction) {
    let logits = Domain.real.sample([4, 3], seed: 73)
    let w = Tensor([0.3, 1, 2], dtype: .float64)
    let labels = [0, 2, 1, 2]
    let composed = negativeLogLikelihood(
      logProbabilities: logits.logSoftmax(axis: 1), labels: labels, weights: w,
      reduction: reduction)
    let direct = crossEntropy(logits: logits, labels: labels, weights: w, reduction: reduction)
    expectLossClose(direct.scalars, composed.scalars, rtol: 1e-14)
  }

  @Test("class weights that the labels pick summing to 0 make the mean NaN (0/0, as PyTorch)")
  func zeroWeights() {
    let x = Tensor([-1, -2, -3, -4], shape: [2, 2], dtype: .float64)
    let w = Tensor([0, 1], dtype: .float64)
    #expect(negativeLogLikelihood(logProbabilities: x, labels: [0, 0], weights: w).item.isNaN)
    #expect(
      negativeLogLikelihood(logProbabilities: x, labels: [0, 0], weights: w, reduction: .sum)
        .item == 0)
  }
}
