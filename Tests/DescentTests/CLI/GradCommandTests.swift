import Foundation
import Testing

/// End-to-end checks of `descent grad` and `descent descend`: text and JSON output, the caret
/// under a syntax error, one-line errors, and the files they write.
@Suite("descent grad and descend")
struct GradCommandTests {
  /// Runs `descent` and parses its standard output as one JSON object.
  func json(_ arguments: [String], status: Int32 = 0) throws -> [String: Any] {
    let result = try CommandRunner.run(arguments)
    #expect(result.status == status, "\(result.standardError)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
      "not JSON: \(result.standardOutput)")
  }

  /// Expects a failure with exit status 1, `lineCount` lines on standard error, mentioning
  /// `pieces`, and nothing on standard output.
  func expectError(
    _ arguments: [String], lines lineCount: Int = 1, mentions pieces: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> [String] {
    let result = try CommandRunner.run(arguments)
    #expect(result.status == 1, "exit status", sourceLocation: sourceLocation)
    let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
      .dropLast().map(String.init)
    #expect(
      lines.count == lineCount, "stderr: \(result.standardError)", sourceLocation: sourceLocation)
    for piece in pieces {
      #expect(
        result.standardError.contains(piece), "stderr \(result.standardError) lacks \(piece)",
        sourceLocation: sourceLocation)
    }
    #expect(!result.standardError.lowercased().contains("nan"), sourceLocation: sourceLocation)
    #expect(result.standardOutput.isEmpty, sourceLocation: sourceLocation)
    return lines
  }

  @Test("text: value, partials, gradient, norm, steepest directions, --along and --hessian")
  func text() throws {
    let result = try CommandRunner.run([
      "grad", "x^2*y + 3*y", "--at", "x=1,y=2", "--along", "3,4", "--hessian",
    ])
    #expect(result.status == 0, "\(result.standardError)")
    let out = result.standardOutput
    for piece in [
      "f = 8", "∂f/∂x = 4", "∂f/∂y = 4", "∇f = (4, 4)", "|∇f| = 5.656854249",
      "∇f/|∇f| = (0.7071067812, 0.7071067812)", "−∇f/|∇f| = (-0.7071067812, -0.7071067812)",
      "u = (0.6, 0.8)", "∇f·u = 5.6", "8.130102354°", "[[4, 2], [2, 0]]",
      "-0.8284271247, 4.828427125",
    ] {
      #expect(out.contains(piece), "output lacks \(piece):\n\(out)")
    }
  }

  @Test("JSON: every documented field, with the issue's numbers")
  func jsonFields() throws {
    let object = try json([
      "grad", "x^2*y + 3*y", "--at", "x=1,y=2", "--along", "3,4", "--hessian", "--json",
    ])
    #expect(object["variables"] as? [String] == ["x", "y"])
    #expect(object["value"] as? Double == 8)
    #expect(object["gradient"] as? [String: Double] == ["x": 4, "y": 4])
    #expect(object["gradient_norm"] as? Double == 32.0.squareRoot())
    #expect((object["steepest_ascent"] as? [Double])?.count == 2)
    #expect(object["direction"] as? [Double] == [0.6, 0.8])
    let derivative = try #require(object["directional_derivative"] as? Double)
    #expect(Swift.abs(derivative - 5.6) < 1e-14)
    #expect(Swift.abs(try #require(object["angle_degrees"] as? Double) - 8.130102354156) < 1e-9)
    #expect(object["hessian"] as? [[Double]] == [[4, 2], [2, 0]])
    #expect((object["hessian_eigenvalues"] as? [Double])?.count == 2)
  }

  @Test("variables follow the order of --at, and --along follows it too")
  func order() throws {
    let object = try json(["grad", "x^2*y + 3*y", "--at", "y=2,x=1", "--along", "4,3", "--json"])
    #expect(object["variables"] as? [String] == ["y", "x"])
    #expect(object["direction"] as? [Double] == [0.8, 0.6])
    #expect(Swift.abs((object["directional_derivative"] as? Double ?? 0) - 5.6) < 1e-14)
  }

  @Test("a syntax error shows the expression with a caret under the column and what was expected")
  func caret() throws {
    let lines = try expectError(
      ["grad", "x^2*/y", "--at", "x=1,y=2"], lines: 3,
      mentions: ["column 5", "expected a number, a variable"])
    #expect(lines.count == 3)
    guard lines.count == 3 else { return }
    #expect(lines[1] == "  x^2*/y")
    #expect(lines[2] == "      ^")
  }

  @Test("an undefined variable is one line naming it and --at")
  func undefined() throws {
    _ = try expectError(
      ["grad", "x*z", "--at", "x=1,y=2"], mentions: ["undefined variable z", "--at x=1,y=2,z=0"])
  }

  @Test(
    "a value or derivative that is not finite is one line naming the sub-expression",
    arguments: [
      (["log(x - 3) + y", "--at", "x=1,y=2"], "log(x - 3)"),
      (["sqrt(x^2 + y^2)", "--at", "x=0,y=0"], "derivative of sqrt(x^2 + y^2)"),
      (["x^1.5", "--at", "x=0", "--hessian"], "second derivative of x^1.5"),
    ])
  func notFinite(arguments: [String], subject: String) throws {
    _ = try expectError(["grad"] + arguments, mentions: [subject, "not finite"])
  }

  @Test(
    "bad --at, --along and --graph values are one-line errors",
    arguments: [
      (["--at", "x=1,y"], "name=value"), (["--at", "x=1,y=2", "--along", "1"], "2 variables"),
      (["--at", "x=1,y=2", "--along", "0,0"], "zero vector"),
      (["--at", "x=1,y=2", "--graph", "g.png"], ".dot or .svg"),
    ])
  func badOptions(arguments: [String], piece: String) throws {
    _ = try expectError(["grad", "x*y"] + arguments, mentions: [piece])
  }

  @Test("--graph writes DOT or SVG")
  func graph() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-grad-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for name in ["f.dot", "f.svg"] {
      let path = directory.appendingPathComponent(name).path
      let result = try CommandRunner.run([
        "grad", "x^2*y + 3*y", "--at", "x=1,y=2", "--graph", path,
      ])
      #expect(result.status == 0, "\(result.standardError)")
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(text.contains(name.hasSuffix("dot") ? "digraph" : "<svg"))
      #expect(text.contains("grad 4"))
    }
  }

  @Test("descend --json: the documented fields; Rosenbrock with η = 0.01 diverges, not NaN")
  func descendJSON() throws {
    let object = try json([
      "descend", "x^2 + 3*y^2", "--from", "x=1,y=-1", "--learning-rate", "0.1", "--steps", "500",
      "--json",
    ])
    #expect(object["start"] as? [String: Double] == ["x": 1, "y": -1])
    let end = try #require(object["end"] as? [String: Double])
    #expect(Swift.abs(end["x"] ?? 1) < 1e-6 && Swift.abs(end["y"] ?? 1) < 1e-6)
    #expect(object["converged"] as? Bool == true)
    #expect(object["diverged"] as? Bool == false)
    #expect((object["steps"] as? Int ?? 0) < 500)
    #expect((object["gradient_norm"] as? Double ?? 1) < 1e-6)
    #expect(object["value"] as? Double != nil)

    // A diverged run prints its JSON and fails, as a diverged `descent train` does.
    let diverged = try json(
      [
        "descend", "(1 - x)^2 + 100*(y - x^2)^2", "--from", "x=-1.5,y=2", "--learning-rate",
        "0.01", "--steps", "20000", "--json",
      ], status: 1)
    #expect(diverged["diverged"] as? Bool == true)
    #expect((diverged["steps"] as? Int ?? 99) <= 5)
    let text = try CommandRunner.run([
      "descend", "(1 - x)^2 + 100*(y - x^2)^2", "--from", "x=-1.5,y=2", "--learning-rate",
      "0.01",
    ])
    #expect(text.standardOutput.contains("Diverged after 4 steps"), "\(text.standardOutput)")
    #expect(text.status == 1)
    #expect(text.standardError.isEmpty)
    #expect(!text.standardOutput.lowercased().contains("nan"))
  }

  @Test("descend --plot writes an SVG; --plot with one variable is refused")
  func descendPlot() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-descend-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("path.svg").path
    let result = try CommandRunner.run([
      "descend", "x^2 + 3*y^2", "--from", "x=1,y=-1", "--learning-rate", "0.1", "--plot", path,
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("Converged after"))
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.contains("descent-path"))
    _ = try expectError(
      ["descend", "x^2", "--from", "x=1", "--plot", path], mentions: ["two variables"])
    _ = try expectError(
      ["descend", "x^2", "--from", "x=1", "--learning-rate", "0"], mentions: ["--learning-rate"])
  }

  @Test("descend --plot of a function flat over the whole area draws no contours, no crash")
  func flatPlot() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-flat-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let plot = directory.appendingPathComponent("flat.svg").path
    let result = try CommandRunner.run([
      "descend", "relu(x - 100) + relu(y - 100)", "--from", "x=0,y=0", "--plot", plot,
    ])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(result.standardOutput.contains("Converged after 0 steps"))
    let svg = try String(contentsOfFile: plot, encoding: .utf8)
    #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
    #expect(!svg.contains("class=\"contour\""))
  }

  @Test("an expression nested more than 1,000 levels deep is refused in one line, no crash")
  func deepNesting() throws {
    let deep =
      String(repeating: "sin(", count: 20_000) + "x" + String(repeating: ")", count: 20_000)
    let result = try CommandRunner.run(["grad", deep, "--at", "x=1"])
    #expect(result.status == 1)
    #expect(result.standardError.hasPrefix("Error: syntax error at column 4001"))
    #expect(result.standardError.contains("at most 1000 levels of nesting"))
  }

  @Test(
    "ln(x) suggests log, arctan(x) lists the functions, and x**2 says powers are written ^",
    arguments: [
      (
        "ln(x)",
        "Error: unknown function 'ln' at column 1; did you mean 'log'? The functions are sin, "
          + "cos, tan, exp, log, sqrt, abs, tanh, sigmoid, relu.\n  ln(x)\n  ^\n"
      ),
      (
        "arctan(x)",
        "Error: unknown function 'arctan' at column 1. The functions are sin, cos, tan, exp, "
          + "log, sqrt, abs, tanh, sigmoid, relu.\n  arctan(x)\n  ^\n"
      ),
      (
        "x**2",
        "Error: syntax error at column 3: expected a number, a variable, a function such as "
          + "sin(…), or '(' (powers are written with ^, as in x^2), found '*'\n  x**2\n    ^\n"
      ),
    ])
  func expressionHints(expression: String, expected: String) throws {
    let result = try CommandRunner.run(["grad", expression, "--at", "x=1"])
    #expect(result.status == 1)
    #expect(result.standardError == expected)
  }
}
