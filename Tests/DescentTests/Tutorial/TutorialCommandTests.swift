import Foundation
import Testing

/// A fast subset of the commands of Docs/Tutorial.md with the figures it quotes, copied here
/// because tests read nothing outside their bundle. `scripts/tutorial-check.sh` runs every
/// command of the tutorial; these are the ones that take milliseconds.
@Suite("Tutorial commands")
struct TutorialCommandTests {
  /// Runs `descent` and expects `status` and every line of `expected` in its output, in order.
  func expect(
    _ arguments: [String], status: Int32 = 0, lines expected: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try CommandRunner.run(arguments)
    #expect(result.status == status, "\(result.standardError)", sourceLocation: sourceLocation)
    let printed = (result.standardOutput + result.standardError)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var next = printed.startIndex
    for line in expected {
      guard let found = printed[next...].firstIndex(of: line) else {
        Issue.record(
          "missing, in order: \(line)\nprinted:\n\(printed.joined(separator: "\n"))",
          sourceLocation: sourceLocation)
        return
      }
      next = found + 1
    }
  }

  @Test(
    "section 1: the directional derivative is |∇f| cos θ, largest along ∇f and smallest against",
    arguments: [
      ("3,4", "5", "0°"), ("1,0", "3", "53.13010235°"), ("4,-3", "4.440892099e-16", "90°"),
      ("-3,-4", "-5", "180°"),
    ])
  func directionalDerivative(along: String, rate: String, angle: String) throws {
    try expect(
      ["grad", "x^2 + 2*y^2", "--at", "x=1.5,y=1", "--along", along],
      lines: [
        "gradient                ∇f = (3, 4)",
        "gradient norm           |∇f| = 5",
        "directional derivative  ∇f·u = \(rate)",
        "angle to the gradient   \(angle)",
      ])
  }

  @Test("section 2: η = 0.09 converges in 81 steps; η = 0.11 diverges with a message")
  func learningRate() throws {
    try expect(
      ["descend", "x^2 + 10*y^2", "--from", "x=-4,y=1", "--learning-rate", "0.09"],
      lines: ["Converged after 81 steps: |∇f| fell below the tolerance 1e-06."])
    try expect(
      ["descend", "x^2 + 10*y^2", "--from", "x=-4,y=1", "--learning-rate", "0.11"], status: 1,
      lines: [
        "end    x = -0.0001506394432, y = -1763.725882   f = 31107289.85   |∇f| = 35274.51763",
        "Diverged after 41 steps: the value 31107290 at step 41 exceeds 10^6 × "
          + "max(|f(start)|, 1) = 26000000. Try a smaller learning rate, such as 0.011.",
      ])
  }

  @Test("section 3: the closed form and gradient descent give w = 1.8, b = 1.2 on five points")
  func regression() throws {
    let data = try CommandRunner.temporaryFile(
      named: "five-points.csv", contents: "x,y\n1,3\n2,5\n3,6\n4,9\n5,10\n")
    defer {
      try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
    }
    try expect(
      ["regress", "--data", data, "--method", "both", "--learning-rate", "0.1"],
      lines: [
        "              closed form (QR)  gradient descent",
        "intercept                  1.2               1.2",
        "x                          1.8               1.8",
        "MSE                       0.16              0.16",
        "R²                    0.975904          0.975904",
        "Gradient descent: 45 iterations, learning rate 0.1, final gradient norm 7.48408e-10 "
          + "(converged).",
      ])
  }

  @Test("section 4: backpropagation through the two-unit network gives the hand-computed gradient")
  func backpropagation() throws {
    try expect(
      [
        "grad", "(v1*relu(w1*x + b1) + v2*relu(w2*x + b2) - t)^2", "--at",
        "x=2,w1=1,b1=-1,w2=0.5,b2=1,v1=1,v2=-0.5,t=1",
      ],
      lines: [
        "value                f = 1",
        "partial derivatives  ∂f/∂x = -1.5",
        "                     ∂f/∂w1 = -4",
        "                     ∂f/∂b1 = -2",
        "                     ∂f/∂w2 = 2",
        "                     ∂f/∂b2 = 1",
        "                     ∂f/∂v1 = -2",
        "                     ∂f/∂v2 = -4",
        "                     ∂f/∂t = 2",
      ])
  }
}
