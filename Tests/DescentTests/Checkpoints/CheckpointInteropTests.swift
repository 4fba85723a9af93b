import Foundation
import Testing

@testable import Descent

/// A Python that can import torch and safetensors: `DESCENT_TORCH_PYTHON`, the project's
/// benchmark environment, or `python3`; nil when none can.
private let torchPython: String? = {
  let environment = ProcessInfo.processInfo.environment
  let candidates = [
    environment["DESCENT_TORCH_PYTHON"], "/tmp/torchenv/bin/python", "/usr/bin/python3",
  ]
  for case let candidate? in candidates
  where FileManager.default.isExecutableFile(atPath: candidate) {
    if (try? runPython(candidate, ["-c", "import torch, safetensors"])) == 0 { return candidate }
  }
  return nil
}()

/// Runs `python` with `arguments`, returning its exit status (output discarded).
private func runPython(_ python: String, _ arguments: [String]) throws -> Int32 {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: python)
  process.arguments = arguments
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  try process.run()
  process.waitUntilExit()
  return process.terminationStatus
}

@Suite("Model files and PyTorch (runs only where PyTorch and safetensors are installed)")
struct CheckpointInteropTests {
  static var script: String {
    get throws {
      try #require(Bundle.module.url(forResource: "Fixtures/torch_interop.py", withExtension: nil))
        .path
    }
  }

  /// Standardized iris features, `[150, 4]` float32.
  static func inputs() throws -> Tensor {
    try StoppingTests.irisData().inputs
  }

  @Test(
    "a Descent model loads into torch.nn.Sequential and predicts the same logits (1e-5)",
    .enabled(
      if: torchPython != nil, "PyTorch with safetensors was not found; set DESCENT_TORCH_PYTHON"))
  func descentToPyTorch() throws {
    let python = try #require(torchPython)
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var rng = RandomGenerator(seed: 8)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [4, 16, 3], activation: .tanh, using: &rng),
      optimizer: Adam(learningRate: 0.01), loss: .crossEntropy)
    try trainer.fit(DataLoader(try StoppingTests.irisData(), batchSize: 16, seed: 2), epochs: 5)
    let model = folder.appendingPathComponent("m.safetensors").path
    var description = CheckpointTests.description(sizes: [4, 16, 3])
    description.activation = .tanh
    try Checkpoint.saveModel(trainer.model, description: description, to: model)
    let x = try Self.inputs()
    var inputs = SafeTensors()
    try inputs.add("x", x)
    let xPath = folder.appendingPathComponent("x.safetensors").path
    try inputs.write(toFile: xPath)
    let out = folder.appendingPathComponent("logits.safetensors").path
    #expect(try runPython(python, [try Self.script, "load", model, xPath, out]) == 0)
    let torchLogits = try SafeTensors(contentsOfFile: out).tensor("logits")
    let ours = trainer.predict(x)
    #expect(torchLogits.shape == [150, 3])
    let worst = zip(torchLogits.scalars, ours.scalars).map { abs($0 - $1) }.max()!
    #expect(worst <= 1e-5, "largest difference \(worst)")
  }

  @Test(
    "a PyTorch state_dict loads into Descent and predicts the same logits (1e-5)",
    .enabled(
      if: torchPython != nil, "PyTorch with safetensors was not found; set DESCENT_TORCH_PYTHON"))
  func pyTorchToDescent() throws {
    let python = try #require(torchPython)
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let x = try Self.inputs()
    var inputs = SafeTensors()
    try inputs.add("x", x)
    let xPath = folder.appendingPathComponent("x.safetensors").path
    try inputs.write(toFile: xPath)
    let out = folder.appendingPathComponent("torch.safetensors").path
    #expect(try runPython(python, [try Self.script, "make", "4,16,8,3", "relu", xPath, out]) == 0)
    var rng = RandomGenerator(seed: 0)
    var model = Sequential.multilayerPerceptron(sizes: [4, 16, 8, 3], using: &rng)
    try model.loadStateDict(try SafeTensors(contentsOfFile: out))
    let torchLogits = try SafeTensors(contentsOfFile: out + ".logits").tensor("logits")
    let ours = withoutGradients { model(x) }
    let worst = zip(torchLogits.scalars, ours.scalars).map { abs($0 - $1) }.max()!
    #expect(worst <= 1e-5, "largest difference \(worst)")
  }
}
