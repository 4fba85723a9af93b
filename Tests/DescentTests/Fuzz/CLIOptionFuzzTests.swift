import Descent
import Foundation
import Testing

/// Every value option of the `descent` subcommands given bad values, through the built
/// executable: each run must exit (no signal) within a time limit, and a failure must be one
/// `Error:` line (grad and descend may add the expression and a caret under it), or a report
/// on standard output for a run that failed (a diverged descent), never a trap's message or a
/// stack trace.
enum CLIOptionFuzz {
  /// A command line that works, and the value options to spoil one at a time.
  struct Command: Sendable {
    var base: [String]
    var options: [String]
  }

  static let training = [
    "--data", "--target", "--categorical", "--ignore", "--missing", "--task", "--hidden",
    "--activation", "--epochs", "--batch-size", "--optimizer", "--learning-rate", "--momentum",
    "--weight-decay", "--test-fraction", "--validation-fraction", "--model", "--seed",
    "--early-stopping", "--early-stopping-metric", "--target-loss", "--schedule",
    "--warmup-epochs", "--clip-norm",
  ]

  /// `model` is the path of a model file saved by `descent train`, for `predict`.
  static func commands(model: String) -> [Command] {
    [
      Command(
        base: ["train", "--data", "iris", "--epochs", "1"],
        options: training + ["--save", "--checkpoint-every", "--resume"]),
      Command(
        base: ["grad", "x^2*y", "--at", "x=1,y=2"], options: ["--at", "--along", "--graph"]),
      Command(
        base: ["descend", "x^2", "--from", "x=1", "--steps", "5"],
        options: ["--from", "--learning-rate", "--steps", "--tolerance", "--plot"]),
      Command(
        base: ["regress", "--data", "diabetes"],
        options: [
          "--data", "--target", "--method", "--learning-rate", "--max-iterations", "--tolerance",
          "--ridge", "--plot",
        ]),
      Command(
        base: ["predict", "--model", model, "--data", "iris"],
        options: ["--model", "--data", "--output"]),
      Command(
        base: ["lr-find", "--data", "iris", "--steps", "5"],
        options: training + ["--start", "--end", "--steps", "--plot"]),
      Command(
        base: ["lr-sweep", "--data", "iris", "--rates", "0.01,0.1", "--epochs", "1"],
        options: training + ["--rates", "--plot"]),
      Command(
        base: ["datasets", "--show", "iris", "--rows", "2"],
        options: ["--show", "--rows", "--target", "--categorical", "--ignore", "--missing"]),
    ]
  }

  /// Negative, zero, huge, NaN, infinite, tiny, non-numeric and empty values.
  static let values = [
    "-1", "0", "1e308", "99999999999999999999", "100000000", "nan", "inf", "-inf", "1e-320",
    "abc", "",
  ]

  /// Options that count steps or epochs: a huge valid count is a long run by request, so
  /// `100000000` is not given to them.
  static let counts: Set = [
    "--epochs", "--steps", "--max-iterations", "--early-stopping", "--warmup-epochs",
    "--checkpoint-every",
  ]

  /// Every (arguments) of the grid: each option of each command with each value.
  static func grid(model: String) -> [[String]] {
    commands(model: model).flatMap { command in
      command.options.flatMap { option in
        values.filter { !(counts.contains(option) && $0 == "100000000") }.map { value in
          var arguments = command.base
          if let i = arguments.firstIndex(of: option) {
            arguments[i + 1] = value
          } else {
            arguments += [option, value]
          }
          return arguments
        }
      }
    }
  }

  /// Runs `descent` with `arguments` in `directory`, killing it after `timeout` seconds;
  /// nil when it behaved, else what it did wrong.
  static func problem(
    _ arguments: [String], in directory: URL, timeout: TimeInterval
  ) throws -> String? {
    let executable = try #require(CommandRunner.executable, "the descent executable is missing")
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    // Both streams go to files, so that a chatty child never blocks on a full pipe.
    let outputFile = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
    let errorFile = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
    for file in [outputFile, errorFile] {
      _ = FileManager.default.createFile(atPath: file.path, contents: nil)
    }
    let outputHandle = try FileHandle(forWritingTo: outputFile)
    let errorHandle = try FileHandle(forWritingTo: errorFile)
    process.standardOutput = outputHandle
    process.standardError = errorHandle
    process.standardInput = FileHandle.nullDevice
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    let timedOut = finished.wait(timeout: .now() + timeout) == .timedOut
    if timedOut {
      process.terminate()
      finished.wait()
    }
    try outputHandle.close()
    try errorHandle.close()
    let standardOutput = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    let standardError = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: outputFile)
    try? FileManager.default.removeItem(at: errorFile)
    if timedOut { return "still running after \(Int(timeout)) s" }
    if process.terminationReason == .uncaughtSignal {
      return "killed by signal \(process.terminationStatus): \(standardError.prefix(300))"
    }
    for marker in ["Fatal error", "Backtrace", "Stack dump", "Crash", "precondition"]
    where standardError.contains(marker) {
      return "a trace on standard error (\(marker)): \(standardError.prefix(300))"
    }
    guard process.terminationStatus != 0 else { return nil }
    // A run that failed as a run (descend diverging) reports on standard output and exits 1.
    if standardError.isEmpty && !standardOutput.isEmpty { return nil }
    let lines = standardError.split(separator: "\n")
    guard let first = lines.first, first.hasPrefix("Error: ") else {
      return "status \(process.terminationStatus) without an Error: line: \(standardError)"
    }
    let expressionCommand = arguments[0] == "grad" || arguments[0] == "descend"
    if lines.count > (expressionCommand ? 3 : 1) {
      return "a \(lines.count)-line error: \(standardError)"
    }
    return nil
  }
}

@Suite("Fuzz: descent options with bad values", .serialized)
struct CLIOptionFuzzTests {
  /// A scratch directory holding a model file saved by `descent train`.
  static func prepare() throws -> (directory: URL, model: String) {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-cli-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let model = directory.appendingPathComponent("model.safetensors").path
    let saved = try CommandRunner.run(["train", "--data", "iris", "--epochs", "1", "--save", model])
    #expect(saved.status == 0, "\(saved.standardError)")
    return (directory, model)
  }

  @Test("a seeded sample of the grid exits cleanly: success, or one Error: line")
  func sample() throws {
    let (directory, model) = try Self.prepare()
    defer { try? FileManager.default.removeItem(at: directory) }
    let grid = CLIOptionFuzz.grid(model: model)
    // DESCENT_CLI_FUZZ=all runs the whole grid; otherwise 24 of its command lines.
    let all = ProcessInfo.processInfo.environment["DESCENT_CLI_FUZZ"] == "all"
    var rng = RandomGenerator(seed: 0xC11)
    let chosen =
      all ? grid : (0..<24).map { _ in grid[Int(rng.next() % UInt64(grid.count))] }
    var failures = 0
    for arguments in chosen {
      if let problem = try CLIOptionFuzz.problem(arguments, in: directory, timeout: 60) {
        Issue.record("descent \(arguments.joined(separator: " ")): \(problem)")
        failures += 1
        if failures >= 10 { break }
      }
    }
    if all { print("CLI option fuzz: \(chosen.count) command lines, \(failures) problems") }
  }
}
