import RealModule

extension GradientDescentReport {
  /// The most points ``lossChart(title:)`` draws; longer histories are subsampled (see
  /// ``lossSampleIndices(count:limit:)``).
  public static let lossChartPointLimit = 1000

  /// Whether ``lossChart(title:)`` plots log10 of the loss: when the largest positive finite
  /// loss is more than 1000 times the smallest.
  public var lossChartIsLogarithmic: Bool {
    let positive = lossHistory.filter { $0 > 0 && $0.isFinite }
    guard let low = positive.min(), let high = positive.max() else { return false }
    return high > 1e3 * low
  }

  /// The indices of the loss history that ``lossChart(title:)`` draws: all of `0..<count`
  /// when `count <= limit`, otherwise `limit` indices spread evenly from the first to the last
  /// (`round(k · (count − 1) / (limit − 1))` for k = 0 … limit − 1), so that a run of 100 000
  /// iterations makes a file of a sensible size.
  /// - Precondition: `limit >= 2`.
  public static func lossSampleIndices(count: Int, limit: Int = lossChartPointLimit) -> [Int] {
    precondition(limit >= 2, "lossSampleIndices: limit \(limit) < 2")
    guard count > limit else { return Array(0..<count) }
    let last = Double(count - 1)
    return (0..<limit).map { Int((Double($0) * last / Double(limit - 1)).rounded()) }
  }

  /// A line chart of the loss (the mean squared error, plus the ridge penalty if any)
  /// against the iteration, from the loss at w₀ = 0 (iteration 0) to the last iterate.
  ///
  /// - The y axis is the MSE, or log10 of the MSE (labelled `"log10 MSE"`) when
  ///   ``lossChartIsLogarithmic`` (the loss spans more than 3 orders of magnitude); a loss of
  ///   0 or a non-finite loss (divergence) breaks the line.
  /// - The line is one polyline of class `loss` through the points of
  ///   ``lossSampleIndices(count:limit:)``: every iteration up to 1000 of them.
  /// - Parameter title: the chart's title; default "Gradient descent: loss against iteration".
  public func lossChart(title: String = "Gradient descent: loss against iteration") -> Chart {
    let logarithmic = lossChartIsLogarithmic
    let indices = Self.lossSampleIndices(count: lossHistory.count)
    let points = indices.map { i in
      let loss = lossHistory[i]
      let y = logarithmic ? (loss > 0 ? Double.log10(loss) : -.infinity) : loss
      return ChartPoint(x: Double(i), y: y)
    }
    let ys = points.map(\.y).filter(\.isFinite)
    var low = ys.min() ?? 0
    var high = ys.max() ?? 1
    if !(high - low > 1e-12 * Swift.max(1, Swift.abs(low))) {
      low -= Swift.max(1, Swift.abs(low) * 0.1)
      high += Swift.max(1, Swift.abs(high) * 0.1)
    }
    let lastIteration = Double(Swift.max(1, lossHistory.count - 1))
    var chart = Chart(
      xDomain: NiceTicks.extended(0...lastIteration), yDomain: NiceTicks.extended(low...high),
      xLabel: "iteration", yLabel: logarithmic ? "log10 MSE" : "MSE", title: title)
    let final = lossHistory.last ?? .nan
    chart.summary =
      "The training loss of gradient descent at each of \(iterations) iterations "
      + "(learning rate \(readableNumber(learningRate))), from "
      + "\(readableNumber(lossHistory.first ?? .nan)) to \(readableNumber(final))"
      + (indices.count < lossHistory.count
        ? "; \(indices.count) of the \(lossHistory.count) values are drawn." : ".")
    chart.marks.append(
      LineMark(points: points, color: Palette.blue, width: 2, className: "loss"))
    if let last = points.last {
      chart.marks.append(
        PointMark(points: [last], color: Palette.vermillion, radius: 4, className: "final-loss"))
    }
    let outcome = converged ? "converged" : "did not converge"
    chart.legend = [
      LegendEntry(
        (logarithmic ? "log10 MSE" : "MSE")
          + ", \(iterations) iteration\(iterations == 1 ? "" : "s") (\(outcome))",
        color: Palette.blue),
      LegendEntry("final loss", color: Palette.vermillion, symbol: .point),
    ]
    return chart
  }
}

