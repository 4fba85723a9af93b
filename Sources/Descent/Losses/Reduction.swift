/// How a loss combines its per-element (or per-sample) values into its result, as PyTorch's
/// `reduction` argument. Every loss takes `reduction: Reduction = .mean`.
///
///     meanSquaredError(p, t)                     // shape [], the mean
///     meanSquaredError(p, t, reduction: .sum)    // shape [], the sum
///     meanSquaredError(p, t, reduction: .none)   // the shape of p, one loss per element
///
/// Source: PyTorch, `torch.nn.functional` losses, argument `reduction`.
public enum Reduction: String, Sendable, CaseIterable {
  /// The mean of the losses (shape `[]`): their sum divided by their count, or, for a loss with
  /// class weights, by the sum of the weights the labels pick. The mean of no losses is NaN.
  case mean
  /// The sum of the losses (shape `[]`); the sum of no losses is 0.
  case sum
  /// No reduction: one loss per element (elementwise losses) or per sample (classification
  /// losses), in the shape of the input or `[batch]`.
  case none

  /// `losses` reduced: mean or sum over every element, or returned as they are.
  func apply(to losses: Tensor) -> Tensor {
    switch self {
    case .mean: losses.mean()
    case .sum: losses.sum()
    case .none: losses
    }
  }
}
