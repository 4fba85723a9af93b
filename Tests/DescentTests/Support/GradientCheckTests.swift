import Testing

@testable import Descent

/// x², as an op of its own whose reverse rule is wrong (it passes g·x, not 2g·x) while its
/// forward rule is right: what a slip in a new op's reverse rule looks like.
private func squareWithWrongReverseRule(_ x: Tensor) -> Tensor {
  .result(
    (x * x).detached().storage, shape: x.shape, op: "wrongReverseSquare", inputs: [x],
    rule: { g, inputs, _ in [g * inputs[0]] },
    forward: { t, inputs, _ in t[0].map { $0 * inputs[0] * 2 } })
}

/// x², as an op whose reverse rule is right and whose forward rule is wrong (3x·dx): central
/// differences of the reverse pass cannot see it, the forward/reverse identity can.
private func squareWithWrongForwardRule(_ x: Tensor) -> Tensor {
  .result(
    (x * x).detached().storage, shape: x.shape, op: "wrongForwardSquare", inputs: [x],
    rule: { g, inputs, _ in [g * inputs[0] * 2] },
    forward: { t, inputs, _ in t[0].map { $0 * inputs[0] * 3 } })
}

/// x², as an op with a reverse rule only.
private func squareWithoutForwardRule(_ x: Tensor) -> Tensor {
  .result(
    (x * x).detached().storage, shape: x.shape, op: "reverseOnlySquare", inputs: [x],
    rule: { g, inputs, _ in [g * inputs[0] * 2] })
}

@Suite("The gradient check (library gradientCheck, tests' GradientCheck)")
struct GradientCheckTests {
  @Test("it passes a correct gradient and reports a tiny worst error")
  func passesCorrectGradient() throws {
    let x = Domain.real.sample([2, 3], seed: 90)
    let report = GradientCheck().check([x]) { ($0[0] * $0[0]).sum() }
    #expect(report.passed, "\(report)")
    #expect(try #require(report.worstAbsolute).absoluteError < 1e-8)
    #expect(try #require(report.forwardReverse).error < 1e-12)
  }

  @Test("it catches a wrong gradient and says where the worst element is")
  func catchesWrongGradient() throws {
    // d/dx Σ x·x is 2x, but detaching one factor makes backward() return x.
    let x = Tensor([1, -2, 3, 0.5], shape: [2, 2], dtype: .float64)
    let report = GradientCheck().check([x]) { ($0[0].detached() * $0[0]).sum() }
    #expect(!report.passed)
    let worst = try #require(report.worst)
    #expect(worst.input == 0)
    #expect(worst.index == [1, 0])
    #expect(Swift.abs(worst.analytic - 3) < 1e-12)
    #expect(Swift.abs(worst.numeric - 6) < 1e-6)
    #expect("\(report)".contains("index [1, 0]"))
    // Largest absolute error |3 − 6| at [1, 0]; every element is off by half, relatively.
    #expect(try #require(report.worstAbsolute).index == [1, 0])
    #expect(Swift.abs(try #require(report.worstRelative).relativeError - 0.5) < 1e-6)
  }

  @Test("it reports which input holds the worst element")
  func namesTheInput() throws {
    let a = Tensor([1, 2], dtype: .float64)
    let b = Tensor([3, 4], dtype: .float64)
    let report = GradientCheck().check([a, b]) { ($0[0] * $0[1] * $0[1].detached()).sum() }
    #expect(!report.passed)
    #expect(try #require(report.worst).input == 1)
    #expect(try #require(report.worst).index == [1])
  }

  @Test("it flags a function whose output is not a single element")
  func flagsNonScalar() {
    let x = Tensor([1, 2], dtype: .float64)
    let report = GradientCheck().check([x]) { $0[0] * 2 }
    #expect(!report.passed)
    #expect(report.problems.count == 1)
    #expect(report.problems[0].contains("[2]"))
  }

  @Test("it catches an op whose reverse rule is wrong, naming the element")
  func catchesWrongReverseRule() throws {
    let x = Tensor([0.5, -1.5, 2], dtype: .float64)
    let report = gradientCheck(of: { squareWithWrongReverseRule($0).sum() }, at: x)
    #expect(!report.passed)
    // The worst element is the largest |x|: analytic x = 2 against numeric 2x = 4.
    let worst = try #require(report.worst)
    #expect(worst.index == [2])
    #expect(Swift.abs(worst.analytic - 2) < 1e-12)
    #expect(Swift.abs(worst.numeric - 4) < 1e-6)
    // The forward rule is right, so uᵀ(Jv) and (Jᵀu)ᵀv differ too.
    #expect(try #require(report.forwardReverse).passed == false)
  }

  @Test("it catches an op whose forward rule is wrong, by the forward/reverse identity")
  func catchesWrongForwardRule() throws {
    let x = Tensor([0.5, -1.5, 2], dtype: .float64)
    let report = gradientCheck(of: { squareWithWrongForwardRule($0).sum() }, at: x)
    #expect(report.toleranceRatio <= 1, "the reverse rule is right: \(report)")
    let identity = try #require(report.forwardReverse)
    #expect(!identity.passed)
    // uᵀ(Jv) = u·Σ 3x·v against (Jᵀu)ᵀv = u·Σ 2x·v: a ratio of 3/2.
    #expect(Swift.abs(identity.forward / identity.reverse - 1.5) < 1e-12)
    #expect(!report.passed)
    #expect("\(report)".contains("disagree"))
  }

  @Test("it lists an op without a forward rule instead of trapping")
  func listsMissingForwardRules() {
    let x = Tensor([0.5, -1.5], dtype: .float64)
    let report = gradientCheck(of: { squareWithoutForwardRule($0).sum() }, at: x)
    #expect(report.opsWithoutForwardRule == ["reverseOnlySquare"])
    #expect(report.forwardReverse == nil)
    #expect(report.toleranceRatio <= 1)
    #expect(!report.passed)
    #expect("\(report)".contains("reverseOnlySquare"))
  }

  @Test("the same seed gives the same report, and float32 inputs are checked in float64")
  func reproducible() throws {
    let x = Tensor([0.3, -0.7, 1.1])
    let f = { (t: Tensor) in (t.sin() * t).sum() }
    let first = gradientCheck(of: f, at: x, seed: 7)
    let second = gradientCheck(of: f, at: x, seed: 7)
    #expect(first.passed, "\(first)")
    #expect(try #require(first.forwardReverse).forward == second.forwardReverse?.forward)
    #expect(first.worst == second.worst)
    #expect(try #require(first.worstAbsolute).absoluteError < 1e-8)
  }
}
