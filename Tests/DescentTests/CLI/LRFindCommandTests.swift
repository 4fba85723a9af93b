import Foundation
import Testing

/// End-to-end checks of `descent lr-find` and `descent lr-sweep`: JSON fields, the SVG plots,
/// the divergence column and exit statuses, one-line errors.
@Suite("descent lr-find and lr-sweep")
struct LRFindCommandTests {
  /// The JSON object on `line`.
  func object(_ line: Substring) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
    return try #require(value as? [String: Any], "not a JSON object: \(line)")
  }

  func temporarySVG(_ name: String) -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-lr-\(UUID().uuidString)-\(name)").path
  }

  @Test("lr-find --json prints one object with the rates, smoothed losses and the suggestion")
  func findJSON() throws {
    let result = try CommandRunner.run(["lr-find", "--data", "iris", "--json", "--steps", "80"])
    #expect(result.status == 0, "\(result.standardError)")
    let lines = result.standardOutput.split(separator: "\n")
    #expect(lines.count == 1)
    let json = try object(try #require(lines.first))
    let rates = try #require(json["learning_rates"] as? [Double])
    let losses = try #require(json["losses"] as? [Double])
    let raw = try #require(json["raw_losses"] as? [Double])
    #expect(rates.count == losses.count && raw.count == losses.count && rates.count > 20)
    #expect(rates.first == 1e-7)
    #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 < $1 })
    let suggestion = try #require(json["suggested_learning_rate"] as? Double)
    #expect(rates.contains(suggestion))
    #expect(json["optimizer"] as? String == "sgd")
    let reasons = ["completed", "loss_exploded", "loss_not_finite", "gradient_not_finite"]
    #expect(reasons.contains(json["stop_reason"] as? String ?? ""))
  }

  @Test("lr-find prints a table, the suggestion and the train command, and writes an SVG")
  func findText() throws {
    let path = temporarySVG("find.svg")
    let result = try CommandRunner.run([
      "lr-find", "--data", "iris", "--steps", "80", "--optimizer", "adam", "--plot", path,
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let text = result.standardOutput
    #expect(text.contains("learning rate  smoothed loss"))
    #expect(text.contains("← suggested"))
    #expect(text.contains("Suggested learning rate: "))
    #expect(text.contains("descent train --data iris --optimizer adam --learning-rate "))
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    let root = try #require(parseXML(svg))
    #expect(elements(root, named: "polyline", className: "smoothed-loss").count == 1)
    #expect(elements(root, named: "polyline", className: "suggestion").count == 1)
    let ticks = elements(root, named: "text", className: "x-tick").map(\.text)
    #expect(ticks.starts(with: ["1e-7", "1e-6"]))
    #expect(
      elements(root, named: "text", className: "x-label").first?.text.contains("learning rate")
        == true)
    try? FileManager.default.removeItem(atPath: path)
  }

  @Test(
    "lr-find refuses bad ranges in one line",
    arguments: [
      (["--start", "0"], "--start"), (["--end", "1e-9"], "--end"), (["--steps", "1"], "--steps"),
      (["--plot", "curve.png"], "curve.png"),
    ])
  func findErrors(arguments: [String], name: String) throws {
    let result = try CommandRunner.run(["lr-find", "--data", "iris"] + arguments)
    #expect(result.status == 1)
    #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
    #expect(result.standardError.contains(name))
    #expect(result.standardOutput.isEmpty)
  }

  @Test("lr-sweep on iris marks only the rate 100 as diverged, in JSON and in the plot")
  func sweep() throws {
    let path = temporarySVG("sweep.svg")
    let result = try CommandRunner.run([
      "lr-sweep", "--data", "iris", "--epochs", "15", "--rates", "0.001,0.1,100", "--json",
      "--plot", path,
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let lines = result.standardOutput.split(separator: "\n")
    try #require(lines.count == 4)
    let runs = try lines.prefix(3).map(object)
    #expect(runs.map { $0["learning_rate"] as? Double } == [0.001, 0.1, 100])
    #expect(runs.map { $0["diverged"] as? Bool } == [false, false, true])
    #expect(runs[2]["diverged_epoch"] as? Int == 1)
    #expect(runs[0]["diverged_epoch"] is NSNull)
    #expect(runs.prefix(2).allSatisfy { $0["epochs"] as? Int == 15 })
    #expect(runs.prefix(2).allSatisfy { ($0["validation_accuracy"] as? Double ?? 0) > 0.3 })
    #expect(runs[2]["validation_accuracy"] is NSNull)
    // The choice is made on validation only: no test figure is shown.
    #expect(!result.standardOutput.contains("test_"))
    // Too small is slow: after 15 epochs the smallest rate's loss is well above 0.1's.
    let slow = try #require(runs[0]["final_train_loss"] as? Double)
    let good = try #require(runs[1]["final_train_loss"] as? Double)
    #expect(slow > 2 * good)
    let summary = try object(lines[3])
    #expect(summary["summary"] as? Bool == true)
    #expect(summary["diverged"] as? Int == 1)
    #expect(summary["best_learning_rate"] as? Double == 0.1)
    let root = try #require(parseXML(try String(contentsOfFile: path, encoding: .utf8)))
    #expect(elements(root, named: "path", className: "diverged").count == 1)
    #expect(elements(root, named: "polyline", className: "sweep-loss").count == 3)
    try? FileManager.default.removeItem(atPath: path)
  }

  @Test("lr-sweep prints the table with a status column")
  func sweepText() throws {
    let result = try CommandRunner.run([
      "lr-sweep", "--data", "iris", "--epochs", "3", "--rates", "0.05,100",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    // Standard error has a line for every rate: the finite one's epochs, and the diverged one.
    let progress = result.standardError.split(separator: "\n")
    #expect(progress.filter { $0.hasPrefix("η = 0.05  epoch ") }.count == 3, "\(progress)")
    #expect(progress.contains("η = 100: diverged at epoch 1"), "\(progress)")
    let lines = result.standardOutput.split(separator: "\n")
    #expect(
      lines.first { $0.hasSuffix("status") }
        == "learning rate  train loss  validation loss  validation accuracy  epochs  status")
    #expect(!result.standardOutput.contains("test"))
    #expect(lines.contains { $0.contains("0.05") && $0.hasSuffix("  ok") })
    #expect(lines.contains { $0.contains("100") && $0.hasSuffix("diverged (epoch 1)") })
  }

  @Test("lr-sweep without a validation split holds one out, says so, and chooses on it")
  func sweepHoldsOutValidation() throws {
    let result = try CommandRunner.run([
      "lr-sweep", "--data", "iris", "--epochs", "3", "--rates", "0.05,0.5",
      "--validation-fraction", "0", "--quiet",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardError.contains(
        "Note: the runs have no validation split (validation fraction 0), so the sweep holds "
          + "out 10 % of the training rows to compare the rates on"))
    let rows = result.standardOutput.split(separator: "\n").filter {
      $0.hasSuffix("  ok")
    }
    #expect(rows.count == 2)
    // Every rate has a validation loss and accuracy: no "-" in its row.
    #expect(rows.allSatisfy { !$0.contains(" - ") })
    #expect(result.standardOutput.contains("Lowest final validation loss: learning rate"))
  }

  @Test("lr-sweep fails with a message when every rate diverges")
  func sweepAllDiverged() throws {
    let result = try CommandRunner.run([
      "lr-sweep", "--data", "iris", "--epochs", "3", "--rates", "100,1000",
    ])
    #expect(result.status == 1)
    #expect(result.standardError.contains("every learning rate diverged"))
    #expect(result.standardOutput.contains("diverged (epoch 1)"))
  }

  @Test(
    "lr-sweep refuses bad rates and --learning-rate in one line",
    arguments: [
      (["--rates", "0.1,abc"], "abc"), (["--rates", "0.1,-1"], "-1"), (["--rates", ""], "--rates"),
      (["--learning-rate", "0.1"], "--rates"),
    ])
  func sweepErrors(arguments: [String], name: String) throws {
    let result = try CommandRunner.run(["lr-sweep", "--data", "iris"] + arguments)
    #expect(result.status == 1)
    #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
    #expect(result.standardError.contains(name))
  }
}
