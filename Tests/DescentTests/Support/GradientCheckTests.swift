import Descent
import Testing

@Suite("The gradient-check helper")
struct GradientCheckTests {
  @Test("it passes a correct gradient and reports a tiny worst error")
  func passesCorrectGradient() {
    let x = Domain.real.sample([2, 3], seed: 90)
    let report = GradientCheck().check([x]) { ($0[0] * $0[0]).sum() }
    #expect(report.passed, "\(report)")
    #expect(report.error < 1e-8)
  }

  @Test("it catches a wrong gradient and says where the worst element is")
  func catchesWrongGradient() {
    // d/dx Σ x·x is 2x, but detaching one factor makes backward() return x.
    let x = Tensor([1, -2, 3, 0.5], shape: [2, 2], dtype: .float64)
    let report = GradientCheck().check([x]) { ($0[0].detached() * $0[0]).sum() }
    #expect(!report.passed)
    #expect(report.input == 0)
    #expect(report.index == [1, 0])
    #expect(Swift.abs(report.analytic - 3) < 1e-12)
    #expect(Swift.abs(report.numeric - 6) < 1e-6)
    #expect("\(report)".contains("index [1, 0]"))
  }

  @Test("it reports which input holds the worst element")
  func namesTheInput() {
    let a = Tensor([1, 2], dtype: .float64)
    let b = Tensor([3, 4], dtype: .float64)
    let report = GradientCheck().check([a, b]) { ($0[0] * $0[1] * $0[1].detached()).sum() }
    #expect(!report.passed)
    #expect(report.input == 1)
    #expect(report.index == [1])
  }

  @Test("it flags a function whose output is not a single element")
  func flagsNonScalar() {
    let x = Tensor([1, 2], dtype: .float64)
    let report = GradientCheck().check([x]) { $0[0] * 2 }
    #expect(!report.passed)
    #expect(report.problems.count == 1)
  }
}
