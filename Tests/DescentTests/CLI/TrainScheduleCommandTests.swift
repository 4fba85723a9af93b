import Foundation
import Testing

@Suite("descent train: schedules, warm-up, clipping and early-stopping metrics")
struct TrainScheduleCommandTests {
  /// The `learning_rate` of each epoch line of `--json` output.
  static func epochRates(_ output: String) throws -> [Double] {
    try output.split(separator: "\n").compactMap { line in
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      return object["summary"] == nil ? object["learning_rate"] as? Double : nil
    }
  }

  @Test("--warmup-epochs 2 --schedule step:2:0.5 gives η/3, 2η/3, η, η, η/2")
  func warmupAndStep() throws {
    let result = try CommandRunner.run([
      "train", "--data", "iris", "--learning-rate", "0.3", "--warmup-epochs", "2", "--schedule",
      "step:2:0.5", "--epochs", "5", "--json",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    expectClose(
      try Self.epochRates(result.standardOutput), [0.1, 0.2, 0.3, 0.3, 0.15], rtol: 1e-12)
  }

  @Test("--schedule onecycle:0.5 starts at max_lr/25 and changes within the run")
  func oneCycle() throws {
    let result = try CommandRunner.run([
      "train", "--data", "iris", "--schedule", "onecycle:0.5", "--epochs", "4", "--json",
      "--clip-norm", "1",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let rates = try Self.epochRates(result.standardOutput)
    expectClose([rates[0]], [0.02], rtol: 1e-12)
    #expect(rates[1] > rates[0] && rates[3] < rates[1])
  }

  @Test(
    "bad schedule settings exit 1 with one line naming the problem",
    arguments: [
      (["--schedule", "sawtooth"], "unknown schedule 'sawtooth'"),
      (["--schedule", "onecycle", "--warmup-epochs", "2"], "has its own warm-up"),
      (["--warmup-epochs", "5", "--epochs", "5"], "5 warm-up epochs leave none of the 5 epochs"),
      (["--clip-norm", "0"], "clipping norm must be a positive finite number, got 0.0"),
      (
        ["--early-stopping", "3", "--early-stopping-metric", "r2"],
        "early stopping on r2 needs regression"
      ),
      (["--early-stopping-metric", "r2"], "--early-stopping-metric needs --early-stopping N"),
      (
        ["--early-stopping-metric", "accuracy", "--quiet"],
        "--early-stopping-metric needs --early-stopping N"
      ),
    ])
  func refused(arguments: [String], message: String) throws {
    let result = try CommandRunner.run(["train", "--data", "iris"] + arguments)
    #expect(result.status == 1)
    #expect(result.standardError.contains(message), "\(result.standardError)")
    #expect(result.standardError.split(separator: "\n").count == 1)
  }

  @Test("--early-stopping-metric accuracy names the metric and the kept epoch")
  func accuracyMetric() throws {
    let result = try CommandRunner.run([
      "train", "--data", "iris", "--early-stopping", "3", "--early-stopping-metric", "accuracy",
      "--epochs", "60",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("(highest validation accuracy)"))
  }
}
