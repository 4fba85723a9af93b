extension LearningRateSweep {
  /// The sweep as a chart: each rate's training loss per epoch against the epoch, one
  /// coloured line per rate (class `sweep-loss`), and for a rate that diverged a cross (×,
  /// class `diverged`) at the epoch it diverged: at the exploded loss when it was finite, at
  /// the top of the plot otherwise. The legend names each rate and says which diverged.
  ///
  /// The y axis is logarithmic (powers of ten) when the largest loss drawn exceeds 10³ times
  /// the smallest, linear from 0 otherwise.
  /// - Parameter title: the chart's title; default "Learning-rate sweep".
  public func chart(title: String = "Learning-rate sweep") -> Chart {
    let drawn =
      runs.flatMap { $0.epochs.map(\.trainLoss) } + runs.map(\.finalTrainLoss)
    let finite = drawn.filter { $0.isFinite && $0 > 0 }
    let low = finite.min() ?? 1
    let high = Swift.max(finite.max() ?? 1, low)
    let logarithmic = high > 1e3 * low
    let lastEpoch = Swift.max(2, runs.map(\.epochCount).max() ?? 1)
    var chart = Chart(
      xDomain: 1...Double(lastEpoch),
      yDomain: logarithmic
        ? (low / 2)...(high * 2) : NiceTicks.extended(0...Swift.max(high * 1.05, 1e-12)),
      xLabel: "epoch",
      yLabel: "training loss" + (logarithmic ? " (log scale)" : ""), title: title)
    if logarithmic { chart.yScale = .log10 }
    chart.xDomain = NiceTicks.extended(chart.xDomain)
    let top = chart.yDomain.upperBound
    chart.summary =
      "Training loss per epoch for learning rates "
      + runs.map { "\($0.learningRate)" }.joined(separator: ", ") + "; "
      + "\(runs.filter(\.diverged).count) diverged."
    for (i, run) in runs.enumerated() {
      let color = Palette.color(i)
      var points = run.epochs.map { ChartPoint(x: Double($0.epoch), y: $0.trainLoss) }
      if let epoch = run.divergedEpoch {
        let loss = run.finalTrainLoss
        let cross = ChartPoint(x: Double(epoch), y: loss.isFinite ? Swift.min(loss, top) : top)
        if loss.isFinite { points.append(cross) }
        chart.marks.append(CrossMark(points: [cross], color: color, className: "diverged"))
      }
      chart.marks.append(LineMark(points: points, color: color, className: "sweep-loss"))
      let name = "η = \(LogTicks.significant(run.learningRate))"
      chart.legend.append(
        LegendEntry(run.diverged ? "\(name), \(run.status) ×" : name, color: color))
    }
    return chart
  }
}
