/// The charts `descent train --report` and `descent plot` draw from a ``TrainingLog``.
public enum TrainingChartKind: String, Sendable, CaseIterable {
  /// Training and validation loss against the epoch.
  case loss
  /// The validation metric (accuracy, or R² for regression) against the epoch.
  case metric
  /// The learning rate against the optimizer step, when it changed during the run.
  case learningRate = "learning-rate"
  /// The test split's confusion matrix (classification).
  case confusion
  /// Predicted against actual values on the test split (regression).
  case predictions

  /// The file name the chart is saved under: `loss.svg`, `learning-rate.svg`, ….
  public var fileName: String { rawValue + ".svg" }
}

extension TrainingLog {
  /// The charts this log has data for, in report order: the loss always; the metric with a
  /// validation split; the learning rate when it changed; the confusion matrix for
  /// classification and predicted against actual for regression, once the run was tested.
  public var availableCharts: [TrainingChartKind] {
    TrainingChartKind.allCases.filter { (try? document(for: $0)) != nil }
  }

  /// The chart `kind` as an SVG image.
  /// - Throws: ``TrainingLogError/nothingToDraw(chart:reason:)`` when the log lacks its data
  ///   (a metric without a validation split, a constant learning rate, a confusion matrix of a
  ///   regression).
  public func document(for kind: TrainingChartKind) throws(TrainingLogError) -> SVGDocument {
    switch kind {
    case .loss: return try lossChart().document()
    case .metric: return try metricChart().document()
    case .learningRate: return try learningRateChart().document()
    case .confusion: return try confusionChart().document()
    case .predictions: return try predictionChart().document()
    }
  }

  /// The loss's name and units for an axis label.
  var lossLabel: String {
    if configuration.task == "classification" {
      return (configuration.classLabels?.count == 2 ? "binary cross-entropy" : "cross-entropy")
        + " (nats)"
    }
    return "MSE (squared \(configuration.targetName) units)"
  }

  /// The size of the line charts in pixels: two fit side by side in the report.
  static let chartWidth = 580.0
  static let chartHeight = 440.0

  /// 0 to at least 5 epochs, widened to round ticks (integers from 5 epochs on).
  static func epochDomain(_ epochs: [EpochRecord]) -> ClosedRange<Double> {
    NiceTicks.extended(0...Double(Swift.max(5, epochs.map(\.epoch).max() ?? 1)))
  }

  /// A y domain for `values`: logarithmic, whole powers of ten, when the positive values span
  /// more than 10³; otherwise linear from 0 (or from 4 % of the range below the least value
  /// when `fromZero` is false), widened to round ticks. A constant or empty series gets a
  /// domain of positive width.
  static func valueDomain(_ values: [Double], fromZero: Bool) -> (ClosedRange<Double>, AxisScale) {
    let finite = values.filter(\.isFinite)
    let positive = finite.filter { $0 > 0 }
    if let low = positive.min(), let high = positive.max(), high > 1e3 * low,
      positive.count == finite.count
    {
      let bottom = Double.exp10(Double.log10(low).rounded(.down))
      let top = Double.exp10(Double.log10(high).rounded(.up))
      return (bottom...top, .log10)
    }
    var low = finite.min() ?? 0
    var high = finite.max() ?? 1
    if fromZero {
      low = Swift.min(low, 0)
    } else {
      // A little room below the least value, so that it does not sit on the frame.
      low -= 0.04 * (high - low)
    }
    if fromZero, high <= 0 { high = Swift.max(high, 0) }
    if high - low <= 1e-12 * Swift.max(1, Swift.abs(high)) {
      let pad = high == 0 ? 1 : 0.1 * Swift.abs(high)
      if !(fromZero && low == 0) { low -= pad }
      high += pad
    }
    return (NiceTicks.extended(low...high), .linear)
  }

  private func title(_ what: String) -> String {
    "\(what): \(summary?.dataset ?? configuration.dataset)"
  }

