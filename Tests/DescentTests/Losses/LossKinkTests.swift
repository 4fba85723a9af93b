import Descent
import Foundation
import Testing

/// The value, ∂/∂first and ∂/∂second of a summed two-input loss at float64 inputs.
private func evaluate(
  _ first: [Double], _ second: [Double], _ loss: (Tensor, Tensor) -> Tensor
) throws -> (value: Double, first: [Double], second: [Double]) {
  let a = leaf(first)
  let b = leaf(second)
  let value = loss(a, b)
  value.backward()
  return (value.item, try #require(a.grad).scalars, try #require(b.grad).scalars)
}

/// Each loss at its kinks, ties and clamps, against the convention its doc comment states.
/// (The bug cases of the kinds "abs gradient at 0" and "max/min/relu gradient at ties" as they
/// apply to losses: abs-grad-at-zero, bce-logits-grad-at-zero-logit; every loss's kink is
/// covered here, not only the ones that broke elsewhere.)
@Suite("Losses at their kinks follow their documented conventions")
struct LossKinkTests {
  @Test("l1Loss at zero residuals: value 0 and gradient 0, exactly as Σ|p − t|")
  func l1AtZero() throws {
    let p = [0.5, -1, 2, 3]
    let t = [0.5, -1, 2, 1]
    let loss = try evaluate(p, t) { l1Loss($0, $1, reduction: .sum) }
    #expect(loss.value == 2)
    #expect(loss.first == [0, 0, 0, 1])
    #expect(loss.second == [0, 0, 0, -1])
    let composed = try evaluate(p, t) { ($0 - $1).abs().sum() }
    #expect(composed.first == loss.first && composed.second == loss.second)
  }

  @Test("meanSquaredError at zero residuals: gradient 0")
  func meanSquaredAtZero() throws {
    let loss = try evaluate([1, -2, 0], [1, -2, 0]) { meanSquaredError($0, $1) }
    #expect(loss.value == 0)
    #expect(loss.first == [0, 0, 0] && loss.second == [0, 0, 0])
  }

  @Test(
    "smoothL1Loss at r = 0, ±beta/2 and ±beta: values 0, beta/8, beta/2; slopes 0, ±½, ±1",
    arguments: [1.0, 0.5, 2])
  func smoothL1AtJunction(_ beta: Double) throws {
    let r = [0, beta / 2, -beta / 2, beta, -beta]
    let loss = try evaluate(r, [0, 0, 0, 0, 0]) {
      smoothL1Loss($0, $1, beta: beta, reduction: .none).sum()
    }
    expectLossClose([loss.value], [0 + 2 * beta / 8 + 2 * beta / 2], rtol: 1e-15)
    #expect(loss.first == [0, 0.5, -0.5, 1, -1])
    #expect(loss.second == [0, -0.5, 0.5, -1, 1])
  }

  @Test("smoothL1Loss with beta 0 is the L1 loss: gradient sign(r), 0 at r = 0")
  func smoothL1BetaZero() throws {
    let p = [0, 1.5, -2, 0.25]
    let t = [0, 0, 1, 0.25]
    let smooth = try evaluate(p, t) { smoothL1Loss($0, $1, beta: 0, reduction: .sum) }
    let l1 = try evaluate(p, t) { l1Loss($0, $1, reduction: .sum) }
    #expect(smooth.value == l1.value)
    #expect(smooth.first == [0, 1, -1, 0] && smooth.first == l1.first)
  }

  @Test(
    "huberLoss at r = 0 and ±delta: values 0 and delta²/2; gradients 0 and ±delta",
    arguments: [1.0, 0.5, 2])
  func huberAtJunction(_ delta: Double) throws {
    let loss = try evaluate([0, delta, -delta], [0, 0, 0]) {
      huberLoss($0, $1, delta: delta, reduction: .sum)
    }
    expectLossClose([loss.value], [delta * delta], rtol: 1e-15)
    #expect(loss.first == [0, delta, -delta])
    #expect(loss.second == [0, -delta, delta])
  }

  @Test("huberLoss is delta × smoothL1Loss(beta: delta), values and gradients")
  func huberIsScaledSmoothL1() throws {
    let p = [0.3, -2.5, 1, 0.75, 4]
    let t = [0, 0.5, 0, 0.75, -1]
    for delta in [0.5, 1, 2] {
      let huber = try evaluate(p, t) { huberLoss($0, $1, delta: delta, reduction: .sum) }
      let smooth = try evaluate(p, t) {
        smoothL1Loss($0, $1, beta: delta, reduction: .sum) * delta
      }
      expectLossClose([huber.value], [smooth.value], rtol: 1e-15)
      expectLossClose(huber.first, smooth.first, rtol: 1e-15)
    }
  }

  /// At p = 0 or 1 the logs are clamped at −100: the loss is 0 where the target agrees and
  /// 100 per unit of disagreeing target; ∂/∂p divides by PyTorch's floor (1e-12 as a float32)
  /// because p(1 − p) = 0; ∂/∂y is the slope of the clamped loss in y, ±100.
  @Test(
    "binaryCrossEntropy(probabilities:) at p = 0 and 1: clamped value, floored ∂/∂p, ±100 ∂/∂y")
  func binaryProbabilitiesAtEnds() throws {
    let floor = Double(Float(1e-12))
    let p: [Double] = [0, 0, 0, 1, 1, 1]
    let y = [0, 1, 0.3, 0, 1, 0.3]
    let loss = try evaluate(p, y) {
      binaryCrossEntropy(probabilities: $0, targets: $1, reduction: .sum)
    }
    let values = binaryCrossEntropy(
      probabilities: Tensor(p, dtype: .float64), targets: Tensor(y, dtype: .float64),
      reduction: .none)
    expectLossClose(values.scalars, [0, 100, 30, 100, 0, 70], rtol: 1e-15)
    expectLossClose(loss.first, [0, -1 / floor, -0.3 / floor, 1 / floor, 0, 0.7 / floor])
    #expect(loss.second == [100, 100, 100, -100, -100, -100])
  }

  /// bce-logits-grad-at-zero-logit's kink: a loss composed from relu/abs gets the wrong slope
  /// at x = 0; this one has its own rule, σ(0) − y.
  @Test(
    "binaryCrossEntropy(logits:) at x = 0: value log 2, gradient exactly 0.5 − y",
    arguments: [0, 0.25, 1])
  func binaryLogitsAtZero(_ y: Double) throws {
    let loss = try evaluate([0], [y]) {
      binaryCrossEntropy(logits: $0, targets: $1, reduction: .sum)
    }
    expectLossClose([loss.value], [Foundation.log(2.0)], rtol: 1e-15)
    #expect(loss.first == [0.5 - y])
    #expect(loss.second == [-0.0])
  }

  @Test("crossEntropy with tied logits: log k, gradient 1/k − onehot", arguments: [2, 3, 5])
  func crossEntropyTies(_ classes: Int) throws {
    let logits = leaf([Double](repeating: 0.75, count: classes), shape: [1, classes])
    let loss = crossEntropy(logits: logits, labels: [1])
    expectLossClose(loss, Foundation.log(Double(classes)), rtol: 1e-15)
    loss.backward()
    var expected = [Double](repeating: 1 / Double(classes), count: classes)
    expected[1] -= 1
    expectLossClose(try #require(logits.grad).scalars, expected, rtol: 1e-15)
  }

  @Test("negativeLogLikelihood reads the label's entry: −∞ elsewhere leaves it finite")
  func negativeLogLikelihoodMasked() throws {
    let x = leaf([-.infinity, -0.5, -.infinity, 0, -.infinity, -.infinity], shape: [2, 3])
    let loss = negativeLogLikelihood(logProbabilities: x, labels: [1, 0], reduction: .sum)
    #expect(loss.item == 0.5)
    loss.backward()
    #expect(try #require(x.grad).scalars == [0, -1, 0, -1, 0, 0])
  }
}
