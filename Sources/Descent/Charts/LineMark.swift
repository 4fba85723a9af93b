/// A polyline through data points, such as a function's graph or an optimizer's path.
///
/// Points closer than ``minimumPixelSpacing`` to the last point drawn are skipped (the first
/// and last are always drawn), so a path of 20 000 iterates makes a file of a sensible size
/// and still looks the same; with the default 0 every point is drawn. Non-finite points break
/// the line.
public struct LineMark: ChartMark {
  /// The points, in order.
  public var points: [ChartPoint]
  /// The stroke colour.
  public var color: String
  /// The stroke width in pixels; default 2.
  public var width: Double
  /// A dash pattern such as `"5 3"` (pixels on, off), or nil for a solid line.
  public var dash: String?
  /// A `class` attribute for the polyline, so that readers (and tests) can find it.
  public var className: String?
  /// Skip points closer than this many pixels to the last point drawn; default 0.
  public var minimumPixelSpacing: Double

  /// A line through `points`.
  public init(
    points: [ChartPoint], color: String, width: Double = 2, dash: String? = nil,
    className: String? = nil, minimumPixelSpacing: Double = 0
  ) {
    self.points = points
    self.color = color
    self.width = width
    self.dash = dash
    self.className = className
    self.minimumPixelSpacing = minimumPixelSpacing
  }

  /// One `polyline` per unbroken run of finite points.
  public func elements(in area: PlotArea) -> [SVGElement] {
    var runs: [[ChartPoint]] = [[]]
    for (i, point) in points.enumerated() {
      guard point.x.isFinite, point.y.isFinite else {
        if !(runs.last?.isEmpty ?? true) { runs.append([]) }
        continue
      }
      let pixel = area.pixel(point)
      let isLast = i == points.count - 1
      if let previous = runs[runs.count - 1].last, !isLast, minimumPixelSpacing > 0 {
        let dx = pixel.x - previous.x
        let dy = pixel.y - previous.y
        if (dx * dx + dy * dy).squareRoot() < minimumPixelSpacing { continue }
      }
      runs[runs.count - 1].append(pixel)
    }
    return runs.filter { !$0.isEmpty }.map { run in
      var element = SVGElement(
        "polyline",
        attributes: [
          ("points", SVGElement.pointList(run)), ("fill", "none"), ("stroke", color),
          ("stroke-width", SVGElement.format(width)), ("stroke-linejoin", "round"),
          ("stroke-linecap", "round"),
        ])
      if let dash { element[attribute: "stroke-dasharray"] = dash }
      if let className { element[attribute: "class"] = className }
      return element
    }
  }
}

/// Filled circles at data points, such as the start and end of a path.
public struct PointMark: ChartMark {
  /// The centres.
  public var points: [ChartPoint]
  /// The fill colour.
  public var color: String
  /// The radius in pixels; default 4.
  public var radius: Double
  /// A `class` attribute for each circle.
  public var className: String?

  /// Circles of `radius` pixels at `points`.
  public init(points: [ChartPoint], color: String, radius: Double = 4, className: String? = nil) {
    self.points = points
    self.color = color
    self.radius = radius
    self.className = className
  }

  /// One `circle` per finite point, with a white outline so it shows on any line.
  public func elements(in area: PlotArea) -> [SVGElement] {
    points.filter { $0.x.isFinite && $0.y.isFinite }.map { point in
      let pixel = area.pixel(point)
      var circle = SVGElement(
        "circle", ["cx": pixel.x, "cy": pixel.y, "r": radius],
        ["fill": color, "stroke": "#ffffff", "stroke-width": "1.5"])
      if let className { circle[attribute: "class"] = className }
      return circle
    }
  }
}
