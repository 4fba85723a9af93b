/// Contract checks shared by the losses. Each traps with a message that names the loss and
/// what it was given, as misuse in code (not bad data) should.

/// Traps unless `a` and `b` have the same shape. Losses do not broadcast their two main
/// operands: `[n, 1]` against `[n]` would silently pair every prediction with every target.
func requireSameShape(
  _ loss: String, _ aName: String, _ a: Tensor, _ bName: String, _ b: Tensor
) {
  precondition(
    a.shape == b.shape,
    "\(loss): \(aName) of shape \(a.shape) and \(bName) of shape \(b.shape) differ; reshape "
      + "one to match")
}

/// Traps unless `tensor` broadcasts to `shape` (the shape of the loss's input).
func requireBroadcastable(
  _ loss: String, _ name: String, _ tensor: Tensor, to shape: [Int], of inputName: String
) {
  precondition(
    Broadcasting.shape(tensor.shape, shape) == shape,
    "\(loss): \(name) of shape \(tensor.shape) do not broadcast to the \(inputName) shape "
      + "\(shape)")
}

/// Traps unless `scores` is `[batch, classes]` with one label per row, every label is in
/// `0..<classes`, and `weights`, if any, has shape `[classes]`.
func requireClassLabels(
  _ loss: String, _ name: String, _ scores: Tensor, _ labels: [Int], weights: Tensor?
) {
  precondition(
    scores.rank == 2 && scores.shape[0] == labels.count,
    "\(loss): \(name) of shape \(scores.shape) need shape [batch, classes] with batch = "
      + "\(labels.count), one row per label")
  let classes = scores.shape[1]
  for (i, label) in labels.enumerated() {
    precondition(
      label >= 0 && label < classes,
      "\(loss): label \(label) at position \(i) is out of range for \(classes) classes "
        + "(labels must be in 0..<\(classes))")
  }
  if let weights {
    precondition(
      weights.shape == [classes],
      "\(loss): class weights of shape \(weights.shape) need shape [\(classes)], one per class "
        + "of \(name) of shape \(scores.shape)")
  }
}
