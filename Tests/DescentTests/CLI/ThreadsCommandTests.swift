import Foundation
import Testing

@testable import Descent

@Suite("descent train --threads")
struct ThreadsCommandTests {
  @Test(
    "--threads 1 and --threads 2 train bit-identical parameters (products large enough to split)")
  func threadCountDoesNotChangeResults() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var bits: [[String: [UInt32]]] = []
    for threads in ["1", "2"] {
      let path = folder.appendingPathComponent("t\(threads).safetensors").path
      let result = try CommandRunner.run([
        "train", "--data", "digits", "--hidden", "512", "--batch-size", "128", "--epochs", "1",
        "--threads", threads, "--save", path, "--quiet",
      ])
      #expect(result.status == 0, "\(result.standardError)")
      bits.append(try CheckpointCommandTests.parameterBits(path))
    }
    #expect(bits[0] == bits[1])
    #expect(bits[0]["0.weight"]?.count == 512 * 64)
    let refused = try CommandRunner.run(["train", "--threads", "0"])
    #expect(refused.status == 1)
    #expect(refused.standardError.contains("--threads must be at least 1, got 0"))
  }
}
