import Foundation

extension TrainingLog {
  /// Writes every available chart (``availableCharts``) as an SVG file into `folder` and an
  /// `index.html` that shows the configuration, the final metrics and each chart, the SVGs
  /// inlined so that the page is one self-contained file: no network, no script, no other
  /// file needed to view it. Each file is written atomically.
  /// - Returns: the paths written, the charts first and `index.html` last.
  /// - Throws: ``TrainingLogError/cannotWrite(path:reason:)`` naming the file.
  @discardableResult
  public func writeReport(to folder: String) throws(TrainingLogError) -> [String] {
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .cannotWrite(path: folder, reason: error.localizedDescription)
    }
    var written: [String] = []
    var charts: [(TrainingChartKind, String)] = []
    for kind in availableCharts {
      let text = try document(for: kind).text
      let path = try write(text, to: folder, name: kind.fileName)
      written.append(path)
      charts.append((kind, text))
    }
    written.append(try write(html(charts: charts), to: folder, name: "index.html"))
    return written
  }

  private func write(_ text: String, to folder: String, name: String) throws(TrainingLogError)
    -> String
  {
    let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
    do {
      try writeFileAtomically(text, toFile: path)
    } catch {
      if case ChartError.cannotWrite(_, let reason) = error {
        throw .cannotWrite(path: path, reason: reason)
      }
      throw .cannotWrite(path: path, reason: "\(error)")
    }
    return path
  }

  /// The figures of the summary as label–value rows, in a fixed order.
  var metricRows: [(String, String)] {
    guard let s = summary else { return [("status", "the run did not finish")] }
    let f = { (value: Double) in String(format4: value) }
    var rows: [(String, String)] = [("epochs", String(s.epochs))]
    if let best = s.bestEpoch { rows.append(("kept epoch (early stopping)", String(best))) }
    if let reason = s.stopReason { rows.append(("stopped because", reason)) }
    if let loss = s.trainLoss { rows.append(("final training loss", f(loss))) }
    if let loss = epochs.last?.validationLoss { rows.append(("final validation loss", f(loss))) }
    if let a = epochs.last?.validationAccuracy { rows.append(("final validation accuracy", f(a))) }
    if let r2 = epochs.last?.validationR2 { rows.append(("final validation R²", f(r2))) }
    rows.append(("test loss", f(s.testLoss)))
    if let a = s.testAccuracy { rows.append(("test accuracy", f(a))) }
    if let f1 = s.testMacroF1 { rows.append(("test macro F1", f(f1))) }
    if let mse = s.testMSE { rows.append(("test MSE", f(mse))) }
    if let rmse = s.testRMSE { rows.append(("test RMSE", f(rmse))) }
    if let mae = s.testMAE { rows.append(("test MAE", f(mae))) }
    if let r2 = s.testR2 { rows.append(("test R²", f(r2))) }
    rows.append(("training time", String(format: "%.2f s", s.trainSeconds)))
    return rows
  }

  /// The configuration as label–value rows: the data, then every training setting by name.
  var configurationRows: [(String, String)] {
    let c = configuration
    var rows: [(String, String)] = [
      ("data", c.dataSource), ("target", c.targetName), ("task", c.task),
      ("layers", c.layerSizes.map(String.init).joined(separator: "–")),
    ]
    if let labels = c.classLabels { rows.append(("classes", labels.joined(separator: ", "))) }
    // Through JSON, so that every setting is listed under its name in config.json.
    if let data = try? JSONEncoder().encode(c.configuration),
      let object = try? JSONDecoder().decode([String: PlainJSON].self, from: data)
    {
      // The setting `task` (auto, classification or regression) is shown as the task decided.
      for key in object.keys.sorted() where key != "task" {
        rows.append((key, object[key]?.text ?? ""))
      }
    }
    let csv = c.csvOptions
    if !csv.categorical.isEmpty {
      rows.append(("categorical", csv.categorical.joined(separator: ", ")))
    }
    if !csv.ignore.isEmpty { rows.append(("ignored", csv.ignore.joined(separator: ", "))) }
    rows.append(("missing", csv.missing.rawValue))
    return rows
  }

  private static func escape(_ text: String) -> String { SVGElement.escape(text) }

  private static func table(_ rows: [(String, String)]) -> String {
    "<table>\n"
      + rows.map { "<tr><th>\(escape($0.0))</th><td>\(escape($0.1))</td></tr>" }.joined(
        separator: "\n") + "\n</table>"
  }

  /// The report page for `charts` (kind and SVG text), each inlined with its ids made unique.
  func html(charts: [(TrainingChartKind, String)]) -> String {
    let name = summary?.dataset ?? configuration.dataset
    let captions: [TrainingChartKind: String] = [
      .loss: "Training and validation loss per epoch.",
      .metric: "The validation metric per epoch.",
      .learningRate: "The learning rate per optimizer step.",
      .confusion: "Test split: rows are the true class, columns the predicted class.",
      .predictions: "Test split: predicted against actual values; y = x is a perfect fit.",
    ]
    var figures: [String] = []
    for (kind, text) in charts {
      var svg = text
      if let end = svg.range(of: "?>\n") { svg = String(svg[end.upperBound...]) }
      let id = "plot-area-" + kind.rawValue
      svg = svg.replacingOccurrences(of: "id=\"plot-area\"", with: "id=\"\(id)\"")
      svg = svg.replacingOccurrences(of: "url(#plot-area)", with: "url(#\(id))")
      figures.append(
        "<figure id=\"\(kind.rawValue)\">\n\(svg)<figcaption>\(Self.escape(captions[kind] ?? ""))"
          + " (<a href=\"\(kind.fileName)\">\(kind.fileName)</a>)</figcaption>\n</figure>")
    }
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>Training report: \(Self.escape(name))</title>
      <style>
      body { font-family: Helvetica, Arial, sans-serif; color: #333333; margin: 24px auto;
             max-width: 1240px; padding: 0 16px; }
      h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
      .tables { display: flex; flex-wrap: wrap; gap: 32px; align-items: flex-start; }
      table { border-collapse: collapse; font-size: 13px; }
      th { text-align: left; font-weight: normal; color: #666666; padding: 2px 16px 2px 0; }
      td { padding: 2px 0; font-variant-numeric: tabular-nums; }
      .charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
      figure { margin: 0; width: 580px; }
      figure svg { max-width: 100%; height: auto; display: block; }
      figcaption { font-size: 12px; color: #666666; margin-top: 4px; }
      </style>
      </head>
      <body>
      <h1>Training report: \(Self.escape(name))</h1>
      <div class="tables">
      <section><h2>Final metrics</h2>
      \(Self.table(metricRows))
      </section>
      <section><h2>Configuration</h2>
      \(Self.table(configurationRows))
      </section>
      </div>
      <h2>Charts</h2>
      <div class="charts">
      \(figures.joined(separator: "\n"))
      </div>
      </body>
      </html>

      """
  }
}

/// A JSON scalar or array of scalars, read for display: `true`, `32`, `0.01`, `128, 64`.
private enum PlainJSON: Decodable {
  case text(String)

  init(from decoder: any Decoder) throws {
    if var array = try? decoder.unkeyedContainer() {
      var items: [String] = []
      while !array.isAtEnd { items.append(try array.decode(PlainJSON.self).text) }
      self = .text(items.joined(separator: ", "))
      return
    }
    let value = try decoder.singleValueContainer()
    if value.decodeNil() {
      self = .text("none")
    } else if let bool = try? value.decode(Bool.self) {
      self = .text(bool ? "true" : "false")
    } else if let int = try? value.decode(Int.self) {
      self = .text(String(int))
    } else if let double = try? value.decode(Double.self) {
      self = .text("\(double)")
    } else {
      self = .text(try value.decode(String.self))
    }
  }

  var text: String {
    switch self {
    case .text(let text): text
    }
  }
}
