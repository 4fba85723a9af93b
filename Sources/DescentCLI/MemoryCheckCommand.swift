import ArgumentParser
import Descent
import Foundation

/// `descent memory-check` (hidden): trains a small network for a number of steps and prints
/// the resident memory at the halfway step and at the end, for the test that the autodiff
/// graph and its buffers are freed after every step.
struct MemoryCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "memory-check",
    abstract: "Train a small network and report resident memory at the halfway and last steps.",
    shouldDisplay: false
  )

  @Option(help: "Optimizer steps to take (default 2000).")
  var steps = 2000

  func validate() throws {
    guard steps >= 2 else { throw CommandError("--steps must be at least 2, got \(steps)") }
  }

  func run() throws {
    var rng = RandomGenerator(seed: 0)
    let inputs = Tensor.randomNormal(shape: [256, 16], using: &rng)
    let labels = Tensor((0..<256).map { Double($0 % 4) })
    let data = TensorDataset(inputs: inputs, targets: labels)
    let loader = DataLoader(data, batchSize: 16, seed: 1)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [16, 32, 4], using: &rng),
      optimizer: Adam(learningRate: 1e-3), loss: .crossEntropy)
    let epochs = (steps + loader.batchCount - 1) / loader.batchCount
    var halfway: Int?
    var last: Int?
    do {
      try trainer.fit(
        loader, epochs: epochs,
        onStep: { report in
          if report.step == steps / 2 { halfway = residentBytes() }
          if report.step == steps { last = residentBytes() }
        }, stopWhen: { _ in last != nil })
    } catch {
      throw CommandError(error)
    }
    let fields: [(String, JSONValue)] = [
      ("steps", .int(steps)), ("halfway_resident_bytes", .int(halfway ?? 0)),
      ("final_resident_bytes", .int(last ?? 0)),
    ]
    print(JSONValue.object(fields).text)
  }
}

/// The process's resident set size in bytes, from /proc/self/statm (0 where it is missing).
func residentBytes() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else {
    return 0
  }
  let fields = text.split(separator: " ")
  guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
  return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
