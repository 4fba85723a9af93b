/// A named series of data points drawn as a line, as dots or as both, whose data values travel
/// with the picture: the group it draws carries `data-series` (the name), `data-x` and
/// `data-y` (every point's coordinates, space-separated, in Swift's shortest round-trip form),
/// so that a reader of the SVG file gets back the exact numbers plotted, not just pixels.
///
///     DataSeriesMark("train_loss", points: losses, color: Palette.blue, style: .line)
///
/// The line is a ``LineMark`` (thinned to points at least ``minimumPixelSpacing`` apart,
/// the first and last always drawn); the dots are a ``PointMark``. Points with a coordinate
/// that is not finite, or not positive on a logarithmic axis, are left out of the drawing
/// and break the line, but stay in the data attributes.
public struct DataSeriesMark: ChartMark {
  /// How a series is drawn.
  public enum Style: Sendable, Equatable {
    /// A polyline through the points.
    case line
    /// A dot at each point.
    case points
    /// A polyline with a dot at each point.
    case lineAndPoints
  }

  /// The series' name, written to `data-series` and used as the polyline's `class`.
  public var name: String
  /// The points, in data coordinates, in order.
  public var points: [ChartPoint]
  /// The colour of the line and the dots.
  public var color: String
  /// How the points are drawn; default ``Style/line``.
  public var style: Style
  /// A dash pattern for the line such as `"6 4"`, or nil for a solid line.
  public var dash: String?
  /// Skip line vertices closer than this many pixels to the last one drawn; default 0.5.
  public var minimumPixelSpacing: Double
  /// The dots' radius in pixels; default 3.
  public var pointRadius: Double

  /// A series `name` of `points` drawn in `color`.
  public init(
    _ name: String, points: [ChartPoint], color: String, style: Style = .line,
    dash: String? = nil, minimumPixelSpacing: Double = 0.5, pointRadius: Double = 3
  ) {
    self.name = name
    self.points = points
    self.color = color
    self.style = style
    self.dash = dash
    self.minimumPixelSpacing = minimumPixelSpacing
    self.pointRadius = pointRadius
  }

  /// One `g` element with the data attributes, holding the polylines and the dots.
  public func elements(in area: PlotArea) -> [SVGElement] {
    // Points the axes cannot place (log of 0) become NaN, which breaks the line.
    let placeable = points.map { point -> ChartPoint in
      let pixel = area.pixel(point)
      return pixel.x.isFinite && pixel.y.isFinite ? point : ChartPoint(x: .nan, y: .nan)
    }
    var group = SVGElement(
      "g",
      attributes: [
        ("class", "series"), ("data-series", name),
        ("data-x", points.map { Self.number($0.x) }.joined(separator: " ")),
        ("data-y", points.map { Self.number($0.y) }.joined(separator: " ")),
      ])
    if style != .points {
      group.children += LineMark(
        points: placeable, color: color, width: 2, dash: dash, className: name,
        minimumPixelSpacing: minimumPixelSpacing
      ).elements(in: area)
    }
    if style != .line {
      group.children += PointMark(
        points: placeable.filter { $0.x.isFinite }, color: color, radius: pointRadius,
        className: name + "-point"
      ).elements(in: area)
    }
    return [group]
  }

  /// `value` in Swift's shortest round-trip form (`0.25`, `1e-06`), or `nan`, `inf`, `-inf`.
  public static func number(_ value: Double) -> String {
    value.isFinite ? "\(value)" : (value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"))
  }
}
