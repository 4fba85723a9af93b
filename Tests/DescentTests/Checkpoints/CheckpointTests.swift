import Foundation
import Testing

@testable import Descent

/// A temporary folder, removed when the test's scope ends via `defer`.
func temporaryFolder() throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "descent-ckpt-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder
}

@Suite("Checkpoints: state dictionaries, optimizer state and exact resumption")
struct CheckpointTests {
  static func description(sizes: [Int]) -> ModelDescription {
    ModelDescription(
      layerSizes: sizes, activation: .relu, task: "classification", loss: "crossEntropy",
      featureNames: (0..<sizes[0]).map { "f\($0)" }, targetName: "y",
      classLabels: ["a", "b", "c"], classValues: [0, 1, 2],
      featureMeans: Array(repeating: 0, count: sizes[0]),
      featureScales: Array(repeating: 1, count: sizes[0]), fillValues: nil, targetMean: nil,
      targetScale: nil, decisionThreshold: nil, dataset: "iris")
  }

  @Test("a state dictionary has PyTorch's names and layout and loads back exactly")
  func stateDict() throws {
    var rng = RandomGenerator(seed: 1)
    let model = Sequential.multilayerPerceptron(sizes: [4, 5, 3], using: &rng)
    let state = model.stateDict()
    #expect(state.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
    #expect(state.map(\.tensor.shape) == [[5, 4], [5], [3, 5], [3]])
    var other = Sequential.multilayerPerceptron(sizes: [4, 5, 3], using: &rng)
    try other.loadStateDict(Dictionary(uniqueKeysWithValues: state.map { ($0.name, $0.tensor) }))
    #expect(other.parameters.map(\.scalars) == model.parameters.map(\.scalars))
    #expect(other.parameters.allSatisfy { $0.requiresGrad })
  }

