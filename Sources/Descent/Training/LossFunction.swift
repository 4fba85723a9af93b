/// The training objective of a model's output, and how to read predictions from it.
public enum LossFunction: String, Sendable, CaseIterable {
  /// Softmax cross-entropy: the output is `[n, classes]` logits, targets are class indices `[n]`.
  case crossEntropy
  /// Binary cross-entropy with logits: the output is one logit `[n, 1]`, targets are 0 or 1
  /// `[n, 1]`; the predicted class is 1 where σ(logit) ≥ the decision threshold.
  case binaryCrossEntropy
  /// Mean squared error: the output and the targets are values `[n, outputs]`.
  case meanSquaredError

  /// The mean loss of `output` against `targets` (a scalar tensor).
  /// - Precondition: shapes as described on each case.
  public func callAsFunction(_ output: Tensor, _ targets: Tensor) -> Tensor {
    switch self {
    case .crossEntropy:
      Descent.crossEntropy(logits: output, labels: targets.scalars.map { Int($0) })
    case .binaryCrossEntropy:
      Descent.binaryCrossEntropy(logits: output, targets: targets)
    case .meanSquaredError:
      Descent.meanSquaredError(output, targets)
    }
  }

  /// Whether the model classifies.
  public var isClassification: Bool { self != .meanSquaredError }
}
