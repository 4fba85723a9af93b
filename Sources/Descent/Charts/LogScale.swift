import RealModule

/// How a chart axis places data values: in proportion to the value, or to its base-10
/// logarithm.
///
/// The plot area is linear in the *axis coordinate*, ``transform(_:)->Double`` of the value: the value
/// itself, or log₁₀ of it. A chart keeps its domains and its marks' points in data units;
/// ``PlotArea/pixel(_:)`` applies the transform.
///
///     var chart = Chart(xDomain: 1e-7...10, yDomain: 0...3, xLabel: "learning rate")
///     chart.xScale = .log10   // ticks at 1e-7, 1e-6, …, 1, 10
public enum AxisScale: Sendable, Equatable {
  /// Equal distances for equal differences.
  case linear
  /// Equal distances for equal ratios: each power of ten gets the same length. Values must be
  /// positive: log₁₀ of 0 is −∞ and of a negative value NaN, and such points are not drawn.
  case log10

  /// The axis coordinate of `value`: `value`, or log₁₀(value).
  public func transform(_ value: Double) -> Double {
    switch self {
    case .linear: value
    case .log10: Double.log10(value)
    }
  }

  /// The value at axis coordinate `coordinate`: the inverse of ``transform(_:)->Double``.
  public func inverse(_ coordinate: Double) -> Double {
    switch self {
    case .linear: coordinate
    case .log10: Double.exp10(coordinate)
    }
  }

  /// `domain` in axis coordinates.
  /// - Precondition: for ``log10``, both bounds are positive and finite.
  public func transform(_ domain: ClosedRange<Double>) -> ClosedRange<Double> {
    if self == .log10 {
      precondition(
        domain.lowerBound > 0 && domain.upperBound.isFinite,
        "AxisScale.log10: the domain \(domain) must be positive and finite")
    }
    return transform(domain.lowerBound)...transform(domain.upperBound)
  }

  /// Tick positions, in axis coordinates, for an axis spanning `coordinates` (axis
  /// coordinates): ``NiceTicks`` for a linear axis, ``LogTicks/exponents(in:maximumCount:)``
  /// for a logarithmic one.
  public func ticks(in coordinates: ClosedRange<Double>) -> [Double] {
    switch self {
    case .linear: NiceTicks.values(in: coordinates)
    case .log10: LogTicks.exponents(in: coordinates)
    }
  }

  /// The label of the tick at axis coordinate `coordinate` on an axis spanning `coordinates`.
  public func label(_ coordinate: Double, in coordinates: ClosedRange<Double>) -> String {
    switch self {
    case .linear: NiceTicks.label(coordinate, step: NiceTicks.step(in: coordinates))
    case .log10: LogTicks.label(exponent: coordinate)
    }
  }
}

/// Ticks of a logarithmic axis, at powers of ten.
///
///     LogTicks.exponents(in: -7...1)      // [-7, -6, …, 0, 1]: 1e-7 … 10
///     LogTicks.exponents(in: -12...6)     // [-12, -10, …, 6]: every second power
///     LogTicks.label(exponent: -4)        // "1e-4"
public enum LogTicks {
  /// The exponents k (as `Double`) of the powers of ten 10ᵏ inside the axis-coordinate
  /// interval `interval` (bounds included to 1e-9), every first, second, fifth, tenth, … one
  /// so that there are at most `maximumCount`. An interval holding fewer than two powers of
  /// ten gets the logarithms of ``NiceTicks`` of the data interval instead (such as 2, 3, 4
  /// between 10ᵏ and 10ᵏ⁺¹), so that every axis has labelled ticks.
  /// - Precondition: finite bounds, positive width; `maximumCount` ≥ 2.
  public static func exponents(in interval: ClosedRange<Double>, maximumCount: Int = 10)
    -> [Double]
  {
    precondition(
      interval.lowerBound.isFinite && interval.upperBound.isFinite
        && interval.upperBound > interval.lowerBound,
      "LogTicks: the interval \(interval) has no positive finite width")
    precondition(maximumCount >= 2, "LogTicks: maximumCount \(maximumCount) < 2")
    let first = Int((interval.lowerBound - 1e-9).rounded(.up))
    let last = Int((interval.upperBound + 1e-9).rounded(.down))
    guard last - first >= 1 else {
      let data = Double.exp10(interval.lowerBound)...Double.exp10(interval.upperBound)
      return NiceTicks.values(in: data).filter { $0 > 0 }.map { Double.log10($0) }
    }
    var stride = 1
    for candidate in [1, 2, 5, 10, 20, 50, 100] {
      stride = candidate
      if (last - first) / candidate + 1 <= maximumCount { break }
    }
    // Multiples of the stride, so that 10⁰ = 1 is a tick whenever it is inside.
    let start = Int((Double(first) / Double(stride)).rounded(.up)) * stride
    return Swift.stride(from: start, through: last, by: stride).map(Double.init)
  }

  /// The label of the tick at axis coordinate `exponent`: for an integer k, `0.01`, `0.1`,
  /// `1`, `10`, `100` when −2 ≤ k ≤ 2, and `1e-4`, `1e5` otherwise; for another value (a
  /// tick from the fallback of ``exponents(in:maximumCount:)``), 10^exponent with up to 3
  /// significant digits (`0.02`, `300`, `2e-5`).
  public static func label(exponent: Double) -> String {
    guard exponent.isFinite else { return "\(exponent)" }
    let k = exponent.rounded()
    if Swift.abs(exponent - k) < 1e-9 {
      let n = Int(k)
      switch n {
      case -2: return "0.01"
      case -1: return "0.1"
      case 0: return "1"
      case 1: return "10"
      case 2: return "100"
      default: return "1e\(n)"
      }
    }
    return significant(Double.exp10(exponent))
  }

  /// `value` with up to 3 significant digits, in plain notation between 1e-3 and 1e4 and as
  /// `2e-5` otherwise.
  static func significant(_ value: Double) -> String {
    let exponent = Int(Double.log10(Swift.abs(value)).rounded(.down))
    let scale = Double.exp10(Double(exponent - 2))
    let rounded = (value / scale).rounded() * scale
    if exponent < -3 || exponent >= 4 {
      let mantissa = rounded / Double.exp10(Double(exponent))
      return NiceTicks.label(mantissa, step: 0.01) + "e\(exponent)"
    }
    return NiceTicks.label(rounded, step: Double.exp10(Double(Swift.min(exponent - 2, 0))))
  }
}
