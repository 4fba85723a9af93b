/// Samples of a function of two variables on a rectangular grid, and its contour lines (level
/// sets f(x, y) = c) by marching squares.
///
/// Marching squares (Lorensen & Cline's marching cubes in two dimensions): each grid cell's
/// four corners are classified as above the level or not; the level crosses each edge whose
/// ends differ, at the point found by linear interpolation along the edge, and the crossings
/// are joined by one segment, or two when opposite corners agree (a saddle cell, resolved by
/// the mean of the four corners, which stands for the cell's centre). A cell with a
/// non-finite corner is skipped. The segments of neighbouring cells share their end points
/// exactly, and ``lines(at:)`` joins them into polylines.
///
///     let grid = ContourGrid(xs: xs, ys: ys) { x, y in x * x + y * y }
///     grid.lines(at: 1)   // one closed line, close to the unit circle
public struct ContourGrid: Sendable {
  /// The sample columns' x values, increasing.
  public let xs: [Double]
  /// The sample rows' y values, increasing.
  public let ys: [Double]
  /// `values[j][i]` = f(xs[i], ys[j]).
  public let values: [[Double]]

  /// A grid from its samples.
  /// - Precondition: at least 2 columns and 2 rows; `values` has `ys.count` rows of
  ///   `xs.count` values.
  public init(xs: [Double], ys: [Double], values: [[Double]]) {
    precondition(xs.count >= 2 && ys.count >= 2, "ContourGrid: needs at least 2×2 samples")
    precondition(
      values.count == ys.count && values.allSatisfy { $0.count == xs.count },
      "ContourGrid: values must be \(ys.count) rows of \(xs.count)")
    self.xs = xs
    self.ys = ys
    self.values = values
  }

  /// A grid sampling `f` at every (xs[i], ys[j]).
  public init(xs: [Double], ys: [Double], _ f: (Double, Double) -> Double) {
    self.init(xs: xs, ys: ys, values: ys.map { y in xs.map { x in f(x, y) } })
  }

  /// `count` evenly spaced values from `interval.lowerBound` to `interval.upperBound`, both
  /// included.
  /// - Precondition: `count >= 2`.
  public static func samples(_ interval: ClosedRange<Double>, count: Int) -> [Double] {
    precondition(count >= 2, "ContourGrid.samples: needs at least 2 samples")
    let width = interval.upperBound - interval.lowerBound
    return (0..<count).map { interval.lowerBound + width * Double($0) / Double(count - 1) }
  }

  /// The finite sample values, sorted.
  public var sortedFiniteValues: [Double] {
    values.flatMap { $0 }.filter(\.isFinite).sorted()
  }

  /// The contour segments at `level`, one or two per cell the level crosses.
  public func segments(at level: Double) -> [(ChartPoint, ChartPoint)] {
    crossings(at: level).map { ($0.start.point, $0.end.point) }
  }

  /// The contour lines at `level`: the segments joined end to end into polylines. A closed
  /// line starts and ends at the same point.
  public func lines(at level: Double) -> [[ChartPoint]] {
    let pieces = crossings(at: level)
    // Each edge crossing is shared by at most two segments (those of the two cells on either
    // side of the edge): link them through it.
    var byEdge: [Edge: [Int]] = [:]
    for (index, piece) in pieces.enumerated() {
      byEdge[piece.start.edge, default: []].append(index)
      byEdge[piece.end.edge, default: []].append(index)
    }
    var used = Array(repeating: false, count: pieces.count)
    var lines: [[ChartPoint]] = []

    /// Extends `line`, which ends on `edge`, through unused segments; returns the crossings.
    func walk(from edge: Edge) -> [Crossing] {
      var result: [Crossing] = []
      var current = edge
      while let next = byEdge[current]?.first(where: { !used[$0] }) {
        used[next] = true
        let piece = pieces[next]
        let far = piece.start.edge == current ? piece.end : piece.start
        result.append(far)
        current = far.edge
      }
      return result
    }

    for index in pieces.indices where !used[index] {
      used[index] = true
      let piece = pieces[index]
      let forward = walk(from: piece.end.edge)
      let backward = walk(from: piece.start.edge)
      let chain = backward.reversed() + [piece.start, piece.end] + forward
      lines.append(chain.map(\.point))
    }
    return lines
  }

  /// A grid edge: between sample (i, j) and its right (`vertical` false) or upper neighbour.
  private struct Edge: Hashable {
    var i: Int
    var j: Int
    var vertical: Bool
  }

  private struct Crossing {
    var edge: Edge
    var point: ChartPoint
  }

