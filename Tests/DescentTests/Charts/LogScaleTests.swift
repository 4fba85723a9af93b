import Foundation
import Testing

@testable import Descent

/// Logarithmic axes: ticks at powers of ten, their labels, and the placement of points.
@Suite("Log scale")
struct LogScaleTests {
  @Test("ticks fall on every power of ten, or every second, fifth … when there are many")
  func exponents() {
    #expect(LogTicks.exponents(in: -7...1) == (-7...1).map(Double.init))
    #expect(
      LogTicks.exponents(in: -12...6) == stride(from: -12, through: 6, by: 2).map(Double.init))
    #expect(LogTicks.exponents(in: -7.5...1.2) == (-7...1).map(Double.init))
    // Fewer than two powers of ten: ticks at round values of the data instead.
    expectClose(
      LogTicks.exponents(in: log10(2)...log10(8)), (2...8).map { log10(Double($0)) }, rtol: 1e-12)
  }

  @Test(
    "labels are plain from 0.01 to 100 and 1eK beyond",
    arguments: [(-4.0, "1e-4"), (-3, "1e-3"), (-2, "0.01"), (0, "1"), (2, "100"), (5, "1e5")])
  func labels(exponent: Double, expected: String) {
    #expect(LogTicks.label(exponent: exponent) == expected)
  }

  @Test("a log axis places each decade at the same width, and inverts")
  func placement() {
    var chart = Chart(xDomain: 1e-4...1, yDomain: 0...1)
    chart.xScale = .log10
    let area = chart.plotArea
    let xs = [1e-4, 1e-3, 1e-2, 1e-1, 1].map { area.pixel(ChartPoint(x: $0, y: 0)).x }
    let widths = zip(xs, xs.dropFirst()).map { $1 - $0 }
    expectClose(widths, Array(repeating: area.width / 4, count: 4), rtol: 1e-12)
    let back = area.data(atPixel: area.pixel(ChartPoint(x: 0.003, y: 0.5)))
    #expect(isApproximatelyEqual(back.x, 0.003, atol: 0, rtol: 1e-12))
    let root = parseXML(chart.document().text)
    let labels = root.map { elements($0, named: "text", className: "x-tick").map(\.text) }
    #expect(labels == ["1e-4", "1e-3", "0.01", "0.1", "1"])
  }
}
