/// A grid of counts drawn as shaded cells with the count written in each, rows and columns
/// named by labels: a confusion matrix, with true classes as rows and predicted classes as
/// columns.
///
///     let chart = HeatMapChart(
///       counts: [[9, 1], [2, 8]], rowLabels: ["cat", "dog"], columnLabels: ["cat", "dog"],
///       rowAxisLabel: "true class", columnAxisLabel: "predicted class")
///     try chart.document().write(toFile: "confusion.svg")
///
/// A cell's shade is its share of its row's total (white for 0, Okabe–Ito blue for all of the
/// row, by the square root of the share so that a few mistakes still show), so a class with
/// few examples is as readable as one with many; the count is written
/// in the cell, white on dark cells. Each cell's `rect` has class `cell` and `data-row`,
/// `data-column` and `data-count` attributes. Column labels longer than a cell is wide are
/// turned 45° so they never overlap; a scale at the right says what the shades mean.
public struct HeatMapChart: Sendable {
  /// `counts[row][column]`; every row has one count per column label.
  public var counts: [[Int]]
  /// The name of each row, top to bottom.
  public var rowLabels: [String]
  /// The name of each column, left to right.
  public var columnLabels: [String]
  /// The label of the rows' axis (at the left); default "true class".
  public var rowAxisLabel: String
  /// The label of the columns' axis (below); default "predicted class".
  public var columnAxisLabel: String
  /// The title above the grid, or nil.
  public var title: String?
  /// The side of a cell in pixels; default 44.
  public var cellSize: Double = 44

  /// A heat map of `counts` with the given labels.
  /// - Precondition: one row label per row and one column label per column of every row.
  public init(
    counts: [[Int]], rowLabels: [String], columnLabels: [String],
    rowAxisLabel: String = "true class", columnAxisLabel: String = "predicted class",
    title: String? = nil
  ) {
    precondition(
      counts.count == rowLabels.count && counts.allSatisfy { $0.count == columnLabels.count },
      "HeatMapChart: \(counts.count) rows of \(counts.map(\.count)) counts for "
        + "\(rowLabels.count) row labels and \(columnLabels.count) column labels")
    self.counts = counts
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.rowAxisLabel = rowAxisLabel
    self.columnAxisLabel = columnAxisLabel
    self.title = title
  }

  /// About how wide `text` is at `fontSize` pixels in Helvetica: 0.6 em per character.
  static func textWidth(_ text: String, fontSize: Double = 12) -> Double {
    Double(text.count) * 0.6 * fontSize
  }

  /// The colour of a cell holding `share` (0 to 1) of its row: white to blue, by √share, so
  /// that a few mistakes in a row of many still show.
  static func shade(_ share: Double) -> String {
    let t = Swift.min(1, Swift.max(0, share.isFinite ? share : 0)).squareRoot()
    // #ffffff to Okabe–Ito blue #0072B2.
    let channels = [(255.0, 0.0), (255.0, 114.0), (255.0, 178.0)].map { white, blue in
      Int((white + (blue - white) * t).rounded())
    }
    return "#"
      + channels.map { c in
        let hex = String(c, radix: 16)
        return hex.count == 1 ? "0" + hex : hex
      }.joined()
  }

