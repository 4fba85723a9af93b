/// Something drawn inside a chart's plot area, in data coordinates: a line, contour lines,
/// arrows, points. Conform a new type to add a kind of mark.
public protocol ChartMark: Sendable {
  /// The SVG elements that draw this mark, positioned with `area`'s scales.
  func elements(in area: PlotArea) -> [SVGElement]

  /// The pixels this mark draws on, sampled at most 2 pixels apart along its lines, so that
  /// a chart can put its legend where it hides the least (``Chart/legendPlacement``). The
  /// default samples what ``elements(in:)`` draws: polylines, lines, polygons, paths of
  /// straight segments and circles. A mark that is only background (contour lines over the
  /// whole plot) returns none.
  func occupiedPixels(in area: PlotArea) -> [ChartPoint]
}

extension ChartMark {
  /// The pixels of the shapes ``elements(in:)`` draws, 2 pixels apart along their lines.
  public func occupiedPixels(in area: PlotArea) -> [ChartPoint] {
    elements(in: area).flatMap { $0.drawnPixels(spacing: 2) }
  }
}

/// The rectangle of a chart inside its axes, in pixels, with the scales that place data
/// coordinates in it.
public struct PlotArea: Sendable, Equatable {
  /// Axis x coordinate (``xScale``'s transform of data x) to pixel column.
  public var x: LinearScale
  /// Axis y coordinate (``yScale``'s transform of data y) to pixel row (larger y higher up, at
  /// smaller rows).
  public var y: LinearScale
  /// Whether x is placed linearly or logarithmically; default linear.
  public var xScale: AxisScale = .linear
  /// Whether y is placed linearly or logarithmically; default linear.
  public var yScale: AxisScale = .linear

  /// The pixel position of a data point.
  public func pixel(_ point: ChartPoint) -> ChartPoint {
    ChartPoint(x: x(xScale.transform(point.x)), y: y(yScale.transform(point.y)))
  }

  /// The data point at a pixel position.
  public func data(atPixel pixel: ChartPoint) -> ChartPoint {
    ChartPoint(x: xScale.inverse(x.invert(pixel.x)), y: yScale.inverse(y.invert(pixel.y)))
  }

  /// The left edge in pixels.
  public var left: Double { Swift.min(x.rangeStart, x.rangeEnd) }
  /// The top edge in pixels.
  public var top: Double { Swift.min(y.rangeStart, y.rangeEnd) }
  /// The width in pixels.
  public var width: Double { Swift.abs(x.rangeEnd - x.rangeStart) }
  /// The height in pixels.
  public var height: Double { Swift.abs(y.rangeEnd - y.rangeStart) }
}

/// One line of a chart's legend: a sample of the mark's style and a label.
public struct LegendEntry: Sendable {
  /// How the sample is drawn.
  public enum Symbol: Sendable {
    /// A short line, dashed when `dashed`.
    case line(dashed: Bool)
    /// A short arrow.
    case arrow
    /// A filled circle.
    case point
  }

  /// The text.
  public var label: String
  /// The sample's colour.
  public var color: String
  /// The sample's shape.
  public var symbol: Symbol

  /// An entry drawn as `symbol` in `color`, labelled `label`.
  public init(_ label: String, color: String, symbol: Symbol = .line(dashed: false)) {
    self.label = label
    self.color = color
    self.symbol = symbol
  }
}

/// Where a chart's legend box sits inside the plot area.
public enum LegendCorner: Sendable, Equatable, CaseIterable {
  /// The top right: for curves that fall.
  case topRight
  /// The top left.
  case topLeft
  /// The bottom right: for curves that rise, such as an accuracy.
  case bottomRight
  /// The bottom left.
  case bottomLeft
}

/// A two-dimensional chart: a frame with ticked and labelled axes, marks drawn inside it
/// (clipped to it), a title and a legend, rendered to SVG.
///
///     var chart = Chart(xDomain: 0...10, yDomain: -1...1, xLabel: "t", yLabel: "sin t")
///     chart.marks.append(LineMark(points: samples, color: Palette.blue))
///     chart.legend.append(LegendEntry("sin t", color: Palette.blue))
///     try chart.document().write(toFile: "sine.svg")
///
/// The axes tick the domains at round values (``NiceTicks``); use
/// ``NiceTicks/extended(_:target:)`` on a domain first for ticks at both ends.
public struct Chart: Sendable {
  /// The image width in pixels; default 720.
  public var width = 720.0
  /// The image height in pixels; default 540.
  public var height = 540.0
  /// The data interval along x.
  public var xDomain: ClosedRange<Double>
  /// The data interval along y.
  public var yDomain: ClosedRange<Double>
  /// How x is placed: linearly (the default) or on a log₁₀ axis with ticks at powers of ten,
  /// which needs a positive ``xDomain``.
  public var xScale: AxisScale = .linear
  /// How y is placed: linearly (the default) or on a log₁₀ axis with ticks at powers of ten,
  /// which needs a positive ``yDomain``.
  public var yScale: AxisScale = .linear
  /// The x axis label.
  public var xLabel: String
  /// The y axis label.
  public var yLabel: String
  /// The title above the plot, or nil.
  public var title: String?
  /// A longer description for the SVG's `<desc>`, or nil.
  public var summary: String?
  /// A line of small text between the title and the plot area, such as what the axes leave
  /// out ("batch losses above 6 are clipped"), or nil (the default). A note moves the plot
  /// area down by ``noteHeight`` pixels.
  public var note: String?
  /// The marks, drawn in order.
  public var marks: [any ChartMark] = []
  /// The legend entries, drawn in a box at a corner of the plot area
  /// (``legendPlacement``); none by default.
  public var legend: [LegendEntry] = []
  /// The corner of the plot area that holds the legend, or nil (the default) for the corner
  /// where it hides the least of the marks (``legendPlacement``).
  public var legendCorner: LegendCorner?
  /// Space around the plot area for the title, tick labels and axis labels, in pixels:
  /// top, right, bottom, left.
  public var margins = (top: 40.0, right: 20.0, bottom: 52.0, left: 68.0)

