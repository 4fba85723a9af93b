import Descent
import Foundation
import Testing

/// Contour lines by marching squares.
@Suite("Contour lines")
struct ContourGridTests {
  static let xs = ContourGrid.samples(-2...2, count: 81)
  static let grid = ContourGrid(xs: xs, ys: xs) { x, y in x * x + y * y }

  @Test(
    "the contour of x² + y² at level r² lies within 0.003 of the circle of radius r",
    arguments: [0.5, 1, 1.5])
  func circle(radius: Double) throws {
    let lines = Self.grid.lines(at: radius * radius)
    #expect(lines.count == 1, "one closed line")
    let line = try #require(lines.first)
    #expect(line.first == line.last, "closed")
    for point in line {
      let r = (point.x * point.x + point.y * point.y).squareRoot()
      // Linear interpolation of r² across a cell of side h = 0.05 is off by at most h²/(8r).
      #expect(Swift.abs(r - radius) < 0.003, "point at radius \(r)")
    }
    // The polygon's area (shoelace formula) is close to πr².
    var area = 0.0
    for (a, b) in zip(line, line.dropFirst()) { area += a.x * b.y - b.x * a.y }
    #expect(Swift.abs(Swift.abs(area) / 2 - Double.pi * radius * radius) < 0.01 * radius * radius)
    // Segments are between neighbouring cells' edges: short.
    for (a, b) in zip(line, line.dropFirst()) {
      #expect(((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot() < 0.08)
    }
  }

  @Test("levels outside the range of the samples give no lines; a plane gives a straight line")
  func trivial() throws {
    #expect(Self.grid.lines(at: -1).isEmpty)
    #expect(Self.grid.lines(at: 100).isEmpty)
    let plane = ContourGrid(xs: Self.xs, ys: Self.xs) { x, y in x + 2 * y }
    let lines = plane.lines(at: 1)
    #expect(lines.count == 1)
    for point in try #require(lines.first) {
      #expect(Swift.abs(point.x + 2 * point.y - 1) < 1e-12)
    }
  }

  @Test("a saddle x·y at level 0 gives the two axes; cells with NaN are skipped")
  func saddleAndGaps() {
    let xs = ContourGrid.samples(-1...1, count: 21)
    let saddle = ContourGrid(xs: xs, ys: xs) { x, y in x * y + 1e-9 }
    for (a, b) in saddle.segments(at: 0.5) {
      #expect(Swift.abs(a.x * a.y - 0.5) < 0.02 && Swift.abs(b.x * b.y - 0.5) < 0.02)
    }
    let holey = ContourGrid(xs: xs, ys: xs) { x, y in x < 0 ? .nan : x * x + y * y }
    for (a, b) in holey.segments(at: 0.25) { #expect(a.x >= 0 && b.x >= 0) }
    #expect(!holey.segments(at: 0.25).isEmpty)
  }

  @Test("a contour mark draws one path per level that is crossed, tagged with the level")
  func mark() throws {
    var chart = Chart(xDomain: -2...2, yDomain: -2...2)
    chart.marks.append(
      ContourMark(grid: Self.grid, levels: [0.25, 1, 100], colors: [Palette.blue]))
    let xml = try #require(parseXML(chart.document().text))
    let paths = elements(xml, named: "path", className: "contour")
    #expect(paths.map { $0.attributes["data-level"] } == ["0.25", "1.0"])
  }
}
