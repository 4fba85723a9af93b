import PropertyBased
import Testing

@testable import Descent

@Suite("Property: the derivative check itself")
struct DerivativeCheckTests {
  /// x², as an op whose reverse rule (g·x) or forward rule (3x·dx) is wrong.
  static func square(wrongReverse: Bool) -> (Tensor) -> Tensor {
    { x in
      .result(
        (x * x).detached().storage, shape: x.shape, op: "square", inputs: [x],
        rule: { g, inputs, _ in [wrongReverse ? g * inputs[0] : g * inputs[0] * 2] },
        forward: { t, inputs, _ in t[0].map { $0 * inputs[0] * (wrongReverse ? 2 : 3) } })
    }
  }

  @Test("it catches a wrong reverse rule and a wrong forward rule, and passes a right one")
  func catchesWrongRules() {
    var rng = Xoshiro(seed: (1, 2, 3, 4))
    let x = Tensor([0.5, -1.5, 2], dtype: .float64)
    let check = DerivativeCheck()
    #expect(check.problem({ $0[0] * $0[0] }, at: [x], rng: &rng) == nil)
    let reverse = check.problem({ Self.square(wrongReverse: true)($0[0]) }, at: [x], rng: &rng)
    #expect(reverse?.contains("forward mode") == true, "\(reverse ?? "passed")")
    let forward = check.problem({ Self.square(wrongReverse: false)($0[0]) }, at: [x], rng: &rng)
    #expect(forward?.contains("forward mode") == true, "\(forward ?? "passed")")
  }

  @Test("every property runs DESCENT_PROPERTY_CASES cases, each from its own seed")
  func caseCount() {
    var seen: [Int] = []
    let ran = forAllCases("count", seed: 0, Gen.int(in: 0...1_000_000)) { value, _ in
      seen.append(value)
      return nil
    }
    #expect(ran == (PropertyCases.only == nil ? PropertyCases.count : 1))
    var again: [Int] = []
    forAllCases("count", seed: 0, Gen.int(in: 0...1_000_000)) { value, _ in
      again.append(value)
      return nil
    }
    #expect(seen == again)
  }
}
