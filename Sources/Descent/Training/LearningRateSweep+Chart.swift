extension LearningRateSweep {
  /// The sweep as a chart: each rate's training loss per epoch against the epoch, one
  /// coloured line per rate (class `sweep-loss`), and for a rate that diverged a cross (×,
  /// class `diverged`) at the epoch it diverged: at the exploded loss when it was finite, in
  /// the top row of the plot otherwise (NaN or infinite); each cross is whole inside the frame
  /// (moved in by a few pixels where it would cross it). The legend names each rate and says
  /// which diverged.
  ///
  /// The y axis is logarithmic (powers of ten) when the largest loss drawn exceeds 10³ times
  /// the smallest, linear from 0 otherwise; when a cross stands for a loss that is not
  /// finite, the axis reaches further up (×4 rather than ×2 on a log axis, +15 % rather than
  /// +5 % on a linear one), so that the top row is clear of the finite losses.
  /// - Parameter title: the chart's title; default "Learning-rate sweep".
  public func chart(title: String = "Learning-rate sweep") -> Chart {
    let drawn =
      runs.flatMap { $0.epochs.map(\.trainLoss) } + runs.map(\.finalTrainLoss)
    let finite = drawn.filter { $0.isFinite && $0 > 0 }
    let low = finite.min() ?? 1
    let high = Swift.max(finite.max() ?? 1, low)
    let logarithmic = high > 1e3 * low
    let offTheChart = runs.contains { $0.diverged && !$0.finalTrainLoss.isFinite }
    let lastEpoch = Swift.max(2, runs.map(\.epochCount).max() ?? 1)
    var chart = Chart(
      xDomain: 1...Double(lastEpoch),
      yDomain: logarithmic
        ? (low / 2)...(high * (offTheChart ? 4 : 2))
        : NiceTicks.extended(0...Swift.max(high * (offTheChart ? 1.15 : 1.05), 1e-12)),
      xLabel: "epoch",
      yLabel: "training loss" + (logarithmic ? " (log scale)" : ""), title: title)
    if logarithmic { chart.yScale = .log10 }
    chart.xDomain = NiceTicks.extended(chart.xDomain)
    // Where a cross's centre may sit: its half-width and its stroke inside the frame.
    let area = chart.plotArea
    let crossSize = 6.0
    let inset = crossSize + 2
    let topLeft = area.data(atPixel: ChartPoint(x: area.left + inset, y: area.top + inset))
    let right = area.data(atPixel: ChartPoint(x: area.left + area.width - inset, y: 0)).x
    let (left, top) = (topLeft.x, topLeft.y)
    chart.summary =
      "Training loss per epoch for learning rates "
      + runs.map { "\($0.learningRate)" }.joined(separator: ", ") + "; "
      + "\(runs.filter(\.diverged).count) diverged."
    for (i, run) in runs.enumerated() {
      let color = Palette.color(i)
      var points = run.epochs.map { ChartPoint(x: Double($0.epoch), y: $0.trainLoss) }
      if let epoch = run.divergedEpoch {
        let loss = run.finalTrainLoss
        let cross = ChartPoint(
          x: Swift.min(Swift.max(Double(epoch), left), right),
          y: loss.isFinite ? Swift.min(loss, top) : top)
        if loss.isFinite { points.append(cross) }
        chart.marks.append(
          CrossMark(points: [cross], color: color, size: crossSize, className: "diverged"))
      }
      chart.marks.append(LineMark(points: points, color: color, className: "sweep-loss"))
      let name = "η = \(LogTicks.significant(run.learningRate))"
      chart.legend.append(
        LegendEntry(run.diverged ? "\(name), \(run.status) ×" : name, color: color))
    }
    return chart
  }
}
