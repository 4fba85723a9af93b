import Foundation
import Testing

/// End-to-end checks of progress, `--quiet`, `--log-dir`, `--report` and `descent plot`.
@Suite("descent train progress, logs and reports; descent plot")
struct ReportCommandTests {
  static func folder() -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-report-tests-\(UUID().uuidString)").path
  }

  /// Whether `text` holds a terminal control character (escape, carriage return, …).
  static func hasControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }
  }

  @Test("progress sent to a pipe is one plain line per epoch, and stdout keeps its report")
  func progressToAPipe() throws {
    let result = try CommandRunner.run(["train", "--data", "iris", "--epochs", "3"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(!Self.hasControlCharacters(result.standardError), "\(result.standardError)")
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 3, "\(result.standardError)")
    #expect(lines.first?.hasPrefix("epoch 1/3  loss ") == true)
    #expect(lines.allSatisfy { $0.contains("samples/s") && $0.hasSuffix(" left") })
    #expect(result.standardOutput.contains("epoch 3/3  train_loss"))
    #expect(result.standardOutput.contains("Test accuracy"))
  }

  @Test("lr-sweep's progress to a pipe is a plain line per epoch of each rate; descend writes none")
  func otherCommands() throws {
    let sweep = try CommandRunner.run([
      "lr-sweep", "--data", "iris", "--epochs", "2", "--rates", "0.01,0.1",
    ])
    #expect(sweep.status == 0, "\(sweep.standardError)")
    #expect(!Self.hasControlCharacters(sweep.standardError), "\(sweep.standardError)")
    let lines = sweep.standardError.split(separator: "\n")
    #expect(
      lines.map { $0.prefix(19) } == [
        "η = 0.01  epoch 1/2", "η = 0.01  epoch 2/2", "η = 0.1  epoch 1/2 ", "η = 0.1  epoch 2/2 ",
      ])
    let quiet = try CommandRunner.run([
      "lr-sweep", "--data", "iris", "--epochs", "2", "--rates", "0.01", "--quiet",
    ])
    #expect(quiet.standardError.isEmpty)
    let descend = try CommandRunner.run(["descend", "x^2", "--from", "x=1", "--steps", "50"])
    #expect(descend.status == 0)
    #expect(descend.standardError.isEmpty)
  }

  @Test("--quiet prints only the summary; --json stays JSON with progress beside it")
  func quietAndJSON() throws {
    let quiet = try CommandRunner.run(["train", "--data", "iris", "--epochs", "2", "--quiet"])
    #expect(quiet.status == 0)
    #expect(quiet.standardError.isEmpty, "\(quiet.standardError)")
    #expect(!quiet.standardOutput.contains("epoch 1/2"))
    #expect(!quiet.standardOutput.hasPrefix("Training on"))
    #expect(quiet.standardOutput.hasPrefix("Trained a 4-16-3 network"))
    let json = try CommandRunner.run(["train", "--data", "iris", "--epochs", "2", "--json"])
    let objects = try json.standardOutput.split(separator: "\n").map {
      try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(objects.count == 3)
    #expect(json.standardError.split(separator: "\n").count == 2)
    let jsonQuiet = try CommandRunner.run([
      "train", "--data", "iris", "--epochs", "2", "--json", "--quiet",
    ])
    #expect(jsonQuiet.standardOutput.split(separator: "\n").count == 3)
    #expect(jsonQuiet.standardError.isEmpty)
  }

  @Test("--report writes the log, the charts and index.html; plot redraws them from the log")
  func reportAndPlot() throws {
    let report = Self.folder()
    let redrawn = Self.folder()
    defer {
      try? FileManager.default.removeItem(atPath: report)
      try? FileManager.default.removeItem(atPath: redrawn)
    }
    let result = try CommandRunner.run([
      "train", "--data", "iris", "--epochs", "3", "--report", report, "--json",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let files = try FileManager.default.contentsOfDirectory(atPath: report).sorted()
    #expect(
      files == [
        "config.json", "confusion.svg", "index.html", "loss.svg", "metric.svg", "metrics.jsonl",
        "predictions.csv",
      ])
    // metrics.jsonl's epochs are the --json lines, with a type and the step count.
    let metrics = try String(contentsOfFile: report + "/metrics.jsonl", encoding: .utf8)
    let jsonLines = result.standardOutput.split(separator: "\n")
    let logLines = metrics.split(separator: "\n")
    #expect(logLines.count == 4)
    for (json, log) in zip(jsonLines.prefix(3), logLines.prefix(3)) {
      #expect(log.hasPrefix("{\"type\":\"epoch\"," + json.dropFirst().dropLast()))
    }
    let plot = try CommandRunner.run(["plot", report, "--output-dir", redrawn])
    #expect(plot.status == 0, "\(plot.standardError)")
    for chart in ["loss.svg", "metric.svg", "confusion.svg"] {
      let original = try String(contentsOfFile: report + "/" + chart, encoding: .utf8)
      let again = try String(contentsOfFile: redrawn + "/" + chart, encoding: .utf8)
      #expect(original == again, "\(chart) redrawn from the log differs")
    }
    let one = redrawn + "/one.svg"
    let single = try CommandRunner.run(["plot", report, "--chart", "loss", "--output", one])
    #expect(single.status == 0, "\(single.standardError)")
    #expect(FileManager.default.fileExists(atPath: one))
  }

  @Test(
    "plot and the log options refuse mistakes in one line",
    arguments: [
      (["train", "--data", "iris", "--log-steps"], "--log-steps needs"),
      (["plot", "/nonexistent/run", "--output-dir", "/tmp"], "/nonexistent/run/config.json"),
      (["plot", "/tmp", "--chart", "loss"], "--chart needs --output"),
      (["plot", "/tmp", "--chart", "loss", "--output", "x.png"], "x.png"),
    ])
  func mistakes(arguments: [String], message: String) throws {
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 1)
    #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
    #expect(result.standardError.contains(message), "\(result.standardError)")
  }

  @Test("a chart the log has no data for is an error naming why")
  func missingChart() throws {
    let log = Self.folder()
    defer { try? FileManager.default.removeItem(atPath: log) }
    let run = try CommandRunner.run([
      "train", "--data", "iris", "--epochs", "1", "--log-dir", log, "--quiet",
    ])
    #expect(run.status == 0, "\(run.standardError)")
    let result = try CommandRunner.run([
      "plot", log, "--chart", "predictions", "--output", log + "/p.svg",
    ])
    #expect(result.status == 1)
    #expect(result.standardError.contains("classification"), "\(result.standardError)")
  }
}
