/// One SVG element: a name, attributes in the order given, child elements and text.
///
/// Attribute values and text are escaped when rendered (`&`, `<`, `>`, `"`, `'`), so any
/// string, such as an expression with `<` in it, can be put in a label.
///
///     SVGElement("line", ["x1": 0, "y1": 0, "x2": 10, "y2": 5], ["stroke": "#000000"])
public struct SVGElement: Sendable {
  /// The tag name, such as `line` or `g`.
  public var name: String
  /// The attributes, in output order.
  public var attributes: [(name: String, value: String)]
  /// The child elements, in drawing order (later ones are drawn on top).
  public var children: [SVGElement]
  /// Text content (for `text`, `title`, `desc`), escaped on output.
  public var text: String?

  /// An element with string attributes.
  public init(
    _ name: String, attributes: [(name: String, value: String)] = [],
    children: [SVGElement] = [], text: String? = nil
  ) {
    self.name = name
    self.attributes = attributes
    self.children = children
    self.text = text
  }

  /// An element with numeric geometry attributes (written with at most 2 decimals, see
  /// ``SVGElement/format(_:)``), then style attributes, each group in dictionary-literal
  /// order.
  public init(
    _ name: String, _ geometry: KeyValuePairs<String, Double>,
    _ style: KeyValuePairs<String, String> = [:], children: [SVGElement] = [],
    text: String? = nil
  ) {
    self.init(
      name,
      attributes: geometry.map { ($0.key, Self.format($0.value)) }
        + style.map { ($0.key, $0.value) },
      children: children, text: text)
  }

  /// The value of the attribute `name`, if set.
  public subscript(attribute name: String) -> String? {
    get { attributes.first { $0.name == name }?.value }
    set {
      attributes.removeAll { $0.name == name }
      if let newValue { attributes.append((name, newValue)) }
    }
  }

  /// The element as XML text, children indented by two spaces per level.
  public func rendered(indentation: Int = 0) -> String {
    let pad = String(repeating: " ", count: indentation)
    var open = pad + "<" + name
    for (key, value) in attributes { open += " \(key)=\"\(Self.escape(value))\"" }
    if children.isEmpty {
      guard let text else { return open + "/>" }
      return open + ">" + Self.escape(text) + "</\(name)>"
    }
    var lines = [open + ">" + (text.map(Self.escape) ?? "")]
    lines += children.map { $0.rendered(indentation: indentation + 2) }
    lines.append(pad + "</\(name)>")
    return lines.joined(separator: "\n")
  }

  /// `text` with the five XML special characters replaced by entities.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(c)
      }
    }
    return out
  }

  /// A coordinate for SVG: rounded to 0.01 (a hundredth of a pixel), without trailing zeros
  /// (`12`, `12.5`, `-0.25`); a non-finite value becomes `0`.
  public static func format(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let hundredths = (value * 100).rounded()
    guard Swift.abs(hundredths) < 1e15 else { return "\(value)" }
    let n = Int64(hundredths)
    let sign = n < 0 ? "-" : ""
    let whole = Swift.abs(n) / 100
    let fraction = Swift.abs(n) % 100
    if fraction == 0 { return sign + String(whole) }
    let digits =
      fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
    return sign + String(whole) + "." + digits
  }

  /// The pixels this element and its children draw on: points along polylines, polygons,
  /// lines and paths of straight segments (`M` and `L` commands), at most `spacing` pixels
  /// apart, and a circle's centre and the four ends of its horizontal and vertical
  /// diameters. Text, rectangles and other shapes give none.
  func drawnPixels(spacing: Double) -> [ChartPoint] {
    func number(_ name: String) -> Double { self[attribute: name].flatMap(Double.init) ?? .nan }
    var pixels: [ChartPoint] = []
    func along(_ vertices: [ChartPoint], closed: Bool = false) {
      guard let first = vertices.first else { return }
      pixels.append(first)
      for (a, b) in zip(vertices, vertices.dropFirst() + (closed ? [first] : [])) {
        let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
        guard length.isFinite else { continue }
        let steps = Swift.max(1, Int((length / spacing).rounded(.up)))
        for i in 1...steps {
          let t = Double(i) / Double(steps)
          pixels.append(ChartPoint(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)))
        }
      }
    }
    func coordinates(_ text: String) -> [Double] {
      text.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
    }
    func pairs(_ values: [Double]) -> [ChartPoint] {
      stride(from: 0, to: values.count - 1, by: 2).map {
        ChartPoint(x: values[$0], y: values[$0 + 1])
      }
    }
    switch name {
    case "polyline", "polygon":
      along(pairs(coordinates(self[attribute: "points"] ?? "")), closed: name == "polygon")
    case "line":
      along([
        ChartPoint(x: number("x1"), y: number("y1")), ChartPoint(x: number("x2"), y: number("y2")),
      ])
    case "circle":
      let (x, y, r) = (number("cx"), number("cy"), number("r"))
      pixels += [
        ChartPoint(x: x, y: y), ChartPoint(x: x - r, y: y), ChartPoint(x: x + r, y: y),
        ChartPoint(x: x, y: y - r), ChartPoint(x: x, y: y + r),
      ]
    case "path":
      // Each `M` starts a run of straight segments and each `L` continues it; the numbers of
      // other commands (curves) are skipped.
      var run: [ChartPoint] = []
      var command: Character = "M"
      var token = ""
      var values: [Double] = []
      func endNumber() {
        if command == "M" || command == "L", let value = Double(token) { values.append(value) }
        token = ""
      }
      for character in (self[attribute: "d"] ?? "") + "M" {
        if character.isLetter, character != "e", character != "E" {
          endNumber()
          run += pairs(values)
          values = []
          if character != "L" {
            along(run)
            run = []
          }
          command = character
        } else if character == " " || character == "," {
          endNumber()
        } else {
          token.append(character)
        }
      }
    default:
      break
    }
    return pixels.filter { $0.x.isFinite && $0.y.isFinite }
      + children.flatMap { $0.drawnPixels(spacing: spacing) }
  }

  /// `x1,y1 x2,y2 …` for a `points` attribute.
  public static func pointList(_ points: [ChartPoint]) -> String {
    points.map { format($0.x) + "," + format($0.y) }.joined(separator: " ")
  }
}

