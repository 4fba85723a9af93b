import Testing

@testable import Descent

@Suite("LogisticRegression")
struct LogisticRegressionTests {
  static func standardized(_ dataset: Dataset) -> TensorDataset {
    let scaler = Standardizer(
      fitting: dataset.features, featureCount: dataset.featureCount,
      rows: Array(0..<dataset.rowCount))
    return TensorDataset(
      inputs: Tensor(
        scaler.transform(dataset.features, featureCount: dataset.featureCount),
        shape: [dataset.rowCount, dataset.featureCount]),
      targets: Tensor(dataset.targets))
  }

  @Test("binary: one logit, trained with binary cross-entropy, separates breast_cancer")
  func binary() throws {
    let data = Self.standardized(try BundledDataset.breastCancer.load())
    let binary = TensorDataset(inputs: data.inputs, targets: data.targets.reshaped([-1, 1]))
    let model = LogisticRegression(inputSize: 30, classCount: 2)
    #expect(model.loss == .binaryCrossEntropy)
    #expect(model.namedParameters.map(\.name) == ["weight", "bias"])
    #expect(model.parameters[0].shape == [1, 30])
    var trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.1), loss: model.loss)
    try trainer.fit(DataLoader(binary, batchSize: 64, seed: 0), epochs: 20)
    #expect(try #require(trainer.evaluate(binary).accuracy) > 0.97)
  }

  @Test("multinomial: one logit per class, trained with softmax cross-entropy, fits iris")
  func multinomial() throws {
    let data = Self.standardized(try BundledDataset.iris.load())
    let model = LogisticRegression(inputSize: 4, classCount: 3)
    #expect(model.loss == .crossEntropy)
    #expect(model(data.inputs).shape == [150, 3])
    var trainer = Trainer(
      model: model, optimizer: SGD(learningRate: 0.1, momentum: 0.9), loss: model.loss)
    try trainer.fit(DataLoader(data, batchSize: 16, seed: 0), epochs: 50)
    #expect(try #require(trainer.evaluate(data).accuracy) > 0.95)
  }
}
