import RealModule

/// A point in data coordinates (or, once scaled, in pixels).
public struct ChartPoint: Sendable, Equatable {
  /// The horizontal coordinate.
  public var x: Double
  /// The vertical coordinate.
  public var y: Double

  /// The point (x, y).
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}

/// A linear map from a data interval (the domain) to a pixel interval (the range):
///
///     pixel = rangeStart + (value − domain.lowerBound) / (domain.upperBound − domain.lowerBound)
///                          · (rangeEnd − rangeStart)
///
/// `rangeEnd` may be less than `rangeStart`, as for a y axis, where larger values are drawn
/// higher, at smaller pixel rows.
public struct LinearScale: Sendable, Equatable {
  /// The data interval.
  public var domain: ClosedRange<Double>
  /// The pixel coordinate of `domain.lowerBound`.
  public var rangeStart: Double
  /// The pixel coordinate of `domain.upperBound`.
  public var rangeEnd: Double

  /// A scale from `domain` to pixels `rangeStart…rangeEnd`. A domain of zero width is
  /// widened by 1 on each side, so that every scale is invertible.
  public init(domain: ClosedRange<Double>, rangeStart: Double, rangeEnd: Double) {
    self.domain =
      domain.lowerBound < domain.upperBound
      ? domain : (domain.lowerBound - 1)...(domain.upperBound + 1)
    self.rangeStart = rangeStart
    self.rangeEnd = rangeEnd
  }

  /// The pixel coordinate of `value`.
  public func callAsFunction(_ value: Double) -> Double {
    let t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
    return rangeStart + t * (rangeEnd - rangeStart)
  }

  /// The data value at pixel coordinate `pixel`: the inverse of ``callAsFunction(_:)``.
  public func invert(_ pixel: Double) -> Double {
    let t = (pixel - rangeStart) / (rangeEnd - rangeStart)
    return domain.lowerBound + t * (domain.upperBound - domain.lowerBound)
  }

  /// Round tick values inside the domain; see ``NiceTicks/values(in:target:)``.
  public func ticks(target: Int = 6) -> [Double] { NiceTicks.values(in: domain, target: target) }
}

/// Tick marks at round values: multiples of a step 1, 2 or 5 × 10ᵏ, as people label axes.
///
///     NiceTicks.values(in: 0...1, target: 6)       // [0, 0.2, 0.4, 0.6, 0.8, 1]
///     NiceTicks.values(in: -1.7...2.3, target: 6)  // [-1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2]
///
/// The step is the one whose tick count inside the interval is closest to `target`, among
/// those giving 3 to 10 ticks (there always is one: each smaller step at most multiplies the
/// count by 2.5); on a tie the smaller step wins (8 ticks rather than 4 for a target of 6).
public enum NiceTicks {
  /// The distance between ticks for `interval`.
  /// - Precondition: the interval has finite bounds and positive width.
  public static func step(in interval: ClosedRange<Double>, target: Int = 6) -> Double {
    best(in: interval, target: target)?.step ?? (interval.upperBound - interval.lowerBound) / 2
  }

  /// Round values inside `interval` (bounds included, to a tolerance of 1e-9 of the width),
  /// 3 to 10 of them, increasing.
  /// - Precondition: the interval has finite bounds and positive width.
  public static func values(in interval: ClosedRange<Double>, target: Int = 6) -> [Double] {
    guard let best = best(in: interval, target: target) else {
      // Only for an interval far from 0 relative to its width (beyond 1e15 steps from 0).
      let lower = interval.lowerBound
      let upper = interval.upperBound
      return [lower, (lower + upper) / 2, upper]
    }
    return (best.first...best.last).map {
      value(multiple: $0, mantissa: best.mantissa, exponent: best.exponent)
    }
  }

  /// `interval` widened to the nearest multiples of the tick step outside it, so that the
  /// ticks of the result (``values(in:target:)``) fall on both of its ends.
  public static func extended(
    _ interval: ClosedRange<Double>, target: Int = 6
  ) -> ClosedRange<Double> {
    var result = interval
    // Widening can change the best step (to a larger one); a few rounds settle it.
    for _ in 0..<4 {
      guard let c = best(in: result, target: target) else { return result }
      let step = c.step
      let first = Int((result.lowerBound / step).rounded(.down))
      let last = Int((result.upperBound / step).rounded(.up))
      let widened =
        value(
          multiple: first, mantissa: c.mantissa, exponent: c.exponent)...value(
          multiple: last, mantissa: c.mantissa, exponent: c.exponent)
      if widened == result { break }
      result = widened
    }
    return result
  }

  /// `value` written with as many decimals as `step` needs: `0.5`, `-1`, `2.25`, `1e-07`.
  public static func label(_ value: Double, step: Double) -> String {
    guard value.isFinite, step > 0 else { return "\(value)" }
    let decimals = Swift.max(0, Int((-Double.log10(step)).rounded(.up) + 1e-9))
    if Swift.abs(value) >= 1e7 || decimals > 6 { return shortest(value) }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let n = Int64((value * scale).rounded())
    if n == 0 { return "0" }
    var digits = String(Swift.abs(n))
    if decimals > 0 {
      if digits.count <= decimals {
        digits = String(repeating: "0", count: decimals - digits.count + 1) + digits
      }
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
      while digits.hasSuffix("0") { digits.removeLast() }
      if digits.hasSuffix(".") { digits.removeLast() }
    }
    return (n < 0 ? "-" : "") + digits
  }

  private static func shortest(_ value: Double) -> String {
    value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
  }

  private struct Candidate {
    var mantissa: Int
    var exponent: Int
    var first: Int
    var last: Int
    var count: Int { last - first + 1 }
    var step: Double { value(multiple: 1, mantissa: mantissa, exponent: exponent) }
  }

  /// k·m·10ᵉ computed so that it is the double nearest the decimal value (0.3, not
  /// 0.30000000000000004).
  private static func value(multiple k: Int, mantissa m: Int, exponent e: Int) -> Double {
    var power = 1.0
    for _ in 0..<Swift.abs(e) { power *= 10 }
    let integer = Double(k * m)
    return e < 0 ? integer / power : integer * power
  }

  private static func best(in interval: ClosedRange<Double>, target: Int) -> Candidate? {
    let lower = interval.lowerBound
    let upper = interval.upperBound
    let width = upper - lower
    precondition(
      width > 0 && width.isFinite, "NiceTicks: the interval \(interval) has no positive width")
    let slack = width * 1e-9
    let top = Int(Double.log10(width).rounded(.down)) + 1
    var best: Candidate?
    for exponent in stride(from: top, through: top - 3, by: -1) {
      for mantissa in [5, 2, 1] {
        let step = value(multiple: 1, mantissa: mantissa, exponent: exponent)
        guard Swift.max(Swift.abs(lower), Swift.abs(upper)) / step < 1e15 else { continue }
        let first = Int(((lower - slack) / step).rounded(.up))
        let last = Int(((upper + slack) / step).rounded(.down))
        let candidate = Candidate(mantissa: mantissa, exponent: exponent, first: first, last: last)
        guard (3...10).contains(candidate.count) else { continue }
        // Steps are visited from large to small, so a tie goes to the smaller step.
        if let current = best,
          Swift.abs(current.count - target) < Swift.abs(candidate.count - target)
        {
          continue
        }
        best = candidate
      }
    }
    return best
  }
}
