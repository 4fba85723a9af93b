import Testing

@testable import Descent

/// ŷ = w·x with a single weight and no bias, as in the bug case.
private struct ScalarWeight: Module {
  var w: Tensor

  func callAsFunction(_ input: Tensor) -> Tensor { Tensor.matmul(input, w) }

  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "w", &w)
  }
}

@Suite("Divergence bug case")
struct DivergenceBugCaseTests {
  /// The case's data: x = [1, 2, 3], y = 2x.
  static func data(dtype: DType) -> TensorDataset {
    TensorDataset(
      inputs: Tensor([1, 2, 3], shape: [3, 1], dtype: dtype),
      targets: Tensor([2, 4, 6], shape: [3, 1], dtype: dtype))
  }

  /// Full-batch SGD on MSE for ŷ = w·x from w = 0.
  fileprivate static func trainer(
    learningRate: Double, dtype: DType
  ) -> Trainer<ScalarWeight, SGD> {
    var w = Tensor.zeros(shape: [1, 1], dtype: dtype)
    w.requiresGrad = true
    return Trainer(
      model: ScalarWeight(w: w), optimizer: SGD(learningRate: learningRate),
      loss: .meanSquaredError)
  }

  // Bug case gd-diverges-nan-detection (a linear-regression tutorial whose losses grew to NaN;
  // see the fixture's source): full-batch gradient descent on MSE with w0 = 0. With
  // learning rate 0.5 the error is multiplied by −11/3 each step; the trainer must stop at the
  // first non-finite loss, before it reaches the weight.
  @Test(
    "gd-diverges-nan-detection: losses as computed by hand, then a stop at the first non-finite",
    arguments: DType.allCases)
  func diverges(dtype: DType) throws {
    let bugCase = try Fixtures.bugCase("gd-diverges-nan-detection")
    let expected = try #require(bugCase["expected"] as? [String: Any])
    let firstLosses = try #require(expected["A_first_losses"] as? [Double])
    let firstNonFinite = try #require(
      (expected["A_first_nonfinite_loss_step_index"] as? [String: Int])?[dtype.rawValue])

    let data = Self.data(dtype: dtype)
    var trainer = Self.trainer(learningRate: 0.5, dtype: dtype)
    var losses: [Double] = []
    do {
      // Only the NaN/infinity check here: the 10× guard would stop at epoch 2 (tested below).
      try trainer.fit(
        DataLoader(data, batchSize: 3, shuffle: false), epochs: 1000,
        onStep: { losses.append($0.loss) }, divergenceFactor: nil)
      Issue.record("gradient descent with learning rate 0.5 did not diverge")
    } catch {
      guard case .diverged(let epoch, _, let loss, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      // Step index k (0-based) is epoch k + 1: one full batch per epoch.
      #expect(epoch == firstNonFinite + 1)
      #expect(!loss.isFinite)
    }
    let tolerance = dtype == .float64 ? 1e-12 : 1e-6
    expectClose(Array(losses.prefix(4)), firstLosses, rtol: tolerance)
    #expect(losses.count == firstNonFinite)
    #expect(trainer.model.w.scalars.allSatisfy { $0.isFinite })
  }

  @Test("gd-diverges-nan-detection: learning rate 0.1 converges to w = 2")
  func converges() throws {
    let data = Self.data(dtype: .float64)
    var trainer = Self.trainer(learningRate: 0.1, dtype: .float64)
    let history = try trainer.fit(DataLoader(data, batchSize: 3, shuffle: false), epochs: 61)
    expectClose(trainer.model.w.scalars, [2.0], rtol: 1e-12)
    #expect(history.trainLosses.last! < 1e-20)
  }

  @Test("gd-diverges-nan-detection: the 10× guard stops at epoch 2, long before any NaN")
  func tenTimesGuard() throws {
    let data = Self.data(dtype: .float64)
    var trainer = Self.trainer(learningRate: 0.5, dtype: .float64)
    // Losses 18.67, then 250.96 > 10 × 18.67: the second epoch trips the guard.
    do {
      try trainer.fit(DataLoader(data, batchSize: 3, shuffle: false), epochs: 1000)
      Issue.record("the 10× guard did not stop training")
    } catch {
      guard case .lossExploded(let epoch, let loss, let initialLoss, let learningRate) = error
      else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(epoch == 2)
      expectClose([loss, initialLoss], [250.96296296296296, 18.666666666666668], rtol: 1e-12)
      #expect(learningRate == 0.5)
    }
  }
}
