import ArgumentParser
import Descent
import Foundation

/// `descent datasets`: lists the bundled datasets with their shape, task, recommended training
/// settings and source; `--show NAME` prints one dataset's first rows and column summaries.
struct DatasetsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datasets",
    abstract: "List the bundled datasets: shape, target, task, default settings and source.",
    discussion: "With --show NAME (a bundled dataset or a CSV file), print its first rows and "
      + "a summary of each column instead."
  )

  @Option(help: "A bundled dataset or CSV file to preview: first rows and column summaries.")
  var show: String?

  @Option(help: "With --show: rows to print.")
  var rows = 5

  @OptionGroup(title: "With --show, how to read a CSV file")
  var csv: CSVArguments

  func validate() throws {
    if rows < 1 { throw CommandError("--rows must be a positive integer, got \(rows)") }
  }

  func run() throws {
    if let show {
      let dataset: Dataset
      do {
        dataset = try BundledDataset.resolve(show, options: csv.options)
      } catch {
        throw CommandError(error)
      }
      print(
        "\(dataset.name): \(counted(dataset.rowCount, "row")), "
          + "\(counted(dataset.featureCount, "feature")), target \"\(dataset.targetName)\"\n")
      print(dataset.preview(rows: rows))
      print("")
      print(dataset.summaryTable())
      for note in dataset.notes { print("Note: \(note)") }
      return
    }
    var table: [[String]] = [["name", "rows", "features", "target", "task"]]
    var settings: [[String]] = [
      ["name", "hidden", "activation", "epochs", "learning rate", "weight decay"]
    ]
    var sources: [String] = []
    for bundled in BundledDataset.allCases {
      let dataset: Dataset
      do {
        dataset = try bundled.load()
      } catch {
        throw CommandError(error)
      }
      table.append([
        bundled.name, String(dataset.rowCount), String(dataset.featureCount),
        dataset.targetName, bundled.task.description,
      ])
      let c = bundled.recommendedConfiguration
      settings.append([
        bundled.name, c.hiddenSizes.map(String.init).joined(separator: ","), c.activation.rawValue,
        String(c.epochs), "\(c.learningRate)", "\(c.weightDecay)",
      ])
      sources.append("\(bundled.name): \(bundled.source)")
    }
    print(TextTable.render(table))
    print("\nDefault training settings (`descent train --data NAME` uses these; options override):")
    print(TextTable.render(settings))
    print("Every dataset: batch size 32, SGD momentum 0.9, test fraction 0.2, validation 0.1.")
    print("\nSources:")
    for line in sources { print("  " + line) }
  }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
  static func render(_ rows: [[String]]) -> String {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { c, cell in
        c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}
