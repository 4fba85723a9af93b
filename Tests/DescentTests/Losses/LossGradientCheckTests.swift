import Descent
import Testing

/// A loss as a scalar function of float64 inputs, for gradient checks: every reduction is
/// made scalar (`.none` through ``weightedSum(_:)``, so each element counts separately).
private func scalar(_ loss: Tensor, _ reduction: Reduction) -> Tensor {
  reduction == .none ? weightedSum(loss) : loss
}

/// Fixed float64 inputs away from every loss's kinks: residuals with |r| in [0.3, 2] and not
/// within 0.05 of 0.5, 1 or 2 (the thresholds tested), probabilities in [0.05, 0.95].
private enum Inputs {
  static let predictions = Tensor(
    [0.7, -1.3, 2.2, 0.15, -0.4, 1.9], shape: [2, 3], dtype: .float64)
  static let targets = Tensor([0.1, 0.4, -0.3, 1.5, -1.15, 0.2], shape: [2, 3], dtype: .float64)
  static let probabilities = Tensor(
    [0.2, 0.65, 0.9, 0.05, 0.5, 0.35], shape: [2, 3], dtype: .float64)
  static let binaryTargets = Tensor([0, 1, 0.3, 1, 0, 0.8], shape: [2, 3], dtype: .float64)
  static let classWeights = Tensor([0.5, 2, 1.25], dtype: .float64)
  static let rowWeights = Tensor([[1.5], [0.25]], dtype: .float64)
  static let labels = [2, 0]
}

/// Central finite differences in float64 agree with `backward()` for every loss, every
/// reduction, and every input that gets a gradient (predictions, targets, weights), at points
/// away from the kinks; the derivative rules are tensor ops, so second derivatives are checked
/// the same way.
@Suite("Loss gradients match finite differences away from kinks")
struct LossGradientCheckTests {
  @Test("meanSquaredError: predictions and targets", arguments: Reduction.allCases)
  func meanSquared(_ reduction: Reduction) {
    expectGradientsMatch([Inputs.predictions, Inputs.targets]) {
      scalar(meanSquaredError($0[0], $0[1], reduction: reduction), reduction)
    }
  }

  @Test("l1Loss: predictions and targets", arguments: Reduction.allCases)
  func l1(_ reduction: Reduction) {
    expectGradientsMatch([Inputs.predictions, Inputs.targets]) {
      scalar(l1Loss($0[0], $0[1], reduction: reduction), reduction)
    }
  }

  @Test(
    "smoothL1Loss: predictions and targets, beta 1, 0.5 and 0",
    arguments: Reduction.allCases, [1.0, 0.5, 0])
  func smoothL1(_ reduction: Reduction, beta: Double) {
    expectGradientsMatch([Inputs.predictions, Inputs.targets]) {
      scalar(smoothL1Loss($0[0], $0[1], beta: beta, reduction: reduction), reduction)
    }
  }

  @Test(
    "huberLoss: predictions and targets, delta 1, 0.5 and 3",
    arguments: Reduction.allCases, [1.0, 0.5, 3])
  func huber(_ reduction: Reduction, delta: Double) {
    expectGradientsMatch([Inputs.predictions, Inputs.targets]) {
      scalar(huberLoss($0[0], $0[1], delta: delta, reduction: reduction), reduction)
    }
  }

  @Test(
    "binaryCrossEntropy(probabilities:): probabilities, targets and weights",
    arguments: Reduction.allCases)
  func binaryProbabilities(_ reduction: Reduction) {
    let inputs = [Inputs.probabilities, Inputs.binaryTargets, Inputs.classWeights]
    expectGradientsMatch(inputs) {
      scalar(
        binaryCrossEntropy(
          probabilities: $0[0], targets: $0[1], weights: $0[2], reduction: reduction),
        reduction)
    }
  }