  private struct Piece {
    var start: Crossing
    var end: Crossing
  }

  private func crossings(at level: Double) -> [Piece] {
    var pieces: [Piece] = []
    for j in 0..<(ys.count - 1) {
      for i in 0..<(xs.count - 1) {
        let v00 = values[j][i]
        let v10 = values[j][i + 1]
        let v11 = values[j + 1][i + 1]
        let v01 = values[j + 1][i]
        guard v00.isFinite, v10.isFinite, v11.isFinite, v01.isFinite else { continue }
        // Crossings on the cell's four edges, counter-clockwise from the bottom.
        let bottom = crossing(Edge(i: i, j: j, vertical: false), v00, v10, level)
        let right = crossing(Edge(i: i + 1, j: j, vertical: true), v10, v11, level)
        let top = crossing(Edge(i: i, j: j + 1, vertical: false), v01, v11, level)
        let left = crossing(Edge(i: i, j: j, vertical: true), v00, v01, level)
        let found = [bottom, right, top, left].compactMap { $0 }
        if found.count == 2 {
          pieces.append(Piece(start: found[0], end: found[1]))
        } else if found.count == 4, let bottom, let right, let top, let left {
          // A saddle: corners 00 and 11 on one side, 10 and 01 on the other. When the centre
          // is on the side of 00, the level separates 10 and 01 from the centre.
          let centreAbove = (v00 + v10 + v11 + v01) / 4 >= level
          if centreAbove == (v00 >= level) {
            pieces.append(Piece(start: bottom, end: right))
            pieces.append(Piece(start: top, end: left))
          } else {
            pieces.append(Piece(start: left, end: bottom))
            pieces.append(Piece(start: right, end: top))
          }
        }
      }
    }
    return pieces
  }

  /// Where the level crosses `edge`, whose ends have values `a` (at the lower or left
  /// sample) and `b`; nil when both are on the same side (≥ level counts as above).
  private func crossing(_ edge: Edge, _ a: Double, _ b: Double, _ level: Double) -> Crossing? {
    guard (a >= level) != (b >= level) else { return nil }
    let t = (level - a) / (b - a)
    let x0 = xs[edge.i]
    let y0 = ys[edge.j]
    let point =
      edge.vertical
      ? ChartPoint(x: x0, y: y0 + t * (ys[edge.j + 1] - y0))
      : ChartPoint(x: x0 + t * (xs[edge.i + 1] - x0), y: y0)
    return Crossing(edge: edge, point: point)
  }
}

/// Contour lines of a ``ContourGrid`` at several levels, one `path` per level.
public struct ContourMark: ChartMark {
  /// The samples.
  public var grid: ContourGrid
  /// The levels to draw.
  public var levels: [Double]
  /// One colour per level (cycled if shorter).
  public var colors: [String]
  /// Stroke opacity per level, 0 to 1 (cycled if shorter); default all 1.
  public var opacities: [Double]
  /// The stroke width in pixels; default 1.2.
  public var width: Double

  /// Contours of `grid` at `levels`.
  /// - Precondition: `colors` is not empty.
  public init(
    grid: ContourGrid, levels: [Double], colors: [String], opacities: [Double] = [1],
    width: Double = 1.2
  ) {
    precondition(!colors.isEmpty && !opacities.isEmpty, "ContourMark: give at least one colour")
    self.grid = grid
    self.levels = levels
    self.colors = colors
    self.opacities = opacities
    self.width = width
  }

  /// None: contour lines are the background of the whole plot, which a legend may cover
  /// (``Chart/legendPlacement`` looks for the corner free of the marks in front of them).
  public func occupiedPixels(in area: PlotArea) -> [ChartPoint] { [] }

  /// One `path` per level with at least one line, classed `contour` and carrying the level
  /// in `data-level`.
  public func elements(in area: PlotArea) -> [SVGElement] {
    levels.enumerated().compactMap { index, level in
      let lines = grid.lines(at: level)
      guard !lines.isEmpty else { return nil }
      var d = ""
      for line in lines {
        for (k, point) in line.enumerated() {
          let pixel = area.pixel(point)
          d += (k == 0 ? "M" : "L") + SVGElement.format(pixel.x) + "," + SVGElement.format(pixel.y)
        }
      }
      return SVGElement(
        "path",
        attributes: [
          ("d", d), ("fill", "none"), ("stroke", colors[index % colors.count]),
          ("stroke-opacity", SVGElement.format(opacities[index % opacities.count])),
          ("stroke-width", SVGElement.format(width)), ("stroke-linejoin", "round"),
          ("class", "contour"), ("data-level", "\(level)"),
        ])
    }
  }
}
