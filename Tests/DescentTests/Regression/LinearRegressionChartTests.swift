import Foundation
import Testing

@testable import Descent

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The elements of an SVG text that have a `class` attribute, read with XMLParser.
private final class ClassedElements: NSObject, XMLParserDelegate {
  var elements: [(name: String, attributes: [String: String])] = []

  static func parse(_ text: String) throws -> ClassedElements {
    let collector = ClassedElements()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = collector
    #expect(
      parser.parse(), "the SVG is not well-formed XML: \(String(describing: parser.parserError))")
    return collector
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    if attributeDict["class"] != nil { elements.append((elementName, attributeDict)) }
  }

  func all(_ name: String, class className: String) -> [[String: String]] {
    elements.filter { $0.name == name && $0.attributes["class"] == className }.map(\.attributes)
  }

  /// The pixel points of a polyline's `points` attribute.
  static func points(_ attribute: String?) -> [ChartPoint] {
    (attribute ?? "").split(separator: " ").compactMap { pair in
      let xy = pair.split(separator: ",").compactMap { Double($0) }
      return xy.count == 2 ? ChartPoint(x: xy[0], y: xy[1]) : nil
    }
  }
}

@Suite("Linear regression charts")
struct LinearRegressionChartTests {
  /// y = 3 + 2x + noise on 40 points of x in [−2, 5].
  private static let line: Dataset = {
    let xs = (0..<40).map { -2 + 7 * Double($0) / 39 }
    let ys = xs.enumerated().map { i, x in 3 + 2 * x + 0.4 * sin(Double(i) * 1.7) }
    return Dataset(name: "line", featureNames: ["x"], targetName: "y", features: xs, targets: ys)
  }()

  @Test("the loss chart has one polyline with a point per iteration, at the losses")
  func lossChartPoints() throws {
    let fit = try LinearRegression(
      solver: .gradientDescent(GradientDescentOptions(maxIterations: 200))
    ).fit(Self.line)
    let report = try #require(fit.gradientDescent)
    #expect(report.lossHistory.count <= GradientDescentReport.lossChartPointLimit)
    let chart = report.lossChart()
    let svg = try ClassedElements.parse(chart.document().text)
    let lines = svg.all("polyline", class: "loss")
    try #require(lines.count == 1)
    let pixels = ClassedElements.points(lines[0]["points"])
    #expect(pixels.count == report.lossHistory.count)
    let logarithmic = report.lossChartIsLogarithmic
    #expect(chart.yLabel == (logarithmic ? "log10 MSE" : "MSE"))
    let area = chart.plotArea
    for (i, pixel) in pixels.enumerated() {
      let point = area.data(atPixel: pixel)
      let loss = report.lossHistory[i]
      let expected = logarithmic ? log10(loss) : loss
      let span = chart.yDomain.upperBound - chart.yDomain.lowerBound
      #expect(Swift.abs(point.x - Double(i)) < 0.01 * Double(report.lossHistory.count))
      #expect(Swift.abs(point.y - expected) < 0.01 * span, "iteration \(i)")
    }
  }

  @Test("a long loss history is drawn through the documented subsample of 1000 points")
  func lossChartSubsample() throws {
    let history = (0...5000).map { 1e4 * exp(-Double($0) / 300) + 1 }
    let report = GradientDescentReport(
      learningRate: 0.1, iterations: 5000, converged: false, gradientNorm: 1,
      lossHistory: history, standardized: false)
    let indices = GradientDescentReport.lossSampleIndices(count: history.count)
    #expect(indices.count == 1000 && indices.first == 0 && indices.last == 5000)
    #expect(zip(indices, indices.dropFirst()).allSatisfy { $0 < $1 })
    #expect(report.lossChartIsLogarithmic)
    let chart = report.lossChart()
    #expect(chart.yLabel == "log10 MSE")
    let svg = try ClassedElements.parse(chart.document().text)
    let pixels = ClassedElements.points(svg.all("polyline", class: "loss").first?["points"])
    #expect(pixels.count == 1000)
    let last = chart.plotArea.data(atPixel: try #require(pixels.last))
    #expect(Swift.abs(last.y - log10(history[5000])) < 1e-3)
  }

  @Test("the data chart draws every row and each fitted line from b + w·x at the domain ends")
  func dataChart() throws {
    let closedForm = try LinearRegression().fit(Self.line)
    let descent = try LinearRegression(solver: .gradientDescent(GradientDescentOptions()))
      .fit(Self.line)
    let chart = LinearRegressionFit.dataChart(Self.line, fits: [closedForm, descent])
    let svg = try ClassedElements.parse(chart.document().text)
    #expect(svg.all("circle", class: "data-point").count == Self.line.rowCount)
    let lines = svg.all("polyline", class: "fitted-line")
    try #require(lines.count == 2)
    #expect(lines[1]["stroke-dasharray"] != nil)
    let area = chart.plotArea
    for (fit, line) in zip([closedForm, descent], lines) {
      let ends = ClassedElements.points(line["points"]).map { area.data(atPixel: $0) }
      try #require(ends.count == 2)
      #expect(Swift.abs(ends[0].x - chart.xDomain.lowerBound) < 1e-2)
      #expect(Swift.abs(ends[1].x - chart.xDomain.upperBound) < 1e-2)
      for end in ends {
        let expected = fit.intercept + fit.coefficient[0] * end.x
        #expect(Swift.abs(end.y - expected) < 1e-2, "\(fit.solver) at x = \(end.x)")
      }
    }
    #expect(
      chart.legend.map(\.label) == ["data (40 rows)", "closed form (QR)", "gradient descent"])
  }

  @Test("the points are drawn after the lines, larger than their width, so none is hidden")
  func pointsAboveLines() throws {
    let points = Dataset(
      name: "five-points", featureNames: ["x"], targetName: "y", features: [1, 2, 3, 4, 5],
      targets: [3, 5, 6, 9, 10])
    let fit = try LinearRegression().fit(points)
    let svg = try ClassedElements.parse(
      LinearRegressionFit.dataChart(points, fits: [fit, fit]).document().text)
    let order = svg.elements.map { $0.attributes["class"] ?? "" }
    let lastLine = try #require(order.lastIndex(of: "fitted-line"))
    let firstPoint = try #require(order.firstIndex(of: "data-point"))
    #expect(firstPoint > lastLine, "\(order)")
    let circles = svg.all("circle", class: "data-point")
    #expect(circles.count == 5)
    for circle in circles {
      #expect(circle["r"] == "5")
      #expect(circle["stroke"] == "#ffffff")
    }
  }
}
