import ArgumentParser
import Descent
import Foundation

extension TrainingChartKind: ExpressibleByArgument {}

/// `descent plot LOG_DIR --output-dir DIR`: redraws the charts of a run from the folder
/// `descent train --log-dir` (or `--report`) wrote.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "Redraw a run's charts from its log folder (descent train --log-dir).",
    discussion: """
      Reads config.json, metrics.jsonl and predictions.csv from LOG_DIR and writes every \
      chart the log has data for (loss, metric, learning-rate, confusion, predictions) as \
      SVG files, with an index.html report, to --output-dir; or one chart, --chart NAME, to \
      --output FILE.svg.
      """
  )

  @Argument(help: "A folder written by descent train --log-dir or --report.")
  var logDir: String

  @Option(help: ArgumentHelp("Write every chart and index.html to this folder.", valueName: "dir"))
  var outputDir: String?

  @Option(help: "One chart to draw, to the file --output names.")
  var chart: TrainingChartKind?

  @Option(help: ArgumentHelp("Where to write --chart's SVG file.", valueName: "file.svg"))
  var output: String?

  func validate() throws {
    switch (outputDir, chart, output) {
    case (.some, nil, nil): break
    case (nil, .some, .some(let output)):
      try ExpressionInput.checkExtension(output, option: "--output", ["svg"])
    case (nil, .some, nil):
      throw CommandError("--chart needs --output FILE.svg (where to write it)")
    case (nil, nil, .some):
      throw CommandError("--output needs --chart NAME (which chart to write)")
    case (nil, nil, nil):
      throw CommandError("give --output-dir DIR, or --chart NAME --output FILE.svg")
    default:
      throw CommandError("give either --output-dir or --chart with --output, not both")
    }
  }

  func run() throws {
    do {
      let log = try TrainingLog(folder: logDir)
      if let chart, let output {
        try log.document(for: chart).write(toFile: output)
        print("Wrote the \(chart.rawValue) chart to \(output).")
      } else if let outputDir {
        let files = try log.writeReport(to: outputDir)
        for file in files { print("Wrote \(file).") }
      }
    } catch {
      throw CommandError(error)
    }
  }
}
