import Foundation
import Testing

@Suite("descent regress")
struct RegressCommandTests {
  @Test("--json prints the diabetes least-squares fit with the documented fields")
  func json() throws {
    let result = try CommandRunner.run(["regress", "--data", "diabetes", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let intercept = try #require(object["intercept"] as? Double)
    #expect(Swift.abs(intercept - -334.567139) < 1e-6)
    #expect((object["coefficients"] as? [String: Double])?.count == 10)
    #expect(object["solver"] as? String == "qr")
    #expect(object["converged"] as? Bool == true)
  }

  @Test("both prints the closed form and standardized gradient descent with their difference")
  func both() throws {
    let result = try CommandRunner.run(["regress", "--method", "both", "--standardize", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(object["closed_form"] != nil && object["gradient_descent"] != nil)
    #expect(try #require(object["max_difference"] as? Double) < 1e-5)
  }

  @Test("regress --help shows no <subcommand>: the benchmark is a hidden top-level command")
  func helpHasNoSubcommand() throws {
    let help = try CommandRunner.run(["regress", "--help"])
    #expect(help.status == 0)
    #expect(help.standardOutput.contains("USAGE: descent regress [--data <data>]"))
    #expect(!help.standardOutput.lowercased().contains("subcommand"), "\(help.standardOutput)")
    #expect(!(try CommandRunner.run(["--help"])).standardOutput.contains("regress-benchmark"))

    // scripts/bench-linreg.sh's call, on y = 1 + 2x over 3 rows.
    let x = try CommandRunner.temporaryFile(named: "x.bin", contents: "")
    let y = try CommandRunner.temporaryFile(named: "y.bin", contents: "")
    func bytes(_ values: [Double]) -> Data {
      values.withUnsafeBufferPointer { Data(buffer: $0) }
    }
    try bytes([0, 1, 2]).write(to: URL(fileURLWithPath: x))
    try bytes([1, 3, 5]).write(to: URL(fileURLWithPath: y))
    let timed = try CommandRunner.run(["regress-benchmark", x, y, "3", "1", "--solver", "qr"])
    #expect(timed.status == 0, "\(timed.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(timed.standardOutput.utf8)) as? [String: Any])
    let coefficients = try #require(object["coefficients"] as? [Double])
    #expect(coefficients.count == 1 && Swift.abs(coefficients[0] - 2) < 1e-12)
  }

  @Test("a bad option is one line on standard error")
  func badOption() throws {
    let result = try CommandRunner.run(["regress", "--ridge=-1"])
    #expect(result.status != 0)
    #expect(result.standardError.hasPrefix("Error: --ridge must be 0 or more, got -1.0"))
    #expect(result.standardError.split(separator: "\n").count == 1)
  }

  @Test("--plot with both on one feature writes the loss chart and the data chart")
  func plot() throws {
    var csv = "x,y\n"
    for i in 0..<30 { csv += "\(Double(i) / 3),\(1 + 0.5 * Double(i) / 3 + Double(i % 3) * 0.1)\n" }
    let data = try CommandRunner.temporaryFile(named: "line.csv", contents: csv)
    let folder = URL(fileURLWithPath: data).deletingLastPathComponent()
    defer { try? FileManager.default.removeItem(at: folder) }
    let plot = folder.appendingPathComponent("fit.svg").path
    let dataPlot = folder.appendingPathComponent("fit-data.svg").path
    let result = try CommandRunner.run([
      "regress", "--data", data, "--method", "both", "--max-iterations", "500", "--plot", plot,
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("Wrote the plot to \(plot)."))
    #expect(result.standardOutput.contains("Wrote the plot to \(dataPlot)."))
    let loss = try String(contentsOfFile: plot, encoding: .utf8)
    #expect(loss.components(separatedBy: "class=\"loss\"").count == 2)
    #expect(loss.contains(">log10 MSE<") || loss.contains(">MSE<"))
    let scatter = try String(contentsOfFile: dataPlot, encoding: .utf8)
    #expect(scatter.components(separatedBy: "class=\"data-point\"").count == 31)
    #expect(scatter.components(separatedBy: "class=\"fitted-line\"").count == 3)
  }

  @Test("--target a,b fits both: intercept and each coefficient become arrays over targets")
  func severalTargets() throws {
    let path = try CommandRunner.temporaryFile(
      named: "two.csv", contents: "x1,x2,y1,y2\n1,0,3,1\n2,1,6,0\n3,0,7,5\n4,2,12,2\n5,1,13,7\n")
    let result = try CommandRunner.run(["regress", "--data", path, "--target", "y1,y2", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect((object["intercept"] as? [Double])?.count == 2)
    let coefficients = try #require(object["coefficients"] as? [String: [Double]])
    #expect(Set(coefficients.keys) == ["x1", "x2"])
    #expect(coefficients["x1"]?.count == 2)
    #expect((object["r2"] as? [Double])?.count == 2)
  }

  @Test("a target of class names (iris) is regressed as indices, with a note on standard error")
  func classTargetNote() throws {
    let result = try CommandRunner.run(["regress", "--data", "iris", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(
      result.standardError
        == "Note: the target species holds class names (setosa, versicolor, virginica), read as "
        + "their indices 0…2; 'descent train' classifies\n")
    #expect(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) is [String: Any])
    let numeric = try CommandRunner.run(["regress", "--data", "diabetes"])
    #expect(numeric.status == 0)
    #expect(!numeric.standardError.contains("class names"), "\(numeric.standardError)")
  }
}
