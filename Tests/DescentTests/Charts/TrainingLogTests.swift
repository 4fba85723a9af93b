import Descent
import Foundation
import Testing

/// A run's log folder, written as it trains and read back: the charts drawn from it plot the
/// numbers of `metrics.jsonl` and `predictions.csv`, and the report needs nothing else.
@Suite("Training logs and reports")
struct TrainingLogTests {
  static func temporaryFolder() -> String {
    FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-log-tests-\(UUID().uuidString)").path
  }

  /// Trains `dataset` for a few epochs with a log in a new folder; returns the folder.
  static func loggedRun(
    _ name: String, epochs: Int = 4, schedule: String? = nil, logSteps: Bool = false
  ) throws -> String {
    let folder = temporaryFolder()
    let dataset = try BundledDataset.resolve(name, target: nil)
    var configuration = try #require(BundledDataset.named(name)).recommendedConfiguration
    configuration.epochs = epochs
    if let schedule { configuration.schedule = try SchedulerKind.parse(schedule) }
    var run = try TrainingRun(dataset: dataset, configuration: configuration)
    let prepared = try run.prepare()
    let writer = try TrainingLogWriter(
      folder: folder,
      configuration: TrainingLogConfiguration(
        dataSource: name, csvOptions: CSVOptions(), configuration: configuration,
        dataset: dataset.name, targetName: dataset.targetName,
        task: prepared.task.isClassification ? "classification" : "regression",
        layerSizes: prepared.layerSizes, classLabels: prepared.classNames),
      logSteps: logSteps)
    let summary = try run.run(onStep: writer.record(step:), onEpoch: writer.record(epoch:))
    try writer.finish(summary: summary, predictions: try run.testPredictionRecords())
    return folder
  }

  /// The objects of `metrics.jsonl`, parsed on their own (not by ``TrainingLog``). Numbers
  /// are read from the text with `Double(_:)`: Foundation's `JSONSerialization` on Linux can
  /// misread a double by an ulp (0.44789633044490107 as 0.4478963304449011).
  static func records(_ folder: String) throws -> [[String: Any]] {
    let text = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
    return try text.split(separator: "\n").map { line in
      var object = try #require(
        JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      for key in object.keys where object[key] is Double {
        guard let range = line.range(of: "\"\(key)\":") else { continue }
        let number = line[range.upperBound...].prefix { !",}]".contains($0) }
        if number.contains(where: { ".eE".contains($0) }) { object[key] = Double(number) }
      }
      return object
    }
  }

