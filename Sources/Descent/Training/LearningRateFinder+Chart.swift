extension LearningRateFinderResult {
  /// The range test as a chart: the smoothed loss (blue, class `smoothed-loss`) and each
  /// batch's loss (light, class `raw-loss`) against the learning rate on a log₁₀ axis, with
  /// the suggestion marked by a dashed vertical line and a dot on the curve (vermillion,
  /// classes `suggestion` and `suggestion-point`) and named in the legend.
  ///
  /// The y axis covers both lines, from a little below the lowest loss of either (not below
  /// 0), up to the largest of: the first smoothed loss, ``LearningRateFinder/divergenceFactor``
  /// times the lowest smoothed loss, and every loss of either line up to the step of the
  /// lowest smoothed loss. What rises above that afterwards (the explosion that ends the
  /// test, which would flatten the rest of the curve) is clipped, and the chart's ``Chart/note``
  /// says so and gives the largest batch loss.
  /// - Parameter title: the chart's title; default "Learning-rate range test".
  public func chart(title: String = "Learning-rate range test") -> Chart {
    let rates =
      learningRates.isEmpty
      ? [finder.startLearningRate, finder.endLearningRate] : learningRates
    let low = rates.first ?? finder.startLearningRate
    let high = Swift.max(rates.last ?? low, low * 10)
    let finite = { (values: ArraySlice<Double>) in values.filter(\.isFinite) }
    let minimum = finite(losses[...]).min() ?? 0
    let lowest = losses.indices.filter { losses[$0].isFinite }.min { losses[$0] < losses[$1] }
    let informative = lowest.map { finite(losses[...$0]) + finite(rawLosses[...$0]) } ?? []
    let top = ([losses.first ?? 1, finder.divergenceFactor * minimum] + informative).max() ?? 1
    let lowestDrawn = (finite(losses[...]) + finite(rawLosses[...])).min() ?? minimum
    let bottom = Swift.max(0, lowestDrawn - 0.05 * (top - lowestDrawn))
    var chart = Chart(
      xDomain: low...high, yDomain: NiceTicks.extended(bottom...Swift.max(top, bottom + 1e-12)),
      xLabel: "learning rate (log scale)", yLabel: "training loss", title: title)
    // The smoothed loss, an average of batch losses, never exceeds the largest of them.
    let ceiling = chart.yDomain.upperBound
    if let largest = finite(rawLosses[...]).max(), largest > ceiling {
      chart.note =
        "Losses above \(readableNumber(ceiling)) are clipped; the largest batch loss was "
        + "\(readableNumber(largest))."
    }
    chart.xScale = .log10
    chart.summary =
      "Training loss against the learning rate, growing exponentially from "
      + "\(readableNumber(finder.startLearningRate)) over \(learningRates.count) steps "
      + "(\(stopReason.rawValue))"
      + (suggestedLearningRate.map { "; suggested learning rate \(readableNumber($0))." }
        ?? "; no suggestion.")
    chart.marks.append(
      LineMark(
        points: zip(learningRates, rawLosses).map { ChartPoint(x: $0, y: $1) },
        color: Palette.skyBlue, width: 1, className: "raw-loss"))
    chart.marks.append(
      LineMark(
        points: zip(learningRates, losses).map { ChartPoint(x: $0, y: $1) }, color: Palette.blue,
        className: "smoothed-loss"))
    chart.legend.append(LegendEntry("smoothed loss", color: Palette.blue))
    chart.legend.append(LegendEntry("batch loss", color: Palette.skyBlue))
    if let i = suggestionIndex {
      let rate = learningRates[i]
      chart.marks.append(
        LineMark(
          points: [
            ChartPoint(x: rate, y: chart.yDomain.lowerBound),
            ChartPoint(x: rate, y: chart.yDomain.upperBound),
          ], color: Palette.vermillion, width: 1.5, dash: "5 3", className: "suggestion"))
      chart.marks.append(
        PointMark(
          points: [ChartPoint(x: rate, y: losses[i])], color: Palette.vermillion, radius: 5,
          className: "suggestion-point"))
      chart.legend.append(
        LegendEntry(
          "suggested η = \(LogTicks.significant(rate))", color: Palette.vermillion,
          symbol: .line(dashed: true)))
    }
    return chart
  }
}