  /// Training loss (blue, series `train_loss`) and validation loss (vermillion, dashed,
  /// series `validation_loss`) against the epoch; a dot at each epoch up to 30 epochs. The y
  /// axis is logarithmic when the losses span more than 10³.
  public func lossChart() throws(TrainingLogError) -> Chart {
    guard !epochs.isEmpty else {
      throw .nothingToDraw(chart: "loss", reason: "the log has no epochs")
    }
    let train = epochs.map { ChartPoint(x: Double($0.epoch), y: $0.trainLoss) }
    let validation = epochs.compactMap { e in
      e.validationLoss.map { ChartPoint(x: Double(e.epoch), y: $0) }
    }
    let (yDomain, yScale) = Self.valueDomain((train + validation).map(\.y), fromZero: true)
    var chart = Chart(
      xDomain: Self.epochDomain(epochs), yDomain: yDomain, xLabel: "epoch",
      yLabel: "loss, " + lossLabel + (yScale == .log10 ? " (log scale)" : ""),
      title: title("Loss"))
    chart.yScale = yScale
    chart.width = Self.chartWidth
    chart.height = Self.chartHeight
    chart.summary = "Training and validation loss after each of \(epochs.count) epochs."
    let style: DataSeriesMark.Style = epochs.count <= 30 ? .lineAndPoints : .line
    chart.marks.append(
      DataSeriesMark("train_loss", points: train, color: Palette.blue, style: style))
    chart.legend.append(LegendEntry("training loss", color: Palette.blue))
    if !validation.isEmpty {
      chart.marks.append(
        DataSeriesMark(
          "validation_loss", points: validation, color: Palette.vermillion, style: style,
          dash: "6 4"))
      chart.legend.append(
        LegendEntry("validation loss", color: Palette.vermillion, symbol: .line(dashed: true)))
    }
    return chart
  }

  /// The validation accuracy (classification, series `validation_accuracy`) or R²
  /// (regression, series `validation_r2`) against the epoch, with the best epoch marked
  /// when early stopping chose one.
  public func metricChart() throws(TrainingLogError) -> Chart {
    let classification = isClassification
    let name = classification ? "validation_accuracy" : "validation_r2"
    let points = epochs.compactMap { e in
      (classification ? e.validationAccuracy : e.validationR2).map {
        ChartPoint(x: Double(e.epoch), y: $0)
      }
    }
    guard !points.isEmpty else {
      let validated = epochs.contains { $0.validationLoss != nil }
      throw .nothingToDraw(
        chart: "metric",
        reason: validated
          ? "the validation R² is undefined (fewer than 2 validation rows, or targets all equal)"
          : "the run had no validation split (--validation-fraction 0)")
    }
    var (yDomain, _) = Self.valueDomain(points.map(\.y), fromZero: false)
    if classification {
      yDomain = Swift.max(0, yDomain.lowerBound)...Swift.min(1, yDomain.upperBound)
      if yDomain.upperBound - yDomain.lowerBound < 1e-9 { yDomain = 0...1 }
    }
    var chart = Chart(
      xDomain: Self.epochDomain(epochs), yDomain: yDomain, xLabel: "epoch",
      yLabel: classification
        ? "validation accuracy (fraction correct)" : "validation R² (1 = perfect)",
      title: title(classification ? "Validation accuracy" : "Validation R²"))
    chart.width = Self.chartWidth
    chart.height = Self.chartHeight
    chart.summary = "The validation \(classification ? "accuracy" : "R²") after each epoch."
    let color = Palette.bluishGreen
    chart.marks.append(
      DataSeriesMark(
        name, points: points, color: color, style: epochs.count <= 30 ? .lineAndPoints : .line))
    chart.legend.append(
      LegendEntry(classification ? "validation accuracy" : "validation R²", color: color))
    if let best = summary?.bestEpoch, let point = points.first(where: { $0.x == Double(best) }) {
      chart.marks.append(
        PointMark(points: [point], color: Palette.vermillion, radius: 5, className: "best-epoch"))
      chart.legend.append(
        LegendEntry("kept: epoch \(best)", color: Palette.vermillion, symbol: .point))
    }
    return chart
  }

  /// The learning rate against the optimizer step (series `learning_rate`): every step's
  /// with `--log-steps`, otherwise each epoch's rate (that of its first batch) held over the
  /// epoch's steps.
  /// - Throws: ``TrainingLogError/nothingToDraw(chart:reason:)`` when the rate never changed.
  public func learningRateChart() throws(TrainingLogError) -> Chart {
    var points: [ChartPoint]
    if !steps.isEmpty {
      points = steps.map { ChartPoint(x: Double($0.step), y: $0.learningRate) }
    } else {
      // Each epoch's rate from its first step to its last.
      let ends = epochs.map { $0.step ?? $0.epoch }
      let firstLength = ends.count > 1 ? ends[1] - ends[0] : ends[0]
      points = []
      for (i, e) in epochs.enumerated() {
        let start = i == 0 ? ends[0] - firstLength : ends[i - 1]
        points.append(ChartPoint(x: Double(start + 1), y: e.learningRate))
        points.append(ChartPoint(x: Double(ends[i]), y: e.learningRate))
      }
    }
    let rates = points.map(\.y)
    guard let low = rates.min(), let high = rates.max(), high > low else {
      throw .nothingToDraw(
        chart: "learning-rate", reason: "the learning rate was constant (no --schedule)")
    }
    let (yDomain, yScale) = Self.valueDomain(rates, fromZero: true)
    let lastStep = points.map(\.x).max() ?? 1
    var chart = Chart(
      xDomain: NiceTicks.extended(0...Swift.max(5, lastStep)), yDomain: yDomain,
      xLabel: "step (optimizer updates)",
      yLabel: "learning rate η" + (yScale == .log10 ? " (log scale)" : ""),
      title: title("Learning rate"))
    chart.yScale = yScale
    chart.width = Self.chartWidth
    chart.height = Self.chartHeight
    chart.summary =
      steps.isEmpty
      ? "The learning rate of each epoch's first batch, over the epoch's steps."
      : "The learning rate of every step."
    chart.marks.append(DataSeriesMark("learning_rate", points: points, color: Palette.orange))
    chart.legend.append(
      LegendEntry(steps.isEmpty ? "η per epoch" : "η per step", color: Palette.orange))
    return chart
  }

