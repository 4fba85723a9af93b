import RealModule

extension GradientDescentPath {
  /// A picture of steepest descent for a function of two variables: contour lines of f, the
  /// direction of steepest descent −∇f at the points of a grid, and this path from its start
  /// (black dot) to its end (vermillion dot).
  ///
  /// - The view is the path's bounding box with a margin of 15 % on each side (at least
  ///   ±1 around a path that does not move), widened so that both axes have the same scale
  ///   when that does not squash the path by more than 4× (see `viewIntervals`).
  /// - Contours: f is sampled on a `gridSize × gridSize` grid; the 14 levels are quantiles of
  ///   those samples (denser toward the low end, see `contourLevels`), rounded to 2
  ///   significant digits, so that they follow the shape of f rather than bunching near the
  ///   top of a steep function such as Rosenbrock's. Darker lines are lower levels.
  /// - Arrows: −∇f/|∇f| on an `arrowsPerSide × arrowsPerSide` grid, all the same length in
  ///   pixels: the direction only, as gradients can differ by orders of magnitude.
  /// - Path: every iterate, except those within 0.25 px of the previous one drawn (the first
  ///   and last are always drawn), so a run of 20 000 steps stays a reasonable file. The
  ///   polyline has class `descent-path`.
  ///
  /// All gradients come from Descent's autodiff, evaluated on the whole grid at once.
  /// - Parameters:
  ///   - expression: the function that was minimized.
  ///   - gridSize: samples per side for the contours; default 201.
  ///   - arrowsPerSide: arrows per side; default 15.
  /// - Precondition: the path has exactly two variables; `gridSize >= 2`.
  public func chart(of expression: MathExpression, gridSize: Int = 201, arrowsPerSide: Int = 15)
    -> Chart
  {
    precondition(variables.count == 2, "chart(of:): needs 2 variables, has \(variables)")
    precondition(gridSize >= 2, "chart(of:): gridSize \(gridSize) < 2")
    let finite = points.filter { $0.allSatisfy(\.isFinite) }
    var chart = Chart(
      xDomain: 0...1, yDomain: 0...1, xLabel: variables[0], yLabel: variables[1],
      title: "Gradient descent on f(\(variables[0]), \(variables[1])) = \(expression)")
    let area = chart.plotArea
    (chart.xDomain, chart.yDomain) = Self.viewIntervals(
      finite.map { $0[0] }, finite.map { $0[1] }, aspect: area.width / area.height)
    let xDomain = chart.xDomain
    let yDomain = chart.yDomain
    chart.summary =
      "Contours of f, the direction of steepest descent −∇f on a grid, and \(steps) steps of "
      + "gradient descent with learning rate \(learningRate) from (\(Self.pair(start))) to "
      + "(\(Self.pair(end)))."

    // Contours.
    let xs = ContourGrid.samples(xDomain, count: gridSize)
    let ys = ContourGrid.samples(yDomain, count: gridSize)
    let columns = [ys.flatMap { _ in xs }, ys.flatMap { y in xs.map { _ in y } }]
    let samples = expression.values(variables: variables, at: columns)
    let grid = ContourGrid(
      xs: xs, ys: ys,
      values: (0..<gridSize).map { j in Array(samples[(j * gridSize)..<((j + 1) * gridSize)]) })
    let levels = Self.contourLevels(grid.sortedFiniteValues, count: 14)
    let opacities = levels.indices.map { i in
      levels.count > 1 ? 0.95 - 0.6 * Double(i) / Double(levels.count - 1) : 0.8
    }
    // A function that is flat (or not finite) over the whole area has no contour lines.
    if !levels.isEmpty {
      chart.marks.append(
        ContourMark(grid: grid, levels: levels, colors: [Palette.blue], opacities: opacities))
    }

    // Arrows of −∇f, at the centres of an arrowsPerSide × arrowsPerSide tiling.
    if arrowsPerSide > 0 {
      let ax = Self.centres(xDomain, arrowsPerSide)
      let ay = Self.centres(yDomain, arrowsPerSide)
      let arrowColumns = [ay.flatMap { _ in ax }, ay.flatMap { y in ax.map { _ in y } }]
      let gradients = expression.valuesAndGradients(variables: variables, at: arrowColumns)
        .gradients
      // Each arrow points along −∇f in data coordinates; ArrowMark draws it a fixed number
      // of pixels long. With equal scales on both axes it is perpendicular to the contours.
      let reach =
        1e-3
        * Swift.min(
          xDomain.upperBound - xDomain.lowerBound, yDomain.upperBound - yDomain.lowerBound)
      var arrows: [(from: ChartPoint, to: ChartPoint)] = []
      for k in arrowColumns[0].indices {
        let g = [gradients[0][k], gradients[1][k]]
        let norm = DerivativeReport.norm(g)
        guard norm > 0, norm.isFinite else { continue }
        let from = ChartPoint(x: arrowColumns[0][k], y: arrowColumns[1][k])
        let to = ChartPoint(x: from.x - g[0] / norm * reach, y: from.y - g[1] / norm * reach)
        arrows.append((from, to))
      }
      let cell = Swift.min(area.width, area.height) / Double(arrowsPerSide)
      chart.marks.append(
        ArrowMark(
          arrows: arrows, color: Palette.bluishGreen, width: 1.3, headLength: 6,
          pixelLength: 0.7 * cell, className: "gradient-arrow"))
    }

    // The path.
    let pathPoints = points.map { ChartPoint(x: $0[0], y: $0[1]) }
    chart.marks.append(
      LineMark(
        points: pathPoints, color: Palette.vermillion, width: 2.2, className: "descent-path",
        minimumPixelSpacing: 0.25))
    if points.count <= 60 {
      chart.marks.append(
        PointMark(points: pathPoints, color: Palette.vermillion, radius: 2.5, className: "iterate"))
    }
    chart.marks.append(
      PointMark(points: [pathPoints[0]], color: Palette.black, radius: 5, className: "start"))
    chart.marks.append(
      PointMark(
        points: [pathPoints[pathPoints.count - 1]], color: Palette.vermillion, radius: 5,
        className: "end"))

    let outcome = diverged ? "diverged" : (converged ? "converged" : "step limit reached")
    chart.legend = [
      LegendEntry("contours of f (darker = lower)", color: Palette.blue),
      LegendEntry("−∇f, steepest descent", color: Palette.bluishGreen, symbol: .arrow),
      LegendEntry(
        "path, η = \(learningRate), \(steps) steps (\(outcome))", color: Palette.vermillion),
      LegendEntry("start", color: Palette.black, symbol: .point),
      LegendEntry("end", color: Palette.vermillion, symbol: .point),
    ]
    return chart
  }