  @Test(
    "binaryCrossEntropy(logits:): logits, targets, weights and positive weights",
    arguments: Reduction.allCases)
  func binaryLogits(_ reduction: Reduction) {
    let positiveWeight = Tensor([2, 0.5, 1], dtype: .float64)
    let inputs = [Inputs.predictions, Inputs.binaryTargets, Inputs.rowWeights, positiveWeight]
    expectGradientsMatch(inputs) {
      scalar(
        binaryCrossEntropy(
          logits: $0[0], targets: $0[1], weights: $0[2], positiveWeight: $0[3],
          reduction: reduction),
        reduction)
    }
    expectGradientsMatch([Inputs.predictions, Inputs.binaryTargets]) {
      scalar(binaryCrossEntropy(logits: $0[0], targets: $0[1], reduction: reduction), reduction)
    }
  }

  @Test(
    "negativeLogLikelihood: log-probabilities and class weights",
    arguments: Reduction.allCases)
  func negativeLogLikelihood(_ reduction: Reduction) {
    let logProbabilities = Inputs.predictions.logSoftmax(axis: 1)
    expectGradientsMatch([logProbabilities, Inputs.classWeights]) {
      scalar(
        Descent.negativeLogLikelihood(
          logProbabilities: $0[0], labels: Inputs.labels, weights: $0[1], reduction: reduction),
        reduction)
    }
  }

  @Test(
    "crossEntropy: logits and class weights, with and without label smoothing",
    arguments: Reduction.allCases, [0, 0.1])
  func crossEntropy(_ reduction: Reduction, labelSmoothing: Double) {
    expectGradientsMatch([Inputs.predictions, Inputs.classWeights]) {
      scalar(
        Descent.crossEntropy(
          logits: $0[0], labels: Inputs.labels, weights: $0[1], labelSmoothing: labelSmoothing,
          reduction: reduction),
        reduction)
    }
    expectGradientsMatch([Inputs.predictions]) {
      scalar(
        Descent.crossEntropy(
          logits: $0[0], labels: Inputs.labels, labelSmoothing: labelSmoothing,
          reduction: reduction),
        reduction)
    }
  }

  @Test(
    "second derivatives of the losses with their own derivative rules match",
    arguments: [
      "smoothL1Loss", "huberLoss", "binaryCrossEntropy(probabilities:)",
      "binaryCrossEntropy(logits:)", "crossEntropy",
    ])
  func secondDerivatives(_ name: String) {
    let y = Inputs.binaryTargets
    let t = Inputs.targets
    let positiveWeight = Tensor([2, 0.5, 1], dtype: .float64)
    func loss(_ x: Tensor) -> Tensor {
      switch name {
      case "smoothL1Loss": smoothL1Loss(x, t, beta: 0.5, reduction: .sum)
      case "huberLoss": huberLoss(x, t, delta: 0.5, reduction: .sum)
      case "binaryCrossEntropy(probabilities:)":
        binaryCrossEntropy(probabilities: x.sigmoid(), targets: y, reduction: .sum)
      case "binaryCrossEntropy(logits:)":
        binaryCrossEntropy(logits: x, targets: y, positiveWeight: positiveWeight)
      default: Descent.crossEntropy(logits: x, labels: Inputs.labels, labelSmoothing: 0.1)
      }
    }
    let report = GradientCheck(atol: 1e-5, rtol: 1e-4).check([Inputs.predictions], gradientOf(loss))
    #expect(report.passed, "\(report)")
  }

  /// The target gradient of binary cross-entropy on probabilities goes through the clamped
  /// logs, whose own derivative rule is what a second derivative meets.
  @Test("the mixed second derivative of binaryCrossEntropy(probabilities:) matches")
  func binaryProbabilitiesMixed() {
    expectGradientsMatch([Inputs.probabilities]) { p in
      var y = Inputs.binaryTargets
      y.requiresGrad = true
      binaryCrossEntropy(probabilities: p[0], targets: y, reduction: .sum)
        .backward(createGraph: true)
      p[0].zeroGrad()  // Only the outer backward pass may leave a gradient in p.
      let gradient = y.grad ?? Tensor.zeros(shape: y.shape, dtype: .float64)
      return weightedSum(gradient)
    }
  }
}
