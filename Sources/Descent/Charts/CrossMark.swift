/// Crosses (×) at data points: points that mark a failure, such as the epoch at which a
/// training run diverged.
public struct CrossMark: ChartMark {
  /// The centres, in data coordinates.
  public var points: [ChartPoint]
  /// The stroke colour.
  public var color: String
  /// Half the width of each cross, in pixels; default 6.
  public var size: Double
  /// A `class` attribute for each cross, so that readers (and tests) can find them.
  public var className: String?

  /// Crosses `2·size` pixels wide at `points`.
  public init(points: [ChartPoint], color: String, size: Double = 6, className: String? = nil) {
    self.points = points
    self.color = color
    self.size = size
    self.className = className
  }

  /// One `path` of two strokes per point whose pixel position is finite.
  public func elements(in area: PlotArea) -> [SVGElement] {
    points.map(area.pixel).filter { $0.x.isFinite && $0.y.isFinite }.map { p in
      let (a, b) = (p.x - size, p.x + size)
      let (c, d) = (p.y - size, p.y + size)
      let f = SVGElement.format
      var path = SVGElement(
        "path",
        attributes: [
          ("d", "M\(f(a)) \(f(c)) L\(f(b)) \(f(d)) M\(f(a)) \(f(d)) L\(f(b)) \(f(c))"),
          ("fill", "none"), ("stroke", color), ("stroke-width", "2.5"),
          ("stroke-linecap", "round"),
        ])
      if let className { path[attribute: "class"] = className }
      return path
    }
  }
}
