import Descent
import Testing

/// `TensorDataset.subset`, which copies rows directly (the batches of every training step).
@Suite("Tensor dataset subsets")
struct TensorDatasetTests {
  @Test(
    "a subset holds the rows gatherRows gives, for both dtypes and target shapes",
    arguments: [
      DType.float32, .float64,
    ])
  func subsetMatchesGatherRows(dtype: DType) {
    let inputs = Tensor((0..<24).map { Double($0) * 0.25 }, shape: [6, 4], dtype: dtype)
    for targets in [
      Tensor([0, 1, 2, 0, 1, 2], dtype: dtype),
      Tensor((0..<12).map(Double.init), shape: [6, 2], dtype: dtype),
    ] {
      let data = TensorDataset(inputs: inputs, targets: targets)
      for rows in [[5, 0, 3, 3], [], [2]] {
        let subset = data.subset(rows)
        #expect(subset.inputs.shape == [rows.count, 4])
        #expect(subset.inputs.scalars == inputs.gatherRows(rows).scalars)
        #expect(subset.targets.shape == [rows.count] + targets.shape.dropFirst())
        #expect(subset.targets.scalars == targets.gatherRows(rows).scalars)
        #expect(subset.inputs.dtype == dtype && !subset.inputs.requiresGrad)
      }
    }
  }

  @Test("rows of a tensor that records gradients are gathered as a differentiable op")
  func subsetKeepsTheGraph() {
    var inputs = Tensor([[1, 2], [3, 4], [5, 6]], dtype: .float64)
    inputs.requiresGrad = true
    let data = TensorDataset(inputs: inputs, targets: Tensor([0, 1, 0]))
    data.subset([2, 0]).inputs.sum().backward()
    #expect(inputs.grad?.scalars == [1, 1, 0, 0, 1, 1])
  }
}
