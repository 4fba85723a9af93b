import ArgumentParser
import Descent
import Foundation

/// `descent lr-find`: the learning-rate range test on a dataset's training split, with a
/// suggested learning rate.
struct LRFindCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lr-find",
    abstract: "Find a learning rate: train while it grows exponentially, watch the loss.",
    discussion: """
      The learning-rate range test (L. N. Smith, "Cyclical Learning Rates for Training Neural \
      Networks", 2017). From the model's initialization, trains on shuffled mini-batches of \
      the training split, one step per batch, while the learning rate grows exponentially \
      from --start to --end over --steps steps, and records the loss smoothed by a \
      bias-corrected moving average (β = 0.98). Stops when the smoothed loss exceeds 4 × its \
      minimum, or the loss is not finite. Suggests the rate at the steepest descent of the \
      smoothed loss against log10(rate), leaving out the first 10 and last 5 points. The \
      train options choose the data, model and optimizer; --learning-rate, --epochs and \
      --schedule play no part.
      """
  )

  @OptionGroup var training: TrainingOptions

  @Option(parsing: .unconditional, help: "The first learning rate (default 1e-7).")
  var start = 1e-7

  @Option(parsing: .unconditional, help: "The last learning rate (default 10).")
  var end = 10.0

  @Option(
    parsing: .unconditional, help: "Steps (mini-batches) from --start to --end (default 200).")
  var steps = 200

  @Option(help: "Draw the smoothed loss against the learning rate to this .svg file.")
  var plot: String?

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  @Flag(help: "Show no progress line on standard error; print only the report.")
  var quiet = false

  var finder: LearningRateFinder { LearningRateFinder(start: start, end: end, steps: steps) }

  func validate() throws {
    try training.validateConfiguration()
    guard start > 0, start.isFinite else {
      throw CommandError("--start must be a positive number, got \(start)")
    }
    guard end > start, end.isFinite else {
      throw CommandError("--end must be a finite number greater than --start \(start), got \(end)")
    }
    guard steps >= 2 else { throw CommandError("--steps must be at least 2, got \(steps)") }
    if let plot { try ExpressionInput.checkExtension(plot, option: "--plot", ["svg"]) }
  }

  func run() throws {
    try training.applyThreads()
    let dataset = try training.loadDataset()
    let configuration = try training.configuration()
    let result: LearningRateFinderResult
    let prepared: PreparedTraining
    do {
      let run = try TrainingRun(dataset: dataset, configuration: configuration)
      prepared = try run.prepare()
      let display = ProgressDisplay.standardError(quiet: quiet)
      display?.beginRun(label: "lr-find ")
      result = prepared.trainer.findLearningRate(
        prepared.loader, finder, clipGradientNorm: configuration.clipNorm,
        onStep: { step, loss in
          display?.iteration(step, of: steps, "smoothed loss \(TextReport.format(loss))")
        })
      display?.finish()
      if let plot {
        try result.chart(
          title: "Learning-rate range test: \(dataset.name), \(configuration.optimizer.rawValue)"
        ).document().write(toFile: plot)
      }
    } catch {
      throw CommandError(error)
    }
    for note in dataset.notes {
      FileHandle.standardError.write(Data("Note: \(note)\n".utf8))
    }
    if json {
      print(
        result.json(extra: [
          ("dataset", .string(dataset.name)),
          ("optimizer", .string(configuration.optimizer.rawValue)),
          ("batch_size", .int(configuration.batchSize)),
          ("train_samples", .int(prepared.split.train.count)),
        ]))
      return
    }
    print(
      "Learning-rate range test on \(dataset.name): \(configuration.optimizer.rawValue)"
        + (configuration.optimizer == .sgd ? " (momentum \(configuration.momentum))" : "")
        + ", batch size \(configuration.batchSize), \(counted(prepared.split.train.count, "training row")); "
        + "learning rate \(Self.rate(start)) to \(Self.rate(end)) over \(counted(steps, "step")).")
    print(Self.table(result))
    let n = result.learningRates.count
    switch result.stopReason {
    case .completed:
      print("Ran all \(counted(n, "step")) without the loss exploding; try a larger --end.")
    case .lossExploded:
      let minimum = result.losses.min() ?? .nan
      print(
        "Stopped at step \(n) of \(steps), learning rate \(Self.rate(result.learningRates[n - 1])): "
          + "the smoothed loss rose above 4 × its minimum \(TextReport.format(minimum)).")
    case .lossNotFinite, .gradientNotFinite:
      let what = result.stopReason == .lossNotFinite ? "loss" : "gradient"
      print("Stopped at step \(result.stepsRun) of \(steps): the \(what) became NaN or infinite.")
    }
    if let suggestion = result.suggestedLearningRate {
      print(
        "Suggested learning rate: \(Self.rate(suggestion)) (steepest descent of the smoothed loss)."
      )
      print(
        "Train with it: descent train --data \(training.data)"
          + (training.optimizer.map { " --optimizer \($0.rawValue)" } ?? "")
          + " --learning-rate \(Self.rate(suggestion))  (and this command's other options)")
    } else {
      print(
        "No suggestion: the smoothed loss never fell; try a smaller --start or more --steps.")
    }
    if let plot { print("Wrote the plot to \(plot).") }
  }

  /// A learning rate with 3 significant digits: `0.0412`, `1e-07`, `1000`.
  static func rate(_ value: Double) -> String { formatRate(value) }

  /// About a dozen rows of the curve, evenly spaced in steps, with the suggestion's row marked.
  static func table(_ result: LearningRateFinderResult) -> String {
    let n = result.learningRates.count
    guard n > 0 else { return "(no steps recorded)" }
    let every = max(1, (n + 11) / 12)
    var rows = Set(stride(from: 0, to: n, by: every))
    rows.insert(n - 1)
    if let i = result.suggestionIndex { rows.insert(i) }
    var lines = ["  step  learning rate  smoothed loss  batch loss"]
    for i in rows.sorted() {
      let cells = [
        String(i + 1), rate(result.learningRates[i]), TextReport.format(result.losses[i]),
        TextReport.format(result.rawLosses[i]),
      ]
      let widths = [6, 15, 15, 12]
      var line = zip(cells, widths).map { cell, width in
        String(repeating: " ", count: max(0, width - cell.count)) + cell
      }.joined()
      if i == result.suggestionIndex { line += "  ← suggested" }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}

/// A learning rate with 3 significant digits, `0.0412`, `1e-07`, and whole numbers from 1000
/// to 999999 in full (`%g` would write `1e+03`).
func formatRate(_ value: Double) -> String {
  if value >= 1000, value < 1e6, value == value.rounded() { return String(Int(value)) }
  return String(format: "%.3g", value)
}