  /// The test split's confusion matrix: rows the true class, columns the predicted one, with
  /// the class labels on both axes.
  /// - Throws: ``TrainingLogError/nothingToDraw(chart:reason:)`` for regression, or a log
  ///   without a summary.
  public func confusionChart() throws(TrainingLogError) -> HeatMapChart {
    guard let summary, let matrix = summary.confusionMatrix else {
      throw .nothingToDraw(
        chart: "confusion",
        reason: summary == nil
          ? "the log has no summary (the run did not finish)"
          : "the run was a regression, which has no confusion matrix")
    }
    let labels =
      summary.classLabels ?? configuration.classLabels ?? matrix.indices.map(String.init)
    let accuracy = summary.testAccuracy.map { String(format4: $0) } ?? "?"
    var chart = HeatMapChart(
      counts: matrix, rowLabels: labels, columnLabels: labels,
      title: title("Test confusion matrix") + " (accuracy \(accuracy))")
    chart.cellSize = labels.count > 12 ? 30 : 44
    return chart
  }

  /// Predicted against actual values on the test split (series `predictions`, dots), with
  /// the line y = x where predictions are perfect (black, dashed), both axes on the same
  /// round interval.
  /// - Throws: ``TrainingLogError/nothingToDraw(chart:reason:)`` for classification, or
  ///   without `predictions.csv`.
  public func predictionChart() throws(TrainingLogError) -> Chart {
    guard !isClassification else {
      throw .nothingToDraw(
        chart: "predictions", reason: "the run was a classification (see the confusion chart)")
    }
    let points = predictions.compactMap { p -> ChartPoint? in
      guard let x = Double(p.actual), let y = Double(p.predicted) else { return nil }
      return ChartPoint(x: x, y: y)
    }
    guard !points.isEmpty else {
      throw .nothingToDraw(chart: "predictions", reason: "the log has no predictions.csv rows")
    }
    let (domain, _) = Self.valueDomain(points.flatMap { [$0.x, $0.y] }, fromZero: false)
    let target = configuration.targetName
    var chart = Chart(
      xDomain: domain, yDomain: domain, xLabel: "actual \(target) (target units)",
      yLabel: "predicted \(target) (target units)", title: title("Test predictions"))
    chart.width = Self.chartWidth
    chart.height = Self.chartWidth
    chart.summary = "Predicted against actual \(target) for the \(points.count) test rows."
    chart.marks.append(
      LineMark(
        points: [
          ChartPoint(x: domain.lowerBound, y: domain.lowerBound),
          ChartPoint(x: domain.upperBound, y: domain.upperBound),
        ], color: Palette.black, width: 1.2, dash: "6 4", className: "identity"))
    chart.marks.append(
      DataSeriesMark(
        "predictions", points: points, color: Palette.blue, style: .points, pointRadius: 3.5))
    chart.legend = [
      LegendEntry("test rows (\(points.count))", color: Palette.blue, symbol: .point),
      LegendEntry("y = x (perfect)", color: Palette.black, symbol: .line(dashed: true)),
    ]
    return chart
  }
}

extension String {
  /// `value` with 4 decimals: `0.9750`.
  init(format4 value: Double) {
    let scaled = (value * 10_000).rounded()
    guard scaled.isFinite, Swift.abs(scaled) < 1e15 else {
      self = "\(value)"
      return
    }
    let n = Int64(scaled)
    let whole = Swift.abs(n) / 10_000
    let fraction = String(Swift.abs(n) % 10_000)
    self =
      (n < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 4 - fraction.count)
      + fraction
  }
}
