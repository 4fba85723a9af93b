import Descent
import Testing

@testable import DescentCLI

/// `descent bench`: each workload runs at a tiny scale and prints the reference scripts'
/// field names (speed is measured only in release, by scripts/bench.sh).
@Suite("Benchmark command")
struct BenchCommandTests {
  /// The fields each workload's lines carry, as in bench/reference/torch_bench.py and
  /// sklearn_digits.py.
  static let fields: [BenchWorkload: [String]] = [
    .gemm: ["workload", "system", "n", "dtype", "gflops"],
    .mlpTrain: [
      "workload", "system", "sizes", "batch", "samples_per_second", "final_epoch_loss_sum",
    ],
    .mlpSmall: [
      "workload", "system", "sizes", "batch", "samples_per_second", "final_epoch_loss_sum",
    ],
    .graphOverhead: ["workload", "system", "ops", "microseconds_per_op"],
    .linreg: ["workload", "system", "n", "d", "seconds", "max_abs_weight_error", "solver"],
    .digitsE2E: ["workload", "system", "epochs", "seeds", "train_seconds", "test_accuracy"],
  ]

  @Test(
    "each workload prints its reference fields, with system descent",
    arguments: BenchWorkload.allCases)
  func fieldNames(workload: BenchWorkload) throws {
    var lines: [JSONValue] = []
    try workload.run(scale: .tiny) { lines.append($0) }
    #expect(!lines.isEmpty)
    for line in lines {
      guard case .object(let pairs) = line else {
        Issue.record("\(workload.rawValue): not a JSON object: \(line.text)")
        continue
      }
      #expect(pairs.map(\.0) == Self.fields[workload])
      #expect(pairs.first { $0.0 == "workload" }?.1 == .string(workload.rawValue))
      #expect(pairs.first { $0.0 == "system" }?.1 == .string("descent"))
    }
  }

  @Test("linreg recovers the true weights")
  func linregAccuracy() throws {
    var lines: [JSONValue] = []
    try BenchWorkload.linreg.run(scale: .tiny) { lines.append($0) }
    guard case .object(let pairs) = try #require(lines.first),
      case .number(let error) = pairs.first(where: { $0.0 == "max_abs_weight_error" })?.1
    else {
      Issue.record("no max_abs_weight_error in \(lines.map(\.text))")
      return
    }
    #expect(error < 0.05)
  }

  @Test("an unknown workload is refused before any work")
  func unknownWorkload() {
    #expect(throws: (any Error).self) { try BenchCommand.parse(["matmul"]) }
    #expect(throws: (any Error).self) { try BenchCommand.parse(["gemm", "--threads", "0"]) }
  }
}