  /// The intervals to show for coordinates `xs` and `ys`: their ranges plus 15 % on each
  /// side (±1 when they do not vary). When the two need scales within a factor of 4 of each
  /// other, the narrower is widened about its centre so that both axes have the same scale
  /// (a circle looks round and −∇f is drawn perpendicular to the contours); otherwise each is
  /// extended to round ticks on its own.
  /// - Parameter aspect: the plot area's width / height in pixels.
  static func viewIntervals(
    _ xs: [Double], _ ys: [Double], aspect: Double
  ) -> (ClosedRange<Double>, ClosedRange<Double>) {
    func padded(_ values: [Double]) -> ClosedRange<Double> {
      let low = values.min() ?? 0
      let high = values.max() ?? 0
      let span = high - low
      let pad = span > 1e-12 * Swift.max(1, Swift.abs(low)) ? 0.15 * span : 1
      return (low - pad)...(high + pad)
    }
    var x = padded(xs)
    var y = padded(ys)
    // Data units per pixel, up to a common factor.
    let xScale = (x.upperBound - x.lowerBound) / aspect
    let yScale = y.upperBound - y.lowerBound
    guard Swift.max(xScale, yScale) <= 4 * Swift.min(xScale, yScale) else {
      return (NiceTicks.extended(x), NiceTicks.extended(y))
    }
    if xScale < yScale {
      let half = yScale * aspect / 2
      let centre = (x.lowerBound + x.upperBound) / 2
      x = (centre - half)...(centre + half)
    } else {
      let half = xScale / 2
      let centre = (y.lowerBound + y.upperBound) / 2
      y = (centre - half)...(centre + half)
    }
    return (x, y)
  }

  /// `count` centres of equal cells tiling `interval`.
  static func centres(_ interval: ClosedRange<Double>, _ count: Int) -> [Double] {
    let width = interval.upperBound - interval.lowerBound
    return (0..<count).map { interval.lowerBound + width * (Double($0) + 0.5) / Double(count) }
  }

  /// Contour levels at the quantiles q_k^1.5 of `sorted`, q_k = k/(count + 1) (so strictly
  /// inside: not the minimum or maximum, and denser toward the low values, around a
  /// minimum), each rounded to 2 significant digits, duplicates removed.
  static func contourLevels(_ sorted: [Double], count: Int) -> [Double] {
    guard let first = sorted.first, let last = sorted.last, last > first else { return [] }
    var levels: [Double] = []
    for k in 1...count {
      let q = Double(k) / Double(count + 1)
      let index = Int((q * q.squareRoot() * Double(sorted.count - 1)).rounded())
      let level = roundedToSignificantDigits(sorted[index], 2)
      if level > first, level < last, !levels.contains(level) { levels.append(level) }
    }
    return levels.sorted()
  }

  static func roundedToSignificantDigits(_ value: Double, _ digits: Int) -> Double {
    guard value != 0, value.isFinite else { return value }
    // value ≈ m · 10^e with m of `digits` digits; 10^|e| is exact, so dividing by it (rather
    // than multiplying by 10^−|e|) gives the double nearest the decimal (1.7, not 1.70…02).
    let exponent = Int(Double.log10(Swift.abs(value)).rounded(.down)) - (digits - 1)
    var power = 1.0
    for _ in 0..<Swift.abs(exponent) { power *= 10 }
    return exponent < 0 ? (value * power).rounded() / power : (value / power).rounded() * power
  }

  private static func pair(_ point: [Double]) -> String {
    point.map { MathExpression.format(roundedToSignificantDigits($0, 6)) }.joined(separator: ", ")
  }
}
