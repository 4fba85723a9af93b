import Foundation
import Testing

@testable import Descent

/// The legend goes to the corner of the plot where it hides the least of the data (issue 12:
/// the legend covered the diverging path, the fitted lines and the suggested learning rate).
@Suite("Legend placement")
struct LegendPlacementTests {
  /// A 0…10 × 0…10 chart with a one-entry legend and lines through `lines`' points.
  static func chart(_ lines: [[ChartPoint]]) -> Chart {
    var chart = Chart(xDomain: 0...10, yDomain: 0...10)
    chart.marks = lines.map { LineMark(points: $0, color: Palette.blue) }
    chart.legend = [LegendEntry("a line", color: Palette.blue)]
    return chart
  }

  /// The marks' pixels under the legend box where the chart draws it.
  static func covered(_ chart: Chart) -> [ChartPoint] {
    let area = chart.plotArea
    let box = chart.legendFrame(area, at: chart.legendPlacement)
    return chart.marks.flatMap { $0.occupiedPixels(in: area) }.filter { p in
      p.x >= box.left && p.x <= box.left + box.width && p.y >= box.top
        && p.y <= box.top + box.height
    }
  }

  /// The legend's `rect` in the SVG: x and y.
  static func legendOrigin(_ chart: Chart) throws -> ChartPoint {
    let root = try #require(parseXML(chart.document().text))
    let legend = try #require(elements(root, named: "g", className: "legend").first)
    let rect = try #require(legend.children.first { $0.name == "rect" })
    return ChartPoint(
      x: try #require(Double(rect.attributes["x"] ?? "")),
      y: try #require(Double(rect.attributes["y"] ?? "")))
  }

  @Test("a rising diagonal leaves the top left free; a line across the top leaves the bottom right")
  func freeCorner() throws {
    let diagonal = [ChartPoint(x: 0, y: 0), ChartPoint(x: 10, y: 10)]
    var chart = Self.chart([diagonal])
    #expect(chart.legendPlacement == .topLeft)
    #expect(Self.covered(chart).isEmpty)
    let origin = try Self.legendOrigin(chart)
    #expect(origin.x == chart.plotArea.left + 8 && origin.y == chart.plotArea.top + 8)

    chart = Self.chart([diagonal, [ChartPoint(x: 0, y: 9.5), ChartPoint(x: 10, y: 9.5)]])
    #expect(chart.legendPlacement == .bottomRight)
    #expect(Self.covered(chart).isEmpty)

    // Nothing drawn: the top right, the first corner tried.
    #expect(Self.chart([]).legendPlacement == .topRight)
  }

  @Test("a corner given explicitly is kept, even over the data")
  func explicitCorner() throws {
    var chart = Self.chart([[ChartPoint(x: 0, y: 0), ChartPoint(x: 10, y: 10)]])
    chart.legendCorner = .topRight
    #expect(chart.legendPlacement == .topRight)
    #expect(!Self.covered(chart).isEmpty)
  }

  @Test("the pixels of lines, polylines, paths and circles are sampled at most 2 px apart")
  func drawnPixels() {
    let line = SVGElement("line", ["x1": 0, "y1": 0, "x2": 10, "y2": 0])
    #expect(line.drawnPixels(spacing: 2).map(\.x) == [0, 2, 4, 6, 8, 10])
    let path = SVGElement("path", attributes: [("d", "M0 0 L0 4 M10 10 L10,12")])
    #expect(
      path.drawnPixels(spacing: 2).map { [$0.x, $0.y] } == [
        [0, 0], [0, 2], [0, 4], [10, 10], [10, 12],
      ])
    let polyline = SVGElement("polyline", attributes: [("points", "0,0 4,0 4,4")])
    #expect(polyline.drawnPixels(spacing: 2).count == 5)
    let circle = SVGElement("circle", ["cx": 5, "cy": 5, "r": 1])
    #expect(circle.drawnPixels(spacing: 2).count == 5)
    let group = SVGElement("g", children: [line, circle])
    #expect(group.drawnPixels(spacing: 2).count == 11)
    #expect(SVGElement("text", ["x": 1, "y": 1], text: "label").drawnPixels(spacing: 2).isEmpty)
  }

  @Test("the diverging descent of the tutorial keeps its path clear of the legend")
  func divergedDescent() throws {
    let f = try MathExpression(parsing: "x^2 + 10*y^2")
    let run = try descend(
      f, variables: ["x", "y"], from: [-4, 1], learningRate: 0.11, steps: 1000)
    #expect(run.diverged)
    let chart = run.chart(of: f, gridSize: 51, arrowsPerSide: 10)
    #expect(Self.covered(chart).isEmpty)
    // The contours and the direction field are background, which the legend may cover.
    let area = chart.plotArea
    #expect(chart.marks.contains { $0 is ContourMark && $0.occupiedPixels(in: area).isEmpty })
  }

  @Test("the five points of the tutorial keep their fitted lines clear of the legend")
  func regressionData() throws {
    let points = Dataset(
      name: "five-points", featureNames: ["x"], targetName: "y", features: [1, 2, 3, 4, 5],
      targets: [3, 5, 6, 9, 10])
    let closedForm = try LinearRegression().fit(points)
    let descent = try LinearRegression(
      solver: .gradientDescent(GradientDescentOptions(learningRate: 0.1))
    ).fit(points)
    let chart = LinearRegressionFit.dataChart(points, fits: [closedForm, descent])
    #expect(Self.covered(chart).isEmpty)
  }

  @Test("the learning-rate range test keeps the suggestion and the batch losses clear")
  func learningRateFinder() throws {
    let chart = LearningRateFinderChartTests.result(last: 239.816).chart()
    #expect(Self.covered(chart).isEmpty, "\(chart.legendPlacement)")
  }
}