extension LinearRegressionFit {
  /// The colour ``dataChart(_:fits:)`` draws the line of fit `index` with: vermillion, bluish
  /// green, reddish purple, orange, then the other Okabe–Ito colours.
  public static func lineColor(_ index: Int) -> String {
    let colors = [Palette.vermillion, Palette.bluishGreen, Palette.reddishPurple, Palette.orange]
    return index < colors.count ? colors[index] : Palette.color(index)
  }

  /// The radius in pixels of a data point in ``dataChart(_:fits:)``: 5 (larger than the
  /// lines' width of 2.5, so that a point on a line shows around it).
  public static let dataPointRadius = 5.0

  /// A scatter plot of a dataset with one feature (feature against target) and the line
  /// ŷ = b + w x of each fit, with a legend naming the solvers.
  ///
  /// - The view is the data's range plus 5 % on each side, extended to round ticks.
  /// - Data points are circles of class `data-point` (sky blue with a white outline, radius
  ///   ``dataPointRadius``, one per finite row), drawn after the lines so that they stay
  ///   visible where a line passes through them.
  /// - Each fit is one straight polyline of class `fitted-line` with exactly two points, at
  ///   the left and right ends of the x domain: (x, b + w·x). The second and later lines are
  ///   dashed so that lines that coincide stay visible.
  /// - Parameters:
  ///   - dataset: the data, with exactly one feature.
  ///   - fits: fits of that dataset (one target, one feature each), in legend order.
  /// - Precondition: `dataset.featureCount == 1` and every fit has one feature.
  public static func dataChart(_ dataset: Dataset, fits: [LinearRegressionFit]) -> Chart {
    precondition(
      dataset.featureCount == 1, "dataChart: needs 1 feature, has \(dataset.featureCount)")
    precondition(fits.allSatisfy { $0.featureCount == 1 }, "dataChart: fits need 1 feature")
    let data = zip(dataset.features, dataset.targets)
      .map { ChartPoint(x: $0.0, y: $0.1) }
      .filter { $0.x.isFinite && $0.y.isFinite }
    func padded(_ values: [Double]) -> ClosedRange<Double> {
      let low = values.min() ?? 0
      let high = values.max() ?? 1
      let span = high - low
      let pad = span > 1e-12 * Swift.max(1, Swift.abs(low)) ? 0.05 * span : 1
      return NiceTicks.extended((low - pad)...(high + pad))
    }
    let xDomain = padded(data.map(\.x))
    // The lines are clipped to the plot area; the view is set by the data alone.
    var chart = Chart(
      xDomain: xDomain, yDomain: padded(data.map(\.y)), xLabel: dataset.featureNames[0],
      yLabel: dataset.targetName,
      title: "Linear regression of \(dataset.targetName) on \(dataset.featureNames[0])")
    let lines = fits.map {
      "\(Self.chartName(of: $0.solver)): y = \(readableNumber($0.intercept)) + "
        + "\(readableNumber($0.coefficient[0]))·x"
    }
    chart.summary =
      "\(data.count) rows of \(dataset.name) and the fitted line"
      + (fits.count == 1 ? " " : "s ") + lines.joined(separator: "; ") + "."
    for (i, fit) in fits.enumerated() {
      let ends = [xDomain.lowerBound, xDomain.upperBound].map {
        ChartPoint(x: $0, y: fit.intercept + fit.coefficient[0] * $0)
      }
      chart.marks.append(
        LineMark(
          points: ends, color: lineColor(i), width: 2.5, dash: i == 0 ? nil : "7 5",
          className: "fitted-line"))
    }
    // The points after the lines, so that no line hides a point.
    chart.marks.append(
      PointMark(
        points: data, color: Palette.skyBlue, radius: dataPointRadius, className: "data-point"))
    chart.legend =
      [LegendEntry("data (\(data.count) rows)", color: Palette.skyBlue, symbol: .point)]
      + fits.enumerated().map { i, fit in
        LegendEntry(
          Self.chartName(of: fit.solver), color: lineColor(i), symbol: .line(dashed: i > 0))
      }
    return chart
  }

  /// A solver's name for a legend: "closed form (QR)", "normal equations", "gradient descent".
  static func chartName(of solver: String) -> String {
    switch solver {
    case "qr": "closed form (QR)"
    case "normal-equations": "normal equations"
    case "gradient-descent": "gradient descent"
    default: solver
    }
  }
}
