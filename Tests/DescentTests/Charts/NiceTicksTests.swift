import Descent
import Foundation
import Testing

/// Tick values: round (multiples of 1, 2 or 5 × 10ᵏ), inside the interval, 3 to 10 of them,
/// with labels that show them exactly.
@Suite("Nice ticks")
struct NiceTicksTests {
  /// Whether `value` is an integer multiple of `step` (to float rounding).
  func isMultiple(_ value: Double, of step: Double) -> Bool {
    let nearest = (value / step).rounded() * step
    return Swift.abs(value - nearest) <= 1e-9 * Swift.max(Swift.abs(value), step)
  }

  /// Whether `step` is 1, 2 or 5 times a power of ten.
  func isRoundStep(_ step: Double) -> Bool {
    var m = step
    while m >= 10 { m /= 10 }
    while m < 1 { m *= 10 }
    return [1.0, 2, 5, 10].contains { Swift.abs(m - $0) < 1e-9 }
  }

  @Test(
    "known intervals get the expected ticks",
    arguments: [
      (0.0...1.0, [0, 0.2, 0.4, 0.6, 0.8, 1]),
      (-1.7...2.3, [-1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2]),
      (0.0...100.0, [0, 20, 40, 60, 80, 100]),
      (-2.1...1.6, [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5]),
      (1000.0...1003.0, [1000, 1000.5, 1001, 1001.5, 1002, 1002.5, 1003]),
    ] as [(ClosedRange<Double>, [Double])])
  func known(interval: ClosedRange<Double>, expected: [Double]) {
    #expect(NiceTicks.values(in: interval) == expected)
  }

  @Test("over 2000 random intervals, ticks are round, inside, evenly spaced and 3 to 10")
  func random() {
    var rng = RandomGenerator(seed: 42)
    for _ in 0..<2000 {
      let scale = Foundation.pow(10, Double(rng.nextIndex(below: 9) - 4))
      let center = (rng.nextUnitInterval() - 0.5) * 10 * scale
      let width =
        Foundation.pow(10, Double(rng.nextIndex(below: 13) - 6))
        * (0.1 + rng.nextUnitInterval() * 9.9)
      let interval = (center - width / 2)...(center + width / 2)
      let ticks = NiceTicks.values(in: interval)
      let step = NiceTicks.step(in: interval)
      #expect((3...10).contains(ticks.count), "\(interval): \(ticks.count) ticks")
      #expect(isRoundStep(step), "\(interval): step \(step)")
      let slack = width * 1e-9
      for t in ticks {
        #expect(isMultiple(t, of: step), "\(t) not a multiple of \(step)")
        #expect(t >= interval.lowerBound - slack && t <= interval.upperBound + slack)
      }
      for (a, b) in zip(ticks, ticks.dropFirst()) {
        #expect(Swift.abs((b - a) - step) <= 1e-9 * Swift.max(step, Swift.abs(b)))
      }
    }
  }

  @Test("extending an interval puts ticks on both ends")
  func extended() {
    #expect(NiceTicks.extended(-1.73...2.31) == -2...3)
    #expect(NiceTicks.extended(0.01...0.29) == 0...0.3)
    var rng = RandomGenerator(seed: 7)
    for _ in 0..<500 {
      let low = (rng.nextUnitInterval() - 0.5) * 20
      let interval = low...(low + 0.01 + rng.nextUnitInterval() * 30)
      let wide = NiceTicks.extended(interval)
      let ticks = NiceTicks.values(in: wide)
      #expect(wide.lowerBound <= interval.lowerBound && wide.upperBound >= interval.upperBound)
      #expect(ticks.first == wide.lowerBound, "\(interval) → \(wide): \(ticks)")
      #expect(ticks.last == wide.upperBound, "\(interval) → \(wide): \(ticks)")
    }
  }

  @Test(
    "labels show as many decimals as the step needs",
    arguments: [
      (0.30000000000000004, 0.1, "0.3"), (-0.5, 0.5, "-0.5"), (2, 1, "2"), (1500, 500, "1500"),
      (0.25, 0.05, "0.25"), (-0.0, 0.2, "0"), (1e-7, 1e-7, "1e-07"), (1.0000001e7, 1e6, "10000001"),
      (0.001, 0.001, "0.001"),
    ] as [(Double, Double, String)])
  func labels(value: Double, step: Double, expected: String) {
    #expect(NiceTicks.label(value, step: step) == expected)
  }

  @Test("a scale maps its domain onto its range and back, and widens an empty domain")
  func scale() {
    let y = LinearScale(domain: -1...3, rangeStart: 400, rangeEnd: 0)
    #expect(y(-1) == 400)
    #expect(y(3) == 0)
    #expect(y(1) == 200)
    #expect(y.invert(100) == 2)
    let flat = LinearScale(domain: 5...5, rangeStart: 0, rangeEnd: 10)
    #expect(flat.domain == 4...6)
  }
}
