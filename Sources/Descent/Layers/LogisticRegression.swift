/// Logistic regression: a linear model of class logits, binary or multinomial.
///
/// Binary (`classCount == 2`): one logit z = x·wᵀ + b, P(class 1 | x) = σ(z), trained with
/// ``LossFunction/binaryCrossEntropy``. Multinomial (`classCount > 2`): logits z = x·Wᵀ + b of
/// shape `[batch, classCount]`, P(class k | x) = softmax(z)ₖ, trained with
/// ``LossFunction/crossEntropy``. Parameters `weight` (`[1, inputSize]` or
/// `[classCount, inputSize]`) and `bias`, initialized to zero, as is usual for this convex
/// model (every start reaches the same optimum).
///
///     var model = LogisticRegression(inputSize: 30, classCount: 2)
///     var trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.1), loss: model.loss)
///
/// Source: D. R. Cox, "The regression analysis of binary sequences", JRSS B 20(2), 1958.
public struct LogisticRegression: Module {
  /// The linear map from features to logits.
  public var linear: Linear

  /// The number of classes (2 for binary).
  public let classCount: Int

  /// A model of `inputSize` features and `classCount` classes, with zero weights and bias.
  /// - Precondition: `inputSize > 0`, `classCount >= 2`.
  public init(inputSize: Int, classCount: Int, dtype: DType = .float32) {
    precondition(
      inputSize > 0 && classCount >= 2,
      "LogisticRegression: needs inputSize > 0 and classCount ≥ 2, got \(inputSize) and "
        + "\(classCount)")
    let outputs = classCount == 2 ? 1 : classCount
    linear = Linear(
      weight: .zeros(shape: [outputs, inputSize], dtype: dtype),
      bias: .zeros(shape: [outputs], dtype: dtype))
    self.classCount = classCount
  }

  /// The loss this model trains with: binary cross-entropy for two classes, softmax
  /// cross-entropy for more.
  public var loss: LossFunction { classCount == 2 ? .binaryCrossEntropy : .crossEntropy }

  /// Logits: `[batch, inputSize]` → `[batch, 1]` (binary) or `[batch, classCount]`.
  public func callAsFunction(_ input: Tensor) -> Tensor { linear(input) }

  /// Visits `weight` and `bias`.
  public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    linear.visitParameters(prefix: prefix, body)
  }
}