  /// The `data-x` and `data-y` values of the series named `name`.
  static func series(_ root: ParsedElement, _ name: String) throws -> [ChartPoint] {
    let group = try #require(
      elements(root, named: "g", className: "series").first {
        $0.attributes["data-series"] == name
      })
    let xs = (group.attributes["data-x"] ?? "").split(separator: " ").compactMap { Double($0) }
    let ys = (group.attributes["data-y"] ?? "").split(separator: " ").compactMap { Double($0) }
    #expect(xs.count == ys.count)
    return zip(xs, ys).map { ChartPoint(x: $0, y: $1) }
  }

  @Test("the loss and accuracy charts plot exactly the epochs of metrics.jsonl")
  func lossMatchesMetrics() throws {
    let folder = try Self.loggedRun("iris", epochs: 5)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let records = try Self.records(folder)
    let epochs = records.filter { $0["type"] as? String == "epoch" }
    #expect(epochs.count == 5)
    #expect(records.last?["type"] as? String == "summary")
    for key in ["epoch", "train_loss", "validation_loss", "validation_accuracy", "learning_rate"] {
      #expect(epochs.allSatisfy { $0[key] != nil }, "every epoch has \(key)")
    }
    let log = try TrainingLog(folder: folder)
    let chart = try log.lossChart()
    let xml = try #require(parseXML(chart.document().text))
    let train = try Self.series(xml, "train_loss")
    #expect(train.map(\.x) == epochs.map { Double($0["epoch"] as? Int ?? -1) })
    #expect(train.map(\.y) == epochs.map { $0["train_loss"] as? Double ?? .nan })
    let validation = try Self.series(xml, "validation_loss")
    #expect(validation.map(\.y) == epochs.map { $0["validation_loss"] as? Double ?? .nan })
    // The polyline's pixels are those values through the chart's scales (to 0.01 px).
    let line = try #require(elements(xml, named: "polyline", className: "train_loss").first)
    let pixels = (line.attributes["points"] ?? "").split(separator: " ").map {
      $0.split(separator: ",").compactMap { Double($0) }
    }
    #expect(pixels.count == train.count)
    let area = chart.plotArea
    for (pixel, point) in zip(pixels, train) {
      let expected = area.pixel(point)
      #expect(
        Swift.abs(pixel[0] - expected.x) <= 0.006 && Swift.abs(pixel[1] - expected.y) <= 0.006)
    }
    let metric = try #require(parseXML(try log.metricChart().document().text))
    #expect(
      try Self.series(metric, "validation_accuracy").map(\.y)
        == epochs.map { $0["validation_accuracy"] as? Double ?? .nan })
  }

  @Test("the confusion chart holds the summary's matrix, labelled with the class names")
  func confusionMatchesSummary() throws {
    let folder = try Self.loggedRun("iris", epochs: 3)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let summary = try #require(try Self.records(folder).last)
    let matrix = try #require(summary["confusion_matrix"] as? [[Int]])
    #expect(summary["class_labels"] as? [String] == ["setosa", "versicolor", "virginica"])
    let xml = try #require(
      parseXML(try TrainingLog(folder: folder).confusionChart().document().text))
    for cell in elements(xml, named: "rect", className: "cell") {
      let r = try #require(Int(cell.attributes["data-row"] ?? ""))
      let c = try #require(Int(cell.attributes["data-column"] ?? ""))
      #expect(Int(cell.attributes["data-count"] ?? "") == matrix[r][c])
    }
    // predictions.csv agrees with the matrix: one row per test example.
    let predictions = try String(contentsOfFile: folder + "/predictions.csv", encoding: .utf8)
    #expect(predictions.split(separator: "\n").count == 1 + matrix.joined().reduce(0, +))
  }

  @Test(
    "a regression's predictions chart plots predictions.csv, and the step log feeds the learning-rate chart"
  )
  func regression() throws {
    let folder = try Self.loggedRun("diabetes", epochs: 3, schedule: "step:1:0.5", logSteps: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let log = try TrainingLog(folder: folder)
    #expect(log.availableCharts == [.loss, .metric, .learningRate, .predictions])
    let csv = try String(contentsOfFile: folder + "/predictions.csv", encoding: .utf8)
    let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    let xml = try #require(parseXML(try log.predictionChart().document().text))
    let points = try Self.series(xml, "predictions")
    #expect(points.map(\.x) == rows.map { Double($0[1]) ?? .nan })
    #expect(points.map(\.y) == rows.map { Double($0[2]) ?? .nan })
    let steps = try Self.records(folder).filter { $0["type"] as? String == "step" }
    let rates = try #require(parseXML(try log.learningRateChart().document().text))
    #expect(
      try Self.series(rates, "learning_rate").map(\.y)
        == steps.map { $0["learning_rate"] as? Double ?? .nan })
  }

  @Test("the report is one HTML file with every chart inline and nothing to fetch")
  func report() throws {
    let folder = try Self.loggedRun("iris", epochs: 2)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let written = try TrainingLog(folder: folder).writeReport(to: folder)
    #expect(
      written.map { URL(fileURLWithPath: $0).lastPathComponent } == [
        "loss.svg", "metric.svg", "confusion.svg", "index.html",
      ])
    let html = try String(contentsOfFile: folder + "/index.html", encoding: .utf8)
    #expect(html.components(separatedBy: "<svg ").count == 4)
    #expect(!html.contains("<script"))
    #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
    #expect(html.contains("test accuracy") && html.contains("hidden_sizes"))
    // Inline charts keep their clip paths apart.
    #expect(html.contains("url(#plot-area-loss)") && html.contains("url(#plot-area-metric)"))
    for file in written where file.hasSuffix(".svg") {
      _ = try #require(parseXML(try String(contentsOfFile: file, encoding: .utf8)))
    }
  }

  @Test("a broken log names its file and line")
  func brokenLog() throws {
    let folder = try Self.loggedRun("iris", epochs: 1)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "{\"type\":\"epoch\",\"epoch\":1}\n".write(
      toFile: folder + "/metrics.jsonl", atomically: true, encoding: .utf8)
    #expect {
      try TrainingLog(folder: folder)
    } throws: { error in
      "\(error)".contains("metrics.jsonl, line 1") && "\(error)".contains("train_loss")
    }
    #expect {
      try TrainingLog(folder: folder + "/nothing")
    } throws: { error in
      "\(error)".contains("config.json does not exist")
    }
  }
}