  @Test("a state dictionary that does not fit names the parameters and shapes")
  func stateDictMismatch() throws {
    var rng = RandomGenerator(seed: 1)
    var model = Sequential.multilayerPerceptron(sizes: [4, 5, 3], using: &rng)
    let before = model.parameters.map(\.scalars)
    var tensors = Dictionary(uniqueKeysWithValues: model.stateDict().map { ($0.name, $0.tensor) })
    tensors["2.weight"] = Tensor.zeros(shape: [5, 3])
    #expect(
      throws: CheckpointError.shapeMismatch(name: "2.weight", expected: [3, 5], found: [5, 3])
    ) {
      try model.loadStateDict(tensors)
    }
    tensors["2.weight"] = nil
    #expect(throws: CheckpointError.missingParameters(["2.weight"])) {
      try model.loadStateDict(tensors)
    }
    tensors["2.weight"] = Tensor.zeros(shape: [3, 5])
    tensors["4.weight"] = Tensor.zeros(shape: [1])
    #expect(throws: CheckpointError.unexpectedParameters(["4.weight"])) {
      try model.loadStateDict(tensors)
    }
    #expect(model.parameters.map(\.scalars) == before)
  }

  @Test("every optimizer's state survives a save and load", arguments: OptimizerKind.allCases)
  func optimizerState(kind: OptimizerKind) throws {
    let data = try StoppingTests.irisData()
    var rng = RandomGenerator(seed: 2)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [4, 6, 3], using: &rng),
      optimizer: kind.make(learningRate: 0.01, momentum: 0.9, weightDecay: 0), loss: .crossEntropy)
    try trainer.fit(DataLoader(data, batchSize: 50, seed: 1), epochs: 2)
    let saved = trainer.optimizer.stateDict()
    #expect(!saved.isEmpty)
    var fresh = kind.make(learningRate: 0.01, momentum: 0.9, weightDecay: 0)
    try fresh.loadStateDict(saved)
    let restored = fresh.stateDict()
    #expect(Set(restored.keys) == Set(saved.keys))
    for (key, tensor) in saved { #expect(restored[key]!.scalars == tensor.scalars, "\(key)") }
    var sgd = OptimizerKind.sgd.make(learningRate: 0.01, momentum: 0.9, weightDecay: 0)
    if kind != .sgd {
      #expect(throws: CheckpointError.self) { try sgd.loadStateDict(saved) }
    }
  }

  /// Trains iris for `epochs` epochs with `kind`, a plateau schedule and early stopping,
  /// interrupting after `interruptAfter` epochs through a checkpoint file when given.
  static func train(
    kind: OptimizerKind, epochs: Int, interruptAfter: Int?, folder: URL
  ) throws -> (Sequential, History) {
    let data = try StoppingTests.irisData()
    let validation = data.subset(Array(stride(from: 0, to: 150, by: 5)))
    let loader = DataLoader(data, batchSize: 16, seed: 7)
    func makeTrainer() throws -> Trainer<Sequential, AnyOptimizer> {
      var rng = RandomGenerator(seed: 3)
      var trainer = Trainer(
        model: Sequential.multilayerPerceptron(sizes: [4, 8, 3], using: &rng),
        optimizer: kind.make(learningRate: 0.02, momentum: 0.9, weightDecay: 1e-3),
        loss: .crossEntropy)
      trainer.progress.scheduler = try LearningRateScheduler(
        .plateau(factor: 0.5, patience: 1), warmupEpochs: 1, baseLearningRate: 0.02,
        epochs: epochs, batchesPerEpoch: loader.batchCount)
      return trainer
    }
    let stopping = EarlyStopping(patience: 100, metric: .loss)
    var trainer = try makeTrainer()
    guard let k = interruptAfter else {
      let history = try trainer.fit(
        loader, epochs: epochs, validation: validation, earlyStopping: stopping)
      return (trainer.model, history)
    }
    try trainer.fit(loader, epochs: k, validation: validation, earlyStopping: stopping)
    // Save the state as it was after epoch k (fit restored the best parameters since).
    let path = folder.appendingPathComponent("run.safetensors").path
    var interrupted = try makeTrainer()
    try interrupted.fit(
      loader, epochs: k, validation: validation,
      afterEpoch: { snapshot in
        guard snapshot.progress.completedEpochs == k else { return }
        try? Checkpoint.save(
          snapshot.model, description: description(sizes: [4, 8, 3]),
          record: TrainingRecord(
            configuration: TrainingConfiguration(), csvOptions: CSVOptions(), completedEpochs: k,
            stateFile: ""),
          state: TrainingState(of: snapshot), to: path)
      }, earlyStopping: stopping)
    // A new process: the model from the file, a fresh optimizer and scheduler, the state.
    var resumed = try makeTrainer()
    resumed.model = try Checkpoint.loadModel(from: path).model
    try Checkpoint.loadState(forCheckpointAt: path).restore(into: &resumed)
    let history = try resumed.fit(
      loader, epochs: epochs - k, validation: validation, earlyStopping: stopping)
    return (resumed.model, history)
  }

  @Test(
    "a run interrupted after epoch 4 and resumed ends bit-identical to an uninterrupted one",
    arguments: [OptimizerKind.sgd, .adam, .rmsprop])
  func resume(kind: OptimizerKind) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let (whole, wholeHistory) = try Self.train(
      kind: kind, epochs: 9, interruptAfter: nil, folder: folder)
    let (resumed, resumedHistory) = try Self.train(
      kind: kind, epochs: 9, interruptAfter: 4, folder: folder)
    for (a, b) in zip(whole.parameters, resumed.parameters) {
      #expect(a.floats.map(\.bitPattern) == b.floats.map(\.bitPattern))
    }
    #expect(resumedHistory.bestEpoch == wholeHistory.bestEpoch)
    #expect(
      resumedHistory.epochs.map(\.learningRate)
        == Array(wholeHistory.epochs.map(\.learningRate).suffix(5)))
    #expect(resumedHistory.epochs.first?.epoch == 5)
    // One state file beside the model file.
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(files.count == 2 && files.contains("run.safetensors"))
  }

  @Test("a model file loads into Descent with its description; a plain file is refused")
  func modelFile() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var rng = RandomGenerator(seed: 4)
    let model = Sequential.multilayerPerceptron(sizes: [4, 8, 3], using: &rng)
    let path = folder.appendingPathComponent("m.safetensors").path
    try Checkpoint.saveModel(model, description: Self.description(sizes: [4, 8, 3]), to: path)
    let (loaded, description) = try Checkpoint.loadModel(from: path)
    #expect(description == Self.description(sizes: [4, 8, 3]))
    #expect(loaded.parameters.map(\.scalars) == model.parameters.map(\.scalars))
    let file = try SafeTensors(contentsOfFile: path)
    #expect(file.metadata["format"] == "pt")
    #expect(file.names == ["0.weight", "0.bias", "2.weight", "2.bias"])
    #expect {
      try Checkpoint.loadState(forCheckpointAt: path)
    } throws: { error in
      "\(error)".contains("holds a model but no training state")
    }
    var plain = SafeTensors()
    try plain.add("w", Tensor([1]))
    try plain.write(toFile: path)
    #expect {
      try Checkpoint.loadModel(from: path)
    } throws: { error in
      "\(error)".contains("has no \"descent\" metadata")
    }
  }
}