/// A standalone SVG image: its size in pixels, an optional title and description (shown by
/// browsers as a tooltip and read by screen readers), and the elements in drawing order.
///
///     var document = SVGDocument(width: 200, height: 100, title: "A line")
///     document.append(SVGElement("line", ["x1": 10, "y1": 90, "x2": 190, "y2": 10], ["stroke": "black"]))
///     try document.write(toFile: "line.svg")
public struct SVGDocument: Sendable {
  /// The width in pixels.
  public var width: Double
  /// The height in pixels.
  public var height: Double
  /// The image's title, or nil.
  public var title: String?
  /// A longer description (the `<desc>` element), or nil.
  public var summary: String?
  /// Definitions referenced by the elements (clip paths, markers), written in `<defs>`.
  public var definitions: [SVGElement] = []
  /// The elements, in drawing order.
  public var elements: [SVGElement] = []

  /// An empty image of the given size in pixels.
  public init(width: Double, height: Double, title: String? = nil, summary: String? = nil) {
    self.width = width
    self.height = height
    self.title = title
    self.summary = summary
  }

  /// Adds an element on top of the others.
  public mutating func append(_ element: SVGElement) { elements.append(element) }

  /// Adds elements on top of the others, in order.
  public mutating func append(contentsOf elements: [SVGElement]) {
    self.elements.append(contentsOf: elements)
  }

  /// The XML text of the image, starting with an XML declaration, with a white background.
  public var text: String {
    var root = SVGElement(
      "svg",
      attributes: [
        ("xmlns", "http://www.w3.org/2000/svg"), ("width", SVGElement.format(width)),
        ("height", SVGElement.format(height)),
        ("viewBox", "0 0 \(SVGElement.format(width)) \(SVGElement.format(height))"),
        ("font-family", "Helvetica, Arial, sans-serif"), ("font-size", "12"),
      ])
    if let title { root.children.append(SVGElement("title", text: title)) }
    if let summary { root.children.append(SVGElement("desc", text: summary)) }
    if !definitions.isEmpty { root.children.append(SVGElement("defs", children: definitions)) }
    root.children.append(
      SVGElement("rect", ["x": 0, "y": 0, "width": width, "height": height], ["fill": "#ffffff"]))
    root.children += elements
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.rendered() + "\n"
  }

  /// Writes ``text`` to `path` atomically (see ``writeFileAtomically(_:toFile:)``).
  /// - Throws: ``ChartError/cannotWrite(path:reason:)``.
  public func write(toFile path: String) throws {
    try writeFileAtomically(text, toFile: path)
  }
}
