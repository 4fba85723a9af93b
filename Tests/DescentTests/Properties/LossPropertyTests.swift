import Descent
import Foundation
import PropertyBased
import Testing

/// A loss with its inputs: the differentiable ones (predictions, logits, probabilities) and
/// the fixed ones (targets, labels), drawn where the loss is smooth.
struct LossCase: CustomStringConvertible {
  var name: String
  var inputs: [Tensor]
  var apply: ([Tensor]) -> Tensor

  var description: String { "\(name) at \(inputs.map(\.scalars))" }

  static let generator = Generator<Int, Shrink.None<Int>> { rng in
    Int.random(in: 0..<8, using: &rng)
  }

  /// The case `kind` with shapes and values from `rng`; `extreme` draws logits and
  /// predictions from ``TensorGen/extremeValue`` instead of the smooth domain.
  static func make(_ kind: Int, extreme: Bool, _ rng: inout Xoshiro) -> LossCase {
    let reduction = Reduction.allCases.randomElement(using: &rng) ?? .mean
    let batch = Int.random(in: 1...4, using: &rng)
    let shape = Bool.random(using: &rng) ? [batch] : [batch, Int.random(in: 1...3, using: &rng)]
    let count = shape.reduce(1, *)
    func moderate(_ range: ClosedRange<Double>) -> Tensor {
      TensorGen.tensor(shape, Gen.double(in: range), &rng)
    }
    func free() -> Tensor {
      extreme ? TensorGen.tensor(shape, TensorGen.extremeValue, &rng) : moderate(-2...2)
    }
    switch kind {
    case 0:
      return LossCase(
        name: "meanSquaredError \(reduction)", inputs: [free(), moderate(-2...2)],
        apply: { meanSquaredError($0[0], $0[1], reduction: reduction) })
    case 1, 2, 3:
      // l1, huber and smooth L1 have kinks where |prediction − target| is 0 or the threshold:
      // residuals are drawn with magnitudes in [0.1, 0.9] or [1.1, 3].
      let targets = moderate(-2...2)
      let residuals = (0..<count).map { _ in
        let magnitude =
          Bool.random(using: &rng)
          ? Double.random(in: 0.1...0.9, using: &rng) : Double.random(in: 1.1...3, using: &rng)
        return Bool.random(using: &rng) ? magnitude : -magnitude
      }
      let predictions =
        extreme
        ? free() : Tensor(zip(targets.scalars, residuals).map(+), shape: shape, dtype: .float64)
      let (name, apply): (String, ([Tensor]) -> Tensor) =
        switch kind {
        case 1: ("l1Loss", { l1Loss($0[0], $0[1], reduction: reduction) })
        case 2: ("huberLoss", { huberLoss($0[0], $0[1], delta: 1, reduction: reduction) })
        default: ("smoothL1Loss", { smoothL1Loss($0[0], $0[1], beta: 1, reduction: reduction) })
        }
      return LossCase(name: "\(name) \(reduction)", inputs: [predictions, targets], apply: apply)
    case 4:
      let targets = moderate(0...1)
      let probabilities = moderate(0.05...0.95)
      return LossCase(
        name: "binaryCrossEntropy \(reduction)", inputs: [probabilities, targets],
        apply: { binaryCrossEntropy(probabilities: $0[0], targets: $0[1], reduction: reduction) })
    case 5:
      let targets = moderate(0...1)
      return LossCase(
        name: "binaryCrossEntropy(logits:) \(reduction)", inputs: [free(), targets],
        apply: { binaryCrossEntropy(logits: $0[0], targets: $0[1], reduction: reduction) })
    default:
      let classes = Int.random(in: 1...4, using: &rng)
      let logits =
        extreme
        ? TensorGen.tensor([batch, classes], TensorGen.extremeValue, &rng)
        : TensorGen.tensor([batch, classes], Gen.double(in: -3...3), &rng)
      let labels = (0..<batch).map { _ in Int.random(in: 0..<classes, using: &rng) }
      let weights = TensorGen.tensor([classes], Gen.double(in: 0.5...2), &rng)
      let smoothing = Bool.random(using: &rng) ? 0 : Double.random(in: 0...1, using: &rng)
      if kind == 6 {
        return LossCase(
          name: "crossEntropy labels \(labels) smoothing \(smoothing) \(reduction)",
          inputs: [logits, weights],
          apply: {
            crossEntropy(
              logits: $0[0], labels: labels, weights: $0[1], labelSmoothing: smoothing,
              reduction: reduction)
          })
      }
      return LossCase(
        name: "negativeLogLikelihood of logSoftmax, labels \(labels) \(reduction)",
        inputs: [logits],
        apply: {
          negativeLogLikelihood(
            logProbabilities: $0[0].logSoftmax(axis: 1), labels: labels, reduction: reduction)
        })
    }
  }
}

@Suite("Property: losses")
struct LossPropertyTests {
  @Test("reverse mode matches central differences and forward mode; gradients have input shapes")
  func derivatives() {
    forAllCases("loss derivatives", seed: 61, LossCase.generator) { kind, rng in
      let loss = LossCase.make(kind, extreme: false, &rng)
      return DerivativeCheck().problem(loss.apply, at: loss.inputs, rng: &rng).map {
        "\(loss): \($0)"
      }
    }
  }

  @Test("losses of finite logits are finite; so are their gradients where bounded")
  func finiteValues() {
    forAllCases("loss finite values", seed: 62, LossCase.generator) { kind, rng in
      let loss = LossCase.make(kind, extreme: true, &rng)
      let magnitude = loss.inputs[0].scalars.map { Swift.abs($0) }.max() ?? 0
      // Squared residuals overflow above 1e154; the others are finite for any finite input
      // (binaryCrossEntropy(logits:) and crossEntropy are computed through log-sum-exp).
      if kind == 0 && magnitude > 1e153 { return nil }
      // Sums of up to 12 terms of the inputs' size, or (cross-entropy) of their differences.
      if ((1...3).contains(kind) || kind >= 6) && magnitude > 1e306 { return nil }
      let value = loss.apply(loss.inputs)
      if !allFinite(value) { return "\(loss) = \(value.scalars)" }
      // The bounded gradients: of the classification losses with respect to the logits.
      guard kind >= 5 else { return nil }
      let g = gradient(of: { loss.apply([$0] + loss.inputs.dropFirst()).sum() }, at: loss.inputs[0])
      if !allFinite(g) { return "\(loss): gradient \(g.scalars)" }
      return nil
    }
  }
}
