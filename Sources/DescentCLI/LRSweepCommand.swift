import ArgumentParser
import Descent
import Foundation

/// `descent lr-sweep --rates 0.0001,0.001,0.01,0.1,1`: one full training run per learning
/// rate, side by side.
struct LRSweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lr-sweep",
    abstract: "Train once per learning rate and compare: too small is slow, too large diverges.",
    discussion: """
      Runs `descent train` with the same options and seed once per rate in --rates, and \
      shows each rate's final training loss, validation loss and validation accuracy (R² for \
      regression), epochs run and status: ok, or diverged (epoch E) when the loss became NaN \
      or infinite or rose above ten times its initial value. The rate is chosen on the \
      validation split alone (the lowest validation loss); the test split is not shown, so \
      that it stays unseen until the final run. With --validation-fraction 0 the sweep holds \
      out 10 % of the training rows anyway. Exit status 0 when at least one rate trained, 1 \
      when every rate diverged.
      """
  )

  @OptionGroup var training: TrainingOptions

  @Option(
    help: ArgumentHelp(
      "Learning rates to train with, comma-separated (default 0.0001,0.001,0.01,0.1,1).",
      valueName: "rates"))
  var rates = "0.0001,0.001,0.01,0.1,1"

  @Option(help: "Draw each rate's training loss per epoch to this .svg file.")
  var plot: String?

  @Flag(help: "Print one JSON object per rate and a summary object, instead of text.")
  var json = false

  @Flag(help: "Show no progress line on standard error; print only the report.")
  var quiet = false

  /// The rates of --rates.
  /// - Throws: ``CommandError`` naming a value that is not a positive finite number.
  func learningRates() throws -> [Double] {
    let parts = rates.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    return try parts.map { part in
      guard let rate = Double(part), rate > 0, rate.isFinite else {
        throw CommandError(
          "--rates takes positive learning rates separated by commas (e.g. 0.001,0.01,0.1), "
            + "got \"\(part)\" in \"\(rates)\"")
      }
      return rate
    }
  }

  func validate() throws {
    if training.learningRate != nil {
      throw CommandError("lr-sweep takes its learning rates from --rates; drop --learning-rate")
    }
    try training.validateConfiguration()
    _ = try learningRates()
    if let plot { try ExpressionInput.checkExtension(plot, option: "--plot", ["svg"]) }
  }

  func run() throws {
    try training.applyThreads()
    let dataset = try training.loadDataset()
    let configuration = try training.configuration()
    let rates = try learningRates()
    for note in dataset.notes {
      FileHandle.standardError.write(Data("Note: \(note)\n".utf8))
    }
    let sweep: LearningRateSweep
    let display = ProgressDisplay.standardError(quiet: quiet)
    var shownRate: Double?
    do {
      defer { display?.finish() }
      sweep = try LearningRateSweep(
        dataset: dataset, configuration: configuration, learningRates: rates,
        onStep: { rate, step in
          if rate != shownRate {
            shownRate = rate
            display?.beginRun(label: "η = \(Self.rate(rate))  ")
          }
          display?.step(step, of: configuration.epochs)
        },
        onEpoch: { _, report in display?.epochEnded(report, of: configuration.epochs) },
        onRun: { run in
          // A diverged run ends without an epoch's completed line: say so.
          if let epoch = run.divergedEpoch {
            display?.line("η = \(Self.rate(run.learningRate)): diverged at epoch \(epoch)")
          }
          if json { print(run.json) }
        })
      if let plot {
        try sweep.chart(
          title: "Learning-rate sweep: \(dataset.name), \(configuration.optimizer.rawValue)"
        ).document().write(toFile: plot)
      }
    } catch {
      throw CommandError(error)
    }
    for note in sweep.notes {
      FileHandle.standardError.write(Data("Note: \(note)\n".utf8))
    }
    if json {
      print(sweep.summaryJSON)
    } else {
      print(
        "Learning-rate sweep on \(dataset.name) (\(sweep.task)): \(configuration.optimizer.rawValue), "
          + "\(counted(configuration.epochs, "epoch")), seed \(configuration.seed).")
      print(Self.table(sweep))
      if let best = sweep.bestLearningRate {
        let by = sweep.runs.contains { $0.validationLoss != nil } ? "validation" : "training"
        print("Lowest final \(by) loss: learning rate \(Self.rate(best)).")
      }
      if let plot { print("Wrote the plot to \(plot).") }
    }
    if sweep.allDiverged {
      throw CommandError(
        "every learning rate diverged; try smaller rates, such as "
          + "\(Self.rate((rates.min() ?? 1) / 100))")
    }
  }

  /// A learning rate with 3 significant digits: `0.0412`, `1e-07`, `1000`.
  static func rate(_ value: Double) -> String { formatRate(value) }

  /// The rates side by side: rate, final training loss, validation loss, validation metric
  /// (accuracy, or R² for regression), epochs and status; a figure a run does not have is `-`.
  /// No test figure: the rate is chosen on validation.
  static func table(_ sweep: LearningRateSweep) -> String {
    let metric = sweep.task.isClassification ? "validation accuracy" : "validation R²"
    let header = ["learning rate", "train loss", "validation loss", metric, "epochs"]
    let widths = [13, 12, 17, 21, 8]
    func cells(_ values: [String]) -> String {
      zip(values, widths).map { value, width in
        String(repeating: " ", count: max(0, width - value.count)) + value
      }.joined()
    }
    let figure: (Double?) -> String = { value in
      guard let value, value.isFinite else { return "-" }
      return abs(value) >= 1e5 ? String(format: "%.3g", value) : TextReport.format(value)
    }
    var lines = [cells(header) + "  status"]
    for run in sweep.runs {
      lines.append(
        cells([
          rate(run.learningRate), figure(run.finalTrainLoss), figure(run.validationLoss),
          figure(run.validationMetric), String(run.epochCount),
        ]) + "  " + run.status)
    }
    return lines.joined(separator: "\n")
  }
}
