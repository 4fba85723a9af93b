/// Arrows between data points, such as a vector field's directions.
///
/// With ``pixelLength`` set, each arrow starts at its `from` point and points toward its `to`
/// point but is drawn exactly that many pixels long: a direction field, where only the
/// direction is shown (gradients whose sizes differ by orders of magnitude would otherwise
/// be invisible or cross the whole plot). Arrows of zero or non-finite length are skipped.
public struct ArrowMark: ChartMark {
  /// Start and end of each arrow, in data coordinates.
  public var arrows: [(from: ChartPoint, to: ChartPoint)]
  /// The colour.
  public var color: String
  /// The shaft width in pixels; default 1.5.
  public var width: Double
  /// The length of the head in pixels; default 7.
  public var headLength: Double
  /// Draw every arrow this many pixels long, in its direction; nil (the default) draws each
  /// from `from` to `to`.
  public var pixelLength: Double?
  /// A `class` attribute for each arrow's group.
  public var className: String?

  /// Arrows from each `from` to its `to`.
  public init(
    arrows: [(from: ChartPoint, to: ChartPoint)], color: String, width: Double = 1.5,
    headLength: Double = 7, pixelLength: Double? = nil, className: String? = nil
  ) {
    self.arrows = arrows
    self.color = color
    self.width = width
    self.headLength = headLength
    self.pixelLength = pixelLength
    self.className = className
  }

  /// The pixels of the arrows (see ``ChartMark/occupiedPixels(in:)``); none for a direction
  /// field (``pixelLength`` set), which is the background of the whole plot.
  public func occupiedPixels(in area: PlotArea) -> [ChartPoint] {
    guard pixelLength == nil else { return [] }
    return elements(in: area).flatMap { $0.drawnPixels(spacing: 2) }
  }

  /// One group (`g`) per arrow: a shaft and a triangular head.
  public func elements(in area: PlotArea) -> [SVGElement] {
    arrows.compactMap { arrow in
      let start = area.pixel(arrow.from)
      var end = area.pixel(arrow.to)
      let dx = end.x - start.x
      let dy = end.y - start.y
      let length = (dx * dx + dy * dy).squareRoot()
      guard length > 0, length.isFinite, start.x.isFinite, start.y.isFinite else { return nil }
      if let pixelLength {
        end = ChartPoint(
          x: start.x + dx / length * pixelLength, y: start.y + dy / length * pixelLength)
      }
      var group = SVGElement("g", attributes: [])
      if let className { group[attribute: "class"] = className }
      group.children = Self.arrow(
        from: start, to: end, color: color, width: width, headLength: headLength)
      return group
    }
  }

  /// A shaft and a head from `start` to `end`, in pixels; the head is shortened for arrows
  /// shorter than twice `headLength`.
  static func arrow(
    from start: ChartPoint, to end: ChartPoint, color: String, width: Double, headLength: Double
  ) -> [SVGElement] {
    let dx = end.x - start.x
    let dy = end.y - start.y
    let length = (dx * dx + dy * dy).squareRoot()
    guard length > 0 else { return [] }
    let head = Swift.min(headLength, length / 2)
    let ux = dx / length
    let uy = dy / length
    let base = ChartPoint(x: end.x - ux * head, y: end.y - uy * head)
    let halfWidth = head * 0.45
    let left = ChartPoint(x: base.x - uy * halfWidth, y: base.y + ux * halfWidth)
    let right = ChartPoint(x: base.x + uy * halfWidth, y: base.y - ux * halfWidth)
    return [
      SVGElement(
        "line", ["x1": start.x, "y1": start.y, "x2": base.x, "y2": base.y],
        ["stroke": color, "stroke-width": SVGElement.format(width)]),
      SVGElement(
        "polygon",
        attributes: [("points", SVGElement.pointList([end, left, right])), ("fill", color)]),
    ]
  }
}
