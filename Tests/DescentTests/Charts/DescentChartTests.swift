import Descent
import Foundation
import Testing

/// The picture of gradient descent: contours, arrows and the path, checked in the SVG.
@Suite("Gradient descent chart")
struct DescentChartTests {
  /// The points of a `points` attribute, in pixels.
  func pixels(_ list: String) -> [ChartPoint] {
    list.split(separator: " ").compactMap { pair in
      let xy = pair.split(separator: ",").compactMap { Double($0) }
      return xy.count == 2 ? ChartPoint(x: xy[0], y: xy[1]) : nil
    }
  }

  @Test("the plotted path is the iterates, mapped through the chart's scales")
  func pathMatchesIterates() throws {
    let f = try MathExpression(parsing: "x^2 + 3*y^2")
    let run = try descend(
      f, variables: ["x", "y"], from: [-1.5, 2], learningRate: 0.05, steps: 40)
    let chart = run.chart(of: f, gridSize: 41, arrowsPerSide: 8)
    let xml = try #require(parseXML(chart.document().text))
    let polyline = try #require(elements(xml, named: "polyline", className: "descent-path").first)
    let plotted = pixels(try #require(polyline.attributes["points"]))
    // Every iterate moves more than 0.25 px here, so every one is drawn.
    #expect(plotted.count == run.points.count)
    let area = chart.plotArea
    // Pixels are written to 0.01, so the data values agree to 0.005 px worth.
    let tolerance = 0.006 * (area.x.domain.upperBound - area.x.domain.lowerBound) / area.width
    for (pixel, iterate) in zip(plotted, run.points) {
      let data = area.data(atPixel: pixel)
      #expect(Swift.abs(data.x - iterate[0]) < tolerance, "\(data) vs \(iterate)")
      #expect(Swift.abs(data.y - iterate[1]) < tolerance, "\(data) vs \(iterate)")
    }
    // Markers at the start and the end.
    let start = try #require(elements(xml, named: "circle", className: "start").first)
    #expect(Double(start.attributes["cx"] ?? "") == plotted.first?.x)
    let end = try #require(elements(xml, named: "circle", className: "end").first)
    #expect(Double(end.attributes["cy"] ?? "") == plotted.last?.y)
  }

  @Test("a long run is thinned to points 0.25 px apart, each still an iterate, in order")
  func longPathIsThinned() throws {
    let f = try MathExpression(parsing: "(1 - x)^2 + 10*(y - x^2)^2")
    let run = try descend(
      f, variables: ["x", "y"], from: [-1.5, 2], learningRate: 0.002, steps: 3000)
    let chart = run.chart(of: f, gridSize: 41, arrowsPerSide: 6)
    let xml = try #require(parseXML(chart.document().text))
    let polyline = try #require(elements(xml, named: "polyline", className: "descent-path").first)
    let plotted = pixels(try #require(polyline.attributes["points"]))
    #expect(plotted.count < run.points.count)
    let area = chart.plotArea
    let expected = run.points.map { area.pixel(ChartPoint(x: $0[0], y: $0[1])) }
    // Each plotted vertex is one of the iterates (to the 0.01 px of the file), in order.
    var next = 0
    for vertex in plotted {
      guard
        let match = expected[next...].firstIndex(where: {
          Swift.abs($0.x - vertex.x) <= 0.006 && Swift.abs($0.y - vertex.y) <= 0.006
        })
      else {
        Issue.record("plotted vertex \(vertex) is not an iterate after index \(next)")
        return
      }
      next = match + 1
    }
    #expect(next == expected.count, "the last iterate is drawn")
  }

  @Test("the chart shows contours, −∇f arrows and a legend, and parses as XML")
  func contents() throws {
    let f = try MathExpression(parsing: "(1 - x)^2 + 100*(y - x^2)^2")
    let run = try descend(
      f, variables: ["x", "y"], from: [-1.5, 2], learningRate: 0.001, steps: 200)
    let chart = run.chart(of: f, gridSize: 61, arrowsPerSide: 10)
    let xml = try #require(parseXML(chart.document().text))
    let contours = elements(xml, named: "path", className: "contour")
    #expect(contours.count >= 8)
    let levels = contours.compactMap { Double($0.attributes["data-level"] ?? "") }
    #expect(levels == levels.sorted())
    #expect(elements(xml, named: "g", className: "gradient-arrow").count == 100)
    #expect(elements(xml, named: "g", className: "legend").count == 1)
    #expect(xml.all.contains { $0.name == "title" && $0.text.contains("(1 - x)^2") })
  }

  @Test("arrows point along −∇f: for x² + y², toward the origin")
  func arrowsPointDownhill() throws {
    let f = try MathExpression(parsing: "x^2 + y^2")
    let run = try descend(f, variables: ["x", "y"], from: [2, 1], learningRate: 0.1, steps: 5)
    let chart = run.chart(of: f, gridSize: 21, arrowsPerSide: 5)
    let area = chart.plotArea
    let origin = area.pixel(ChartPoint(x: 0, y: 0))
    let xml = try #require(parseXML(chart.document().text))
    for arrow in elements(xml, named: "g", className: "gradient-arrow") {
      let shaft = try #require(arrow.children.first { $0.name == "line" })
      let x1 = Double(shaft.attributes["x1"] ?? "") ?? 0
      let y1 = Double(shaft.attributes["y1"] ?? "") ?? 0
      let x2 = Double(shaft.attributes["x2"] ?? "") ?? 0
      let y2 = Double(shaft.attributes["y2"] ?? "") ?? 0
      // The arrow's direction has a positive component toward the origin.
      #expect((x2 - x1) * (origin.x - x1) + (y2 - y1) * (origin.y - y1) > 0)
    }
  }
}
