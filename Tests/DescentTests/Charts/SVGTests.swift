import Descent
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An element of a parsed XML document: its name, attributes, text and children.
final class ParsedElement {
  let name: String
  let attributes: [String: String]
  var text = ""
  var children: [ParsedElement] = []

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  /// This element and its descendants, in document order.
  var all: [ParsedElement] { [self] + children.flatMap(\.all) }
}

/// Builds ``ParsedElement``s from FoundationXML's event-driven parser.
private final class TreeBuilder: NSObject, XMLParserDelegate {
  var stack: [ParsedElement] = []
  var root: ParsedElement?

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    let element = ParsedElement(name: name, attributes: attributes)
    stack.last?.children.append(element)
    if root == nil { root = element }
    stack.append(element)
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    stack.removeLast()
  }
}

/// Parses SVG text as XML with `XMLParser`; nil (with an issue recorded) if it is not
/// well-formed.
func parseXML(
  _ text: String, sourceLocation: SourceLocation = #_sourceLocation
) -> ParsedElement? {
  let parser = XMLParser(data: Data(text.utf8))
  let builder = TreeBuilder()
  parser.delegate = builder
  guard parser.parse(), let root = builder.root else {
    Issue.record(
      "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "no root")",
      sourceLocation: sourceLocation)
    return nil
  }
  return root
}

/// The elements named `name` with `class` attribute `className` (any, if nil), in order.
func elements(
  _ root: ParsedElement, named name: String, className: String? = nil
) -> [ParsedElement] {
  root.all.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
}

/// The SVG document builder: escaping, number format, well-formed output, atomic writes.
@Suite("SVG documents")
struct SVGTests {
  @Test("text and attributes are escaped, so any label gives well-formed XML")
  func escaping() throws {
    var document = SVGDocument(width: 100, height: 50, title: "a < b & \"c\"")
    document.append(
      SVGElement(
        "text", ["x": 1, "y": 2], ["class": "it's <odd>"], text: "f(x) = x < 1 && y > 'z'"))
    let text = document.text
    #expect(text.contains("a &lt; b &amp; &quot;c&quot;"))
    let xml = try #require(parseXML(text))
    let label = try #require(elements(xml, named: "text").first)
    #expect(label.text == "f(x) = x < 1 && y > 'z'")
    #expect(label.attributes["class"] == "it's <odd>")
  }

  @Test(
    "coordinates are written to 0.01 without trailing zeros",
    arguments: [
      (12.0, "12"), (12.5, "12.5"), (-0.25, "-0.25"), (1 / 3.0, "0.33"), (2.005, "2.01"),
      (-0.001, "0"), (Double.nan, "0"), (100.10, "100.1"), (0.05, "0.05"),
    ] as [(Double, String)])
  func numbers(value: Double, expected: String) {
    #expect(SVGElement.format(value) == expected)
  }

  @Test("a chart is well-formed SVG with axes, ticks, labels, marks and a legend")
  func chart() throws {
    var chart = Chart(xDomain: 0...10, yDomain: -1...1, xLabel: "time (s)", yLabel: "sin t")
    let samples = stride(from: 0.0, through: 10, by: 0.1).map {
      ChartPoint(x: $0, y: Foundation.sin($0))
    }
    chart.marks.append(LineMark(points: samples, color: Palette.blue, className: "series"))
    chart.marks.append(
      ArrowMark(arrows: [(ChartPoint(x: 1, y: 0), ChartPoint(x: 2, y: 0.5))], color: Palette.orange)
    )
    chart.marks.append(PointMark(points: [ChartPoint(x: 5, y: 0)], color: Palette.black))
    chart.legend = [
      LegendEntry("sin t", color: Palette.blue),
      LegendEntry("an arrow", color: Palette.orange, symbol: .arrow),
    ]
    chart.title = "A sine"
    let xml = try #require(parseXML(chart.document().text))
    #expect(xml.name == "svg")
    #expect(xml.attributes["width"] == "720")
    let xTicks = elements(xml, named: "text", className: "x-tick").map(\.text)
    #expect(xTicks == ["0", "2", "4", "6", "8", "10"])
    let yTicks = elements(xml, named: "text", className: "y-tick").map(\.text)
    #expect(yTicks == ["-1", "-0.5", "0", "0.5", "1"])
    #expect(elements(xml, named: "text", className: "x-label").first?.text == "time (s)")
    #expect(elements(xml, named: "text", className: "y-label").first?.text == "sin t")
    #expect(elements(xml, named: "polyline", className: "series").count == 1)
    #expect(elements(xml, named: "polygon").count == 2)  // the arrow and the legend's arrow
    #expect(elements(xml, named: "g", className: "legend").count == 1)
    #expect(elements(xml, named: "clipPath").count == 1)
  }

  @Test("a line with minimum pixel spacing keeps the first and last points and skips near ones")
  func decimation() throws {
    let area = Chart(xDomain: 0...100, yDomain: 0...100).plotArea
    let points = (0...1000).map { ChartPoint(x: Double($0) / 10, y: 50) }
    let drawn = LineMark(points: points, color: Palette.blue, minimumPixelSpacing: 2)
      .elements(in: area)
    let list = try #require(drawn.first?[attribute: "points"]).split(separator: " ")
    #expect(list.count < 400)
    #expect(list.first == "\(SVGElement.format(area.x(0))),\(SVGElement.format(area.y(50)))")
    #expect(list.last == "\(SVGElement.format(area.x(100))),\(SVGElement.format(area.y(50)))")
  }

  @Test("files are written atomically: the whole text, no temporary file left, folders checked")
  func atomicWrite() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-svg-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("chart.svg").path
    try writeFileAtomically("first", toFile: path)
    try writeFileAtomically("second", toFile: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["chart.svg"])
    let missing = folder.appendingPathComponent("no/such/folder/chart.svg").path
    let error = try #require(throws: ChartError.self) {
      try writeFileAtomically("x", toFile: missing)
    }
    #expect(error.description.contains("does not exist"))
  }
}
