import Descent
import Testing

/// A loss as a function of its reduction, on fixed float64 inputs, with the denominator its
/// mean divides the sum by.
struct ReducedLoss: Sendable, CustomTestStringConvertible {
  let name: String
  /// The shape of the `.none` result.
  let elementShape: [Int]
  /// The mean's denominator: the element count, or the sum of the picked class weights.
  let denominator: Double
  let loss: @Sendable (Reduction) -> Tensor

  var testDescription: String { name }
}

private let p = Tensor([0.7, -1.3, 2.2, 0.15, -0.4, 1.9], shape: [2, 3], dtype: .float64)
private let t = Tensor([0.1, 0.4, -0.3, 1.5, -1.15, 0.2], shape: [2, 3], dtype: .float64)
private let probabilities = Tensor(
  [0.2, 0.65, 0.9, 0.05, 0.5, 0.35], shape: [2, 3], dtype: .float64)
private let y = Tensor([0, 1, 0.3, 1, 0, 0.8], shape: [2, 3], dtype: .float64)
private let classWeights = Tensor([0.5, 2, 1.25], dtype: .float64)

private let reducedLosses: [ReducedLoss] = [
  ReducedLoss(name: "meanSquaredError", elementShape: [2, 3], denominator: 6) {
    meanSquaredError(p, t, reduction: $0)
  },
  ReducedLoss(name: "l1Loss", elementShape: [2, 3], denominator: 6) {
    l1Loss(p, t, reduction: $0)
  },
  ReducedLoss(name: "smoothL1Loss", elementShape: [2, 3], denominator: 6) {
    smoothL1Loss(p, t, beta: 0.5, reduction: $0)
  },
  ReducedLoss(name: "huberLoss", elementShape: [2, 3], denominator: 6) {
    huberLoss(p, t, delta: 2, reduction: $0)
  },
  ReducedLoss(name: "binaryCrossEntropy(probabilities:)", elementShape: [2, 3], denominator: 6) {
    binaryCrossEntropy(
      probabilities: probabilities, targets: y, weights: classWeights, reduction: $0)
  },
  ReducedLoss(name: "binaryCrossEntropy(logits:)", elementShape: [2, 3], denominator: 6) {
    binaryCrossEntropy(logits: p, targets: y, positiveWeight: classWeights, reduction: $0)
  },
  ReducedLoss(name: "negativeLogLikelihood", elementShape: [2], denominator: 2) {
    negativeLogLikelihood(logProbabilities: p.logSoftmax(axis: 1), labels: [2, 0], reduction: $0)
  },
  // Picked weights w[2] + w[0] = 1.25 + 0.5.
  ReducedLoss(name: "negativeLogLikelihood, weighted", elementShape: [2], denominator: 1.75) {
    negativeLogLikelihood(
      logProbabilities: p.logSoftmax(axis: 1), labels: [2, 0], weights: classWeights,
      reduction: $0)
  },
  ReducedLoss(name: "crossEntropy, smoothed", elementShape: [2], denominator: 2) {
    crossEntropy(logits: p, labels: [2, 0], labelSmoothing: 0.2, reduction: $0)
  },
  ReducedLoss(name: "crossEntropy, weighted and smoothed", elementShape: [2], denominator: 1.75) {
    crossEntropy(
      logits: p, labels: [2, 0], weights: classWeights, labelSmoothing: 0.2, reduction: $0)
  },
]

/// The three reductions of every loss are consistent: `.none` has the documented shape, `.sum`
/// adds its elements, and `.mean` divides that sum by the element count or, for class weights,
/// by the sum of the weights the labels pick (PyTorch's convention).
@Suite("Every loss reduces by mean (the default), sum or none")
struct LossReductionTests {
  @Test(
    "none has one loss per element or sample; sum adds them; mean divides by the count",
    arguments: reducedLosses)
  func reductions(_ loss: ReducedLoss) {
    let none = loss.loss(.none)
    #expect(none.shape == loss.elementShape)
    let sum = loss.loss(.sum)
    let mean = loss.loss(.mean)
    #expect(sum.shape == [] && mean.shape == [])
    let total = none.scalars.reduce(0, +)
    expectLossClose(sum, total, rtol: 1e-14)
    expectLossClose(mean, total / loss.denominator, rtol: 1e-14)
  }

  @Test("mean is the default reduction of every loss")
  func meanByDefault() {
    #expect(meanSquaredError(p, t).item == meanSquaredError(p, t, reduction: .mean).item)
    #expect(l1Loss(p, t).item == l1Loss(p, t, reduction: .mean).item)
    #expect(smoothL1Loss(p, t).item == smoothL1Loss(p, t, reduction: .mean).item)
    #expect(huberLoss(p, t).item == huberLoss(p, t, reduction: .mean).item)
    #expect(
      binaryCrossEntropy(probabilities: probabilities, targets: y).item
        == binaryCrossEntropy(probabilities: probabilities, targets: y, reduction: .mean).item)
    #expect(
      binaryCrossEntropy(logits: p, targets: y).item
        == binaryCrossEntropy(logits: p, targets: y, reduction: .mean).item)
    let logProbabilities = p.logSoftmax(axis: 1)
    #expect(
      negativeLogLikelihood(logProbabilities: logProbabilities, labels: [1, 1]).item
        == negativeLogLikelihood(
          logProbabilities: logProbabilities, labels: [1, 1], reduction: .mean
        ).item)
    #expect(
      crossEntropy(logits: p, labels: [1, 2]).item
        == crossEntropy(logits: p, labels: [1, 2], reduction: .mean).item)
  }

  @Test("an empty batch: sum 0, none empty, mean NaN (0/0, as PyTorch)")
  func emptyBatch() {
    let empty = Tensor.zeros(shape: [0, 3], dtype: .float64)
    #expect(crossEntropy(logits: empty, labels: [], reduction: .sum).item == 0)
    #expect(crossEntropy(logits: empty, labels: [], reduction: .none).shape == [0])
    #expect(crossEntropy(logits: empty, labels: []).item.isNaN)
    #expect(l1Loss(Tensor.zeros(shape: [0]), Tensor.zeros(shape: [0])).item.isNaN)
  }
}
