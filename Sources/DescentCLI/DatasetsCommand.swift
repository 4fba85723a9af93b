import ArgumentParser
import Descent
import Foundation

/// `descent datasets`: lists the bundled datasets with their shape and task.
struct DatasetsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datasets",
    abstract: "List the bundled datasets, with shape, target and task."
  )

  func run() throws {
    var rows: [[String]] = [["name", "rows", "features", "target", "task", "source"]]
    for bundled in BundledDataset.allCases {
      let dataset: Dataset
      do {
        dataset = try bundled.load()
      } catch {
        throw CommandError(error)
      }
      rows.append([
        bundled.name, String(dataset.rowCount), String(dataset.featureCount),
        dataset.targetName, bundled.task.description, bundled.source,
      ])
    }
    let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
      let padded = (0..<5).map {
        row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0)
      }
      print((padded + [row[5]]).joined(separator: "  "))
    }
  }
}