  /// An empty chart of the given domains.
  public init(
    xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>, xLabel: String = "x",
    yLabel: String = "y", title: String? = nil
  ) {
    self.xDomain = xDomain
    self.yDomain = yDomain
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.title = title
  }

  /// The height in pixels of the line a ``note`` takes above the plot area: 16.
  public static let noteHeight = 16.0

  /// The plot area and its scales.
  /// - Precondition: a logarithmic axis has a positive, finite domain.
  public var plotArea: PlotArea {
    PlotArea(
      x: LinearScale(
        domain: xScale.transform(xDomain), rangeStart: margins.left,
        rangeEnd: width - margins.right),
      y: LinearScale(
        domain: yScale.transform(yDomain), rangeStart: height - margins.bottom,
        rangeEnd: margins.top + (note == nil ? 0 : Self.noteHeight)),
      xScale: xScale, yScale: yScale)
  }

  /// The chart as an SVG image: background, grid, marks (clipped to the plot area), frame,
  /// ticks and labels, legend, title and note.
  public func document() -> SVGDocument {
    let area = plotArea
    var document = SVGDocument(width: width, height: height, title: title, summary: summary)
    document.definitions.append(
      SVGElement(
        "clipPath", attributes: [("id", "plot-area")],
        children: [
          SVGElement(
            "rect", ["x": area.left, "y": area.top, "width": area.width, "height": area.height])
        ]))
    let xTicks = xScale.ticks(in: area.x.domain)
    let yTicks = yScale.ticks(in: area.y.domain)
    document.append(gridLines(area, xTicks, yTicks))
    var plotted = SVGElement(
      "g", attributes: [("class", "marks"), ("clip-path", "url(#plot-area)")])
    for mark in marks { plotted.children += mark.elements(in: area) }
    document.append(plotted)
    document.append(axes(area, xTicks, yTicks))
    if !legend.isEmpty { document.append(legendBox(area, at: legendPlacement)) }
    if let title {
      document.append(
        SVGElement(
          "text", ["x": width / 2, "y": margins.top / 2 + 5],
          ["text-anchor": "middle", "font-size": "15", "fill": Palette.ink, "class": "title"],
          text: title))
    }
    if let note {
      document.append(
        SVGElement(
          "text", ["x": width / 2, "y": area.top - 6],
          ["text-anchor": "middle", "font-size": "11", "fill": Palette.ink, "class": "note"],
          text: note))
    }
    return document
  }

  private func gridLines(_ area: PlotArea, _ xTicks: [Double], _ yTicks: [Double]) -> SVGElement {
    var group = SVGElement(
      "g", attributes: [("class", "grid"), ("stroke", Palette.grid), ("stroke-width", "1")])
    for t in xTicks {
      group.children.append(
        SVGElement(
          "line", ["x1": area.x(t), "y1": area.top, "x2": area.x(t), "y2": area.top + area.height]))
    }
    for t in yTicks {
      group.children.append(
        SVGElement(
          "line", ["x1": area.left, "y1": area.y(t), "x2": area.left + area.width, "y2": area.y(t)])
      )
    }
    return group
  }