  /// The heat map as an SVG image.
  public func document() -> SVGDocument {
    let rows = counts.count
    let columns = columnLabels.count
    let fontSize = cellSize >= 36 ? 12.0 : 10.0
    let longestRow = rowLabels.map { Self.textWidth($0, fontSize: fontSize) }.max() ?? 0
    let longestColumn = columnLabels.map { Self.textWidth($0, fontSize: fontSize) }.max() ?? 0
    let turned = longestColumn > cellSize - 6
    let columnLabelHeight = turned ? longestColumn * 0.71 + 14 : 18
    let left = 34 + longestRow + 10
    let top = title == nil ? 16.0 : 44.0
    let gridWidth = Double(columns) * cellSize
    let gridHeight = Double(rows) * cellSize
    let scaleLeft = left + gridWidth + 24
    let width = Swift.max(
      scaleLeft + 70, left + Self.textWidth(columnAxisLabel, fontSize: 13),
      Self.textWidth(title ?? "", fontSize: 15) + 24)
    let height = top + gridHeight + 8 + columnLabelHeight + 30
    var document = SVGDocument(
      width: width.rounded(.up), height: height.rounded(.up), title: title,
      summary:
        "Counts of \(rowAxisLabel) (rows) against \(columnAxisLabel) (columns); a cell's shade "
        + "is its share of the row.")
    let ink = Palette.ink

    var cells = SVGElement("g", attributes: [("class", "cells")])
    for (r, row) in counts.enumerated() {
      let total = row.reduce(0, +)
      for (c, count) in row.enumerated() {
        let share = total == 0 ? 0 : Double(count) / Double(total)
        let x = left + Double(c) * cellSize
        let y = top + Double(r) * cellSize
        var cell = SVGElement(
          "rect", ["x": x, "y": y, "width": cellSize, "height": cellSize],
          ["fill": Self.shade(share), "stroke": "#ffffff", "stroke-width": "1", "class": "cell"])
        cell[attribute: "data-row"] = String(r)
        cell[attribute: "data-column"] = String(c)
        cell[attribute: "data-count"] = String(count)
        cells.children.append(cell)
        cells.children.append(
          SVGElement(
            "text", ["x": x + cellSize / 2, "y": y + cellSize / 2 + fontSize * 0.35],
            [
              "text-anchor": "middle", "font-size": SVGElement.format(fontSize),
              "fill": share > 0.3 ? "#ffffff" : ink, "class": "count",
            ], text: String(count)))
      }
    }
    document.append(
      SVGElement(
        "rect", ["x": left, "y": top, "width": gridWidth, "height": gridHeight],
        ["fill": "none", "stroke": Palette.grid]))
    document.append(cells)

    var labels = SVGElement("g", attributes: [("class", "labels"), ("fill", ink)])
    for (r, label) in rowLabels.enumerated() {
      labels.children.append(
        SVGElement(
          "text",
          ["x": left - 6, "y": top + (Double(r) + 0.5) * cellSize + fontSize * 0.35],
          ["text-anchor": "end", "font-size": SVGElement.format(fontSize), "class": "row-label"],
          text: label))
    }
    let labelTop = top + gridHeight + 6
    for (c, label) in columnLabels.enumerated() {
      let x = left + (Double(c) + 0.5) * cellSize
      var text = SVGElement(
        "text", ["x": x, "y": labelTop + fontSize],
        [
          "text-anchor": turned ? "end" : "middle", "font-size": SVGElement.format(fontSize),
          "class": "column-label",
        ], text: label)
      if turned {
        text[attribute: "transform"] =
          "rotate(-45 \(SVGElement.format(x)) \(SVGElement.format(labelTop + fontSize)))"
      }
      labels.children.append(text)
    }
    labels.children.append(
      SVGElement(
        "text", ["x": left + gridWidth / 2, "y": labelTop + columnLabelHeight + 16],
        ["text-anchor": "middle", "font-size": "13", "class": "x-label"], text: columnAxisLabel))
    let axisY = top + gridHeight / 2
    labels.children.append(
      SVGElement(
        "text", ["x": 16, "y": axisY],
        [
          "text-anchor": "middle", "font-size": "13", "class": "y-label",
          "transform": "rotate(-90 16 \(SVGElement.format(axisY)))",
        ], text: rowAxisLabel))
    document.append(labels)

    // The scale: five swatches from 0 to 100 % of the row.
    var scale = SVGElement("g", attributes: [("class", "legend"), ("fill", ink)])
    let swatch = Swift.min(24.0, gridHeight / 6)
    scale.children.append(
      SVGElement(
        "text", ["x": scaleLeft, "y": top + 10], ["font-size": "11"], text: "share of row"))
    for k in 0...4 {
      let share = 1 - Double(k) / 4
      let y = top + 18 + Double(k) * swatch
      scale.children.append(
        SVGElement(
          "rect", ["x": scaleLeft, "y": y, "width": 16, "height": swatch],
          ["fill": Self.shade(share), "stroke": Palette.grid]))
      scale.children.append(
        SVGElement(
          "text", ["x": scaleLeft + 22, "y": y + swatch / 2 + 4], ["font-size": "11"],
          text: "\(Int(share * 100)) %"))
    }
    document.append(scale)

    if let title {
      document.append(
        SVGElement(
          "text", ["x": document.width / 2, "y": 25],
          ["text-anchor": "middle", "font-size": "15", "fill": ink, "class": "title"],
          text: title))
    }
    return document
  }
}
