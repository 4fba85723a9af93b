import Foundation
import Testing

@testable import Descent

/// The charts of a training log: well-formed, readable at any length or range of losses, and
/// plotting the very numbers of `metrics.jsonl`.
@Suite("Training charts")
struct TrainingChartTests {
  static let configuration = TrainingLogConfiguration(
    dataSource: "iris", csvOptions: CSVOptions(), configuration: TrainingConfiguration(),
    dataset: "iris", targetName: "species", task: "classification", layerSizes: [4, 16, 3],
    classLabels: ["setosa", "versicolor", "virginica"])

  /// A log of `losses.count` epochs with these training losses, validation losses 1.1 times
  /// them, an accuracy rising to 0.95, and a learning rate halved every 10 epochs.
  static func log(losses: [Double]) -> TrainingLog {
    var log = TrainingLog(configuration: configuration)
    log.epochs = losses.enumerated().map { i, loss in
      EpochRecord(
        epoch: i + 1, trainLoss: loss, validationLoss: loss * 1.1,
        validationAccuracy: 0.95 - 0.5 / Double(i + 2),
        learningRate: 0.1 / Double(1 << (i / 10 % 20)),
        elapsedSeconds: Double(i) * 0.01, step: (i + 1) * 4)
    }
    return log
  }

  /// Every number-valued geometry attribute of the document, which must all be finite.
  func geometry(_ root: ParsedElement) -> [(String, String)] {
    let names: Set = ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"]
    return root.all.flatMap { element in
      element.attributes.filter { names.contains($0.key) || $0.key == "points" || $0.key == "d" }
        .map { ($0.key, $0.value) }
    }
  }

  func expectReadable(_ chart: Chart, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let xml = try #require(parseXML(chart.document().text, sourceLocation: sourceLocation))
    for (name, value) in geometry(xml) {
      #expect(
        !value.lowercased().contains("nan") && !value.lowercased().contains("inf"),
        "\(name)=\(value)", sourceLocation: sourceLocation)
    }
    let xTicks = elements(xml, named: "text", className: "x-tick").count
    let yTicks = elements(xml, named: "text", className: "y-tick").count
    #expect((3...10).contains(xTicks), "\(xTicks) x ticks", sourceLocation: sourceLocation)
    #expect((3...10).contains(yTicks), "\(yTicks) y ticks", sourceLocation: sourceLocation)
    // Every drawn vertex lies inside the plot area.
    let area = chart.plotArea
    for line in elements(xml, named: "polyline") where line.attributes["class"] != nil {
      for pair in (line.attributes["points"] ?? "").split(separator: " ") {
        let xy = pair.split(separator: ",").compactMap { Double($0) }
        #expect(xy.count == 2, sourceLocation: sourceLocation)
        #expect(
          xy[0] >= area.left - 0.01 && xy[0] <= area.left + area.width + 0.01,
          sourceLocation: sourceLocation)
        #expect(
          xy[1] >= area.top - 0.01 && xy[1] <= area.top + area.height + 0.01,
          sourceLocation: sourceLocation)
      }
    }
  }

  @Test(
    "loss, metric and learning-rate charts stay readable for 1, 10 and 10,000 epochs",
    arguments: [1, 10, 10_000])
  func epochCounts(count: Int) throws {
    let log = Self.log(losses: (0..<count).map { 2 / Double($0 + 1).squareRoot() })
    try expectReadable(try log.lossChart())
    try expectReadable(try log.metricChart())
    if count > 10 { try expectReadable(try log.learningRateChart()) }
  }

  @Test("a loss spanning six orders of magnitude gets a log axis with 3 to 10 ticks")
  func sixOrders() throws {
    let losses = (0..<50).map { 1e-6 * Double.pow(10, 6 * Double(49 - $0) / 49) }
    let chart = try Self.log(losses: losses).lossChart()
    #expect(chart.yScale == .log10)
    #expect(chart.yLabel.contains("log scale"))
    try expectReadable(chart)
  }

  @Test("a constant loss, and a loss of zero, give finite coordinates and ticks")
  func constant() throws {
    for value in [0.6931, 0.0] {
      var log = Self.log(losses: Array(repeating: value, count: 12))
      for i in log.epochs.indices {
        log.epochs[i].validationAccuracy = 1
        log.epochs[i].learningRate = 0.05
      }
      let chart = try log.lossChart()
      #expect(chart.yScale == .linear)
      try expectReadable(chart)
      try expectReadable(try log.metricChart())
      #expect(throws: TrainingLogError.self) { try log.learningRateChart() }
    }
  }

  @Test("a log without validation has no metric chart, and says why")
  func noValidation() throws {
    var log = Self.log(losses: [1, 0.5])
    for i in log.epochs.indices {
      log.epochs[i].validationLoss = nil
      log.epochs[i].validationAccuracy = nil
    }
    #expect(log.availableCharts == [.loss])
    #expect {
      try log.metricChart()
    } throws: { error in
      "\(error)".contains("--validation-fraction 0")
    }
  }

  @Test("a confusion matrix has one cell per pair with its count, and labels on both axes")
  func confusionMatrix() throws {
    let matrix = [[10, 0, 0], [0, 8, 2], [0, 1, 9]]
    let labels = ["setosa", "versicolor", "virginica"]
    let chart = HeatMapChart(counts: matrix, rowLabels: labels, columnLabels: labels)
    let xml = try #require(parseXML(chart.document().text))
    let cells = elements(xml, named: "rect", className: "cell")
    #expect(cells.count == 9)
    for cell in cells {
      let r = try #require(Int(cell.attributes["data-row"] ?? ""))
      let c = try #require(Int(cell.attributes["data-column"] ?? ""))
      #expect(Int(cell.attributes["data-count"] ?? "") == matrix[r][c])
    }
    #expect(elements(xml, named: "text", className: "row-label").map(\.text) == labels)
    #expect(elements(xml, named: "text", className: "column-label").map(\.text) == labels)
    // Labels wider than a cell are turned, so they cannot run into each other.
    #expect(
      elements(xml, named: "text", className: "column-label").allSatisfy {
        $0.attributes["transform"]?.hasPrefix("rotate(-45") == true
      })
    #expect(HeatMapChart.shade(0) == "#ffffff")
    #expect(HeatMapChart.shade(1) == "#0072b2")
  }
}
