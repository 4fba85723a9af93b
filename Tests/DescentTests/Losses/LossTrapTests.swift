import Descent
import Testing

/// A misuse of a loss and what its trap message must name.
struct LossMisuse: Sendable, CustomTestStringConvertible {
  /// Which misuse (the exit test's child process switches on it).
  let name: String
  /// Fragments the message must contain: the loss, and the shapes or values involved.
  let fragments: [String]

  var testDescription: String { name }

  /// Runs the misuse; it must trap.
  static func run(_ name: String) {
    let (a23, a3, a31) = (
      Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [3]), Tensor.zeros(shape: [3, 1])
    )
    let logits = Tensor.zeros(shape: [2, 3])
    switch name {
    case "mse shapes": _ = meanSquaredError(a31, a3)
    case "l1 shapes": _ = l1Loss(a23, a3)
    case "smoothL1 shapes": _ = smoothL1Loss(a31, a3, reduction: .sum)
    case "smoothL1 negative beta": _ = smoothL1Loss(a3, a3, beta: -1)
    case "huber shapes": _ = huberLoss(a23, a3, reduction: .none)
    case "huber zero delta": _ = huberLoss(a3, a3, delta: 0)
    case "bce shapes": _ = binaryCrossEntropy(probabilities: a31, targets: a3)
    case "bce probability above 1":
      _ = binaryCrossEntropy(probabilities: Tensor([0.5, 1.5]), targets: Tensor([1, 0]))
    case "bce weights":
      _ = binaryCrossEntropy(probabilities: a23, targets: a23, weights: Tensor.zeros(shape: [2]))
    case "bce logits shapes": _ = binaryCrossEntropy(logits: a23, targets: a3)
    case "bce logits positive weight":
      _ = binaryCrossEntropy(logits: a23, targets: a23, positiveWeight: Tensor.zeros(shape: [4]))
    case "nll label": _ = negativeLogLikelihood(logProbabilities: logits, labels: [0, 3])
    case "nll batch": _ = negativeLogLikelihood(logProbabilities: logits, labels: [0, 1, 2])
    case "cross-entropy label": _ = crossEntropy(logits: logits, labels: [5, 0])
    case "cross-entropy negative label": _ = crossEntropy(logits: logits, labels: [0, -1])
    case "cross-entropy rank": _ = crossEntropy(logits: a3, labels: [0, 1, 2])
    case "cross-entropy weights":
      _ = crossEntropy(logits: logits, labels: [0, 1], weights: Tensor.ones(shape: [2]))
    case "cross-entropy smoothing":
      _ = crossEntropy(logits: logits, labels: [0, 1], labelSmoothing: 1.5)
    default: fatalError("unknown misuse \(name)")
    }
  }
}

private let misuses: [LossMisuse] = [
  LossMisuse(name: "mse shapes", fragments: ["meanSquaredError", "[3, 1]", "[3]"]),
  LossMisuse(name: "l1 shapes", fragments: ["l1Loss", "[2, 3]", "[3]"]),
  LossMisuse(name: "smoothL1 shapes", fragments: ["smoothL1Loss", "[3, 1]", "[3]"]),
  LossMisuse(name: "smoothL1 negative beta", fragments: ["smoothL1Loss", "beta", "-1"]),
  LossMisuse(name: "huber shapes", fragments: ["huberLoss", "[2, 3]", "[3]"]),
  LossMisuse(name: "huber zero delta", fragments: ["huberLoss", "delta", "0"]),
  LossMisuse(name: "bce shapes", fragments: ["binaryCrossEntropy", "[3, 1]", "[3]"]),
  LossMisuse(
    name: "bce probability above 1", fragments: ["binaryCrossEntropy", "1.5", "[0, 1]"]),
  LossMisuse(name: "bce weights", fragments: ["binaryCrossEntropy", "weights", "[2]", "[2, 3]"]),
  LossMisuse(
    name: "bce logits shapes", fragments: ["binaryCrossEntropy(logits:)", "[2, 3]", "[3]"]),
  LossMisuse(
    name: "bce logits positive weight",
    fragments: ["binaryCrossEntropy(logits:)", "positiveWeight", "[4]", "[2, 3]"]),
  LossMisuse(
    name: "nll label", fragments: ["negativeLogLikelihood", "label 3", "3 classes"]),
  LossMisuse(
    name: "nll batch", fragments: ["negativeLogLikelihood", "[2, 3]", "batch = 3"]),
  LossMisuse(name: "cross-entropy label", fragments: ["crossEntropy", "label 5", "3 classes"]),
  LossMisuse(
    name: "cross-entropy negative label", fragments: ["crossEntropy", "label -1", "3 classes"]),
  LossMisuse(name: "cross-entropy rank", fragments: ["crossEntropy", "[3]", "[batch, classes]"]),
  LossMisuse(
    name: "cross-entropy weights", fragments: ["crossEntropy", "weights", "[2]", "[3]"]),
  LossMisuse(
    name: "cross-entropy smoothing", fragments: ["crossEntropy", "labelSmoothing", "1.5"]),
]

/// Misusing a loss traps, with a message naming the loss and what it was given: both shapes,
/// or the label and the class count, or the bad value (exit tests: each runs in a child
/// process that must fail).
@Suite("Misused losses trap with a message naming the loss and what was wrong")
struct LossTrapTests {
  @Test("the misuse traps and the message names the loss and the culprits", arguments: misuses)
  func traps(_ misuse: LossMisuse) async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      [name = misuse.name as String] in
      LossMisuse.run(name)
    }
    let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    for fragment in misuse.fragments {
      #expect(message.contains(fragment), "\(misuse.name): \(fragment) missing from \(message)")
    }
  }
}
