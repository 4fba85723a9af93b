import Foundation
import Testing

@testable import Descent

@Suite("Memory, interruption and concurrency")
struct ResourceTests {
  @Test(
    "resident memory grows by less than 2% + 2 MiB from step 1,000 to step 2,000 (child process)")
  func memoryIsFlat() throws {
    let result = try CommandRunner.run(["memory-check", "--steps", "2000"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let halfway = try #require(object["halfway_resident_bytes"] as? Int)
    let final = try #require(object["final_resident_bytes"] as? Int)
    #expect(halfway > 0)
    #expect(
      Double(final - halfway) < 0.02 * Double(halfway) + 2 * 1024 * 1024,
      "resident memory went from \(halfway) to \(final) bytes")
  }

  @Test("Ctrl-C during train --save keeps the last completed epoch's checkpoint and exits 130")
  func interrupt() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("m.safetensors").path
    let process = Process()
    let executable = try #require(CommandRunner.executable)
    process.executableURL = executable
    process.arguments = ["train", "--data", "digits", "--epochs", "1000", "--save", path]
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Wait for two epoch lines, then interrupt as a terminal's Ctrl-C would.
    var seen = ""
    while seen.components(separatedBy: "\nepoch ").count < 3 {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen += String(decoding: chunk, as: UTF8.self)
    }
    kill(process.processIdentifier, SIGINT)
    // A stuck child would hang the suite: end it after a minute whatever happens.
    let pid = process.processIdentifier
    DispatchQueue.global().asyncAfter(deadline: .now() + 60) { kill(pid, SIGKILL) }
    let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    _ = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 130, "\(message)")
    #expect(message.contains("Interrupted: stopping after this step"))
    #expect(message.contains("interrupted during epoch"))
    #expect(message.contains("is at \(path) (continue with --resume \(path))"))
    let state = try Checkpoint.loadState(forCheckpointAt: path)
    #expect(state.completedEpochs >= 2)
    #expect(message.contains("the checkpoint of epoch \(state.completedEpochs) "))
    #expect(try Checkpoint.loadModel(from: path).model.parameterCount > 0)
  }

  /// Trains a small model on iris with `seed` and returns its parameters' bit patterns.
  static func train(seed: UInt64) throws -> [[UInt32]] {
    var config = TrainingConfiguration()
    config.seed = seed
    config.epochs = 8
    config.hiddenSizes = [12]
    config.optimizer = .adam
    config.learningRate = 0.01
    var run = try TrainingRun(dataset: try BundledDataset.iris.load(), configuration: config)
    try run.run()
    return try #require(run.model).parameters.map { $0.floats.map(\.bitPattern) }
  }

  @Test("two models trained at once on separate threads equal the same models trained in turn")
  func concurrentTraining() async throws {
    let sequential = [try Self.train(seed: 1), try Self.train(seed: 2)]
    let concurrent = try await withThrowingTaskGroup(of: (Int, [[UInt32]]).self) { group in
      for (index, seed) in [UInt64(1), 2].enumerated() {
        group.addTask { (index, try Self.train(seed: seed)) }
      }
      var results: [[[UInt32]]] = [[], []]
      for try await (index, parameters) in group { results[index] = parameters }
      return results
    }
    #expect(concurrent == sequential)
    #expect(sequential[0] != sequential[1])
  }
}
