/// Examples as tensors: one row of `inputs` and one entry of `targets` per example.
///
/// For classification with ``LossFunction/crossEntropy`` the targets are class indices stored
/// as numbers, shape `[n]`; for ``LossFunction/binaryCrossEntropy`` they are 0 or 1, shape
/// `[n, 1]`; for ``LossFunction/meanSquaredError`` they are values, shape `[n, outputs]`.
public struct TensorDataset: Sendable {
  /// `[n, features]`.
  public var inputs: Tensor
  /// `[n]` or `[n, k]`.
  public var targets: Tensor

  /// Pairs inputs with targets.
  /// - Precondition: both have the same number of rows, and `inputs` is 2-D.
  public init(inputs: Tensor, targets: Tensor) {
    precondition(
      inputs.rank == 2 && targets.rank >= 1 && inputs.shape[0] == targets.shape[0],
      "TensorDataset: inputs \(inputs.shape) and targets \(targets.shape) need the same number "
        + "of rows, with inputs [n, features]")
    self.inputs = inputs
    self.targets = targets
  }

  /// The number of examples.
  public var count: Int { inputs.shape[0] }

  /// The examples at `rows`, in that order.
  /// - Precondition: every index is in `0..<count`.
  public func subset(_ rows: [Int]) -> TensorDataset {
    TensorDataset(inputs: Self.rows(rows, of: inputs), targets: Self.rows(rows, of: targets))
  }

  /// `tensor.gatherRows(rows)`, copied row by row when the tensor records no gradient.
  private static func rows(_ rows: [Int], of tensor: Tensor) -> Tensor {
    guard !tensor.requiresGrad, tensor.rank >= 1 else { return tensor.gatherRows(rows) }
    return Tensor(
      storage: tensor.storage.gatheringRows(rows, rows: tensor.shape[0]),
      shape: [rows.count] + tensor.shape.dropFirst())
  }

  /// The targets as class indices (for classification targets stored as numbers).
  public var labels: [Int] { targets.scalars.map { Int($0) } }
}
