import Descent
import Testing

/// Training gives the same parameters, bit for bit, whatever the thread count: the matrix
/// products split C across threads without changing the order of any sum.
@Suite("Thread-count determinism")
struct ThreadCountDeterminismTests {
  /// The parameters, as raw float bits, after two epochs of SGD with momentum on Gaussian
  /// clusters (128 samples × 96 features, 4 classes), an MLP 96-128-4 trained in batches of 64,
  /// with `threads` threads. The first layer's products (64 × 96 × 128 multiply-adds, and its
  /// weight gradient) are three times the threading threshold, so they split across threads.
  static func trainedParameters(threads: Int) throws -> [[UInt32]] {
    var rng = RandomGenerator(seed: 3)
    let (samples, features, classes) = (128, 96, 4)
    let labels = (0..<samples).map { _ in rng.nextIndex(below: classes) }
    let inputs = (0..<(samples * features)).map { index in
      Double(labels[index / features]) + rng.nextStandardNormal()
    }
    let data = TensorDataset(
      inputs: Tensor(inputs, shape: [samples, features]),
      targets: Tensor(labels.map(Double.init), shape: [samples]))
    let model = Sequential.multilayerPerceptron(sizes: [features, 128, classes], using: &rng)
    var trainer = Trainer(
      model: model, optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .crossEntropy)
    _ = try Threading.withCount(threads) {
      try trainer.fit(DataLoader(data, batchSize: 64, seed: 1), epochs: 2)
    }
    return trainer.model.parameters.map { $0.floats.map(\.bitPattern) }
  }

  @Test("an MLP trained with 1, 2 and 3 threads ends with bit-identical parameters")
  func bitIdenticalParameters() throws {
    let single = try Self.trainedParameters(threads: 1)
    for threads in [2, 3] {
      let same = try Self.trainedParameters(threads: threads) == single
      #expect(same, "parameters trained with \(threads) threads differ from those with 1")
    }
  }
}