  private func axes(_ area: PlotArea, _ xTicks: [Double], _ yTicks: [Double]) -> SVGElement {
    var group = SVGElement("g", attributes: [("class", "axes"), ("fill", Palette.ink)])
    group.children.append(
      SVGElement(
        "rect", ["x": area.left, "y": area.top, "width": area.width, "height": area.height],
        ["fill": "none", "stroke": Palette.ink, "stroke-width": "1"]))
    let bottom = area.top + area.height
    for t in xTicks {
      let px = area.x(t)
      group.children.append(
        SVGElement(
          "line", ["x1": px, "y1": bottom, "x2": px, "y2": bottom + 5], ["stroke": Palette.ink]))
      group.children.append(
        SVGElement(
          "text", ["x": px, "y": bottom + 19], ["text-anchor": "middle", "class": "x-tick"],
          text: xScale.label(t, in: area.x.domain)))
    }
    for t in yTicks {
      let py = area.y(t)
      group.children.append(
        SVGElement(
          "line", ["x1": area.left - 5, "y1": py, "x2": area.left, "y2": py],
          ["stroke": Palette.ink]))
      group.children.append(
        SVGElement(
          "text", ["x": area.left - 8, "y": py + 4], ["text-anchor": "end", "class": "y-tick"],
          text: yScale.label(t, in: area.y.domain)))
    }
    group.children.append(
      SVGElement(
        "text", ["x": area.left + area.width / 2, "y": height - 12],
        ["text-anchor": "middle", "font-size": "13", "class": "x-label"], text: xLabel))
    let yLabelX = 18.0
    let yLabelY = area.top + area.height / 2
    group.children.append(
      SVGElement(
        "text", ["x": yLabelX, "y": yLabelY],
        [
          "text-anchor": "middle", "font-size": "13", "class": "y-label",
          "transform": "rotate(-90 \(SVGElement.format(yLabelX)) \(SVGElement.format(yLabelY)))",
        ], text: yLabel))
    return group
  }

  /// The corner the legend is drawn in: ``legendCorner`` when it is set; else the corner
  /// whose box covers the fewest of the marks' pixels (``ChartMark/occupiedPixels(in:)``,
  /// within the plot area and 16 pixels around the box), the first of top right, top left,
  /// bottom right and bottom left on a tie. So a legend does not hide a path, a fitted line
  /// or a marked value where a corner is free of them.
  public var legendPlacement: LegendCorner {
    if let legendCorner { return legendCorner }
    let area = plotArea
    let pixels = marks.flatMap { $0.occupiedPixels(in: area) }.filter { p in
      p.x >= area.left && p.x <= area.left + area.width && p.y >= area.top
        && p.y <= area.top + area.height
    }
    var best = LegendCorner.topRight
    var fewest = Int.max
    for corner in LegendCorner.allCases {
      let box = legendFrame(area, at: corner)
      let margin = Self.legendClearance
      let covered = pixels.count(where: { p in
        p.x >= box.left - margin && p.x <= box.left + box.width + margin
          && p.y >= box.top - margin && p.y <= box.top + box.height + margin
      })
      if covered < fewest { (best, fewest) = (corner, covered) }
    }
    return best
  }

  /// The legend box's rectangle in pixels at `corner`, 8 pixels in from the plot area's edges.
  func legendFrame(_ area: PlotArea, at corner: LegendCorner) -> (
    left: Double, top: Double, width: Double, height: Double
  ) {
    // An estimate of the text width: about 0.6 em per character at 12 px.
    let textWidth = Double(legend.map(\.label.count).max() ?? 0) * 6.6
    let width = 44 + textWidth
    let height = Double(legend.count) * Self.legendLineHeight + 8
    let left =
      corner == .topLeft || corner == .bottomLeft
      ? area.left + 8 : area.left + area.width - width - 8
    let top =
      corner == .topLeft || corner == .topRight
      ? area.top + 8 : area.top + area.height - height - 8
    return (left, top, width, height)
  }

  /// How close, in pixels, a mark may come to the legend box before it counts as covered:
  /// 16, so that a line does not run close along the box's edge.
  static let legendClearance = 16.0

  /// The height of one legend entry in pixels.
  static let legendLineHeight = 18.0

  private func legendBox(_ area: PlotArea, at corner: LegendCorner) -> SVGElement {
    let lineHeight = Self.legendLineHeight
    let (left, top, boxWidth, boxHeight) = legendFrame(area, at: corner)
    var group = SVGElement("g", attributes: [("class", "legend")])
    group.children.append(
      SVGElement(
        "rect", ["x": left, "y": top, "width": boxWidth, "height": boxHeight],
        ["fill": "#ffffff", "fill-opacity": "0.88", "stroke": Palette.grid]))
    for (i, entry) in legend.enumerated() {
      let y = top + 4 + lineHeight * (Double(i) + 0.5)
      let x0 = left + 8
      let x1 = left + 32
      switch entry.symbol {
      case .line(let dashed):
        var line = SVGElement(
          "line", ["x1": x0, "y1": y, "x2": x1, "y2": y],
          ["stroke": entry.color, "stroke-width": "2.5"])
        if dashed { line[attribute: "stroke-dasharray"] = "5 3" }
        group.children.append(line)
      case .arrow:
        group.children += ArrowMark.arrow(
          from: ChartPoint(x: x0, y: y), to: ChartPoint(x: x1, y: y), color: entry.color,
          width: 1.5, headLength: 7)
      case .point:
        group.children.append(
          SVGElement("circle", ["cx": (x0 + x1) / 2, "cy": y, "r": 4.5], ["fill": entry.color]))
      }
      group.children.append(
        SVGElement("text", ["x": x1 + 6, "y": y + 4], ["fill": Palette.ink], text: entry.label))
    }
    return group
  }
}
