extension ComputationGraph {
  /// The graph drawn as SVG by Descent itself, in layers from left to right.
  ///
  /// Layout: a leaf is in layer 0, an op one layer right of its rightmost operand, and a
  /// constant just left of the op that uses it. Within a layer, nodes are ordered by the mean
  /// position of their neighbours (a few sweeps each way, the barycentre heuristic of
  /// Sugiyama et al., 1981), which keeps crossings few for the small graphs of an
  /// expression. Edges are curves from operand to op with an arrowhead and, in vermillion, the
  /// gradient flowing back along them: a label on the edge itself, just before its arrowhead
  /// (where the edges into an op are apart, each entering at its own height, and away from
  /// crossings, which lie mid-span), on a white box that the edge runs into and out of. Node
  /// boxes show the value and, in vermillion, the gradient.
  public func svgDocument(title: String? = nil) -> SVGDocument {
    let layout = Layout(self, minimumWidth: 560)
    let width = layout.width
    let captionHeight = 48.0
    let titleHeight = title == nil ? 0.0 : 30.0
    let height = layout.height + captionHeight + titleHeight
    var document = SVGDocument(
      width: width, height: height, title: title ?? "Computation graph",
      summary: Self.caption)
    var graphGroup = SVGElement(
      "g",
      attributes: [
        ("class", "graph"), ("transform", "translate(0 \(SVGElement.format(titleHeight)))"),
      ])
    for index in edges.indices { graphGroup.children += edgeElements(index, layout) }
    // The labels over every edge, so that no other edge is drawn across one.
    graphGroup.children.append(
      SVGElement(
        "g", attributes: [("class", "edge-gradients")],
        children: edges.indices.compactMap { gradientLabel($0, layout) }))
    for node in nodes { graphGroup.children.append(nodeElement(node, layout)) }
    if let title {
      document.append(
        SVGElement(
          "text", ["x": width / 2, "y": 22],
          ["text-anchor": "middle", "font-size": "15", "fill": Palette.ink], text: title))
    }
    document.append(graphGroup)
    for (i, line) in Self.captionLines.enumerated() {
      document.append(
        SVGElement(
          "text", ["x": 12, "y": height - 30 + 15 * Double(i)],
          ["font-size": "11", "fill": "#555555", "class": "caption"], text: line))
    }
    return document
  }

  private func nodeElement(_ node: Node, _ layout: Layout) -> SVGElement {
    let box = layout.boxes[node.id]
    var group = SVGElement(
      "g", attributes: [("class", "node \(node.kind)"), ("data-op", node.op)])
    let lines = textLines(of: node)
    switch node.kind {
    case .leaf:
      group.children.append(
        SVGElement(
          "rect",
          ["x": box.x, "y": box.y, "width": box.width, "height": box.height, "rx": box.height / 2],
          ["fill": "#cfe8f7", "stroke": Palette.blue, "stroke-width": "1.5"]))
    case .op:
      group.children.append(
        SVGElement(
          "rect", ["x": box.x, "y": box.y, "width": box.width, "height": box.height, "rx": 6],
          [
            "fill": "#ffffff", "stroke": node.id == output ? Palette.vermillion : Palette.ink,
            "stroke-width": node.id == output ? "2.5" : "1.2",
          ]))
    case .constant:
      break
    }
    for (i, line) in lines.enumerated() {
      let y = box.y + Layout.padding + Layout.lineHeight * (Double(i) + 0.75)
      var style: KeyValuePairs<String, String> = ["text-anchor": "middle", "fill": Palette.ink]
      if i == 0 && node.kind != .constant {
        style = ["text-anchor": "middle", "font-weight": "bold", "fill": Palette.ink]
      }
      if line.hasPrefix("grad ") { style = ["text-anchor": "middle", "fill": Palette.vermillion] }
      if node.kind == .constant { style = ["text-anchor": "middle", "fill": "#555555"] }
      group.children.append(
        SVGElement("text", ["x": box.x + box.width / 2, "y": y], style, text: line))
    }
    return group
  }

  /// The points an edge passes through, in pixels: the operand's right side, the slots kept
  /// for it in the layers it crosses, and its end at the op's left side (operands enter it
  /// spread out in argument order).
  private func edgePoints(_ index: Int, _ layout: Layout) -> [ChartPoint] {
    let edge = edges[index]
    let from = layout.boxes[edge.from]
    let to = layout.boxes[edge.to]
    let operandCount = Double(nodes[edge.to].inputs.count)
    var points = [ChartPoint(x: from.x + from.width, y: from.y + from.height / 2)]
    for dummy in layout.chains[index] {
      let box = layout.boxes[dummy]
      points.append(ChartPoint(x: box.x + box.width / 2, y: box.y + box.height / 2))
    }
    points.append(
      ChartPoint(
        x: to.x - 2, y: to.y + to.height * (Double(edge.operand) + 1) / (operandCount + 1)))
    return points
  }

  /// The length of the arrowheads, in pixels.
  static let headLength = 7.0

  /// The gradient label of an edge (`← -2`), nil for an edge that carries none, and its
  /// width in pixels (about 6.2 px per character at 11 px, and 3 px of white on each side).
  private func gradientText(_ edge: Edge) -> (text: String, width: Double)? {
    guard let gradient = edge.gradient else { return nil }
    let text = "← " + Self.format(gradient)
    return (text, Double(text.count) * 6.2 + 6)
  }

  /// Where an edge's straight, horizontal last stretch begins: far enough before its end
  /// for the gradient label and the arrowhead (at least 20 px), but at most 60 % of the way
  /// from the point before it.
  private func stubStart(_ index: Int, _ points: [ChartPoint]) -> ChartPoint {
    let (a, end) = (points[points.count - 2], points[points.count - 1])
    let wanted = (gradientText(edges[index])?.width ?? 0) + Self.headLength + 10
    let length = Swift.min(Swift.max(wanted, 20), 0.6 * (end.x - a.x))
    return ChartPoint(x: end.x - length, y: end.y)
  }

  private func edgeElements(_ index: Int, _ layout: Layout) -> [SVGElement] {
    let edge = edges[index]
    let points = edgePoints(index, layout)
    let end = points[points.count - 1]
    // Cubic pieces with horizontal tangents at every point, so the curve leaves and enters
    // boxes (and passes the slots kept for it in the layers it crosses) horizontally; then a
    // straight stretch at the height where it enters the op, which holds its gradient label.
    let curve = points.dropLast() + [stubStart(index, points)]
    var d = "M\(SVGElement.format(curve[0].x)),\(SVGElement.format(curve[0].y))"
    for (a, b) in zip(curve, curve.dropFirst()) {
      let bend = (b.x - a.x) / 2
      d +=
        " C\(SVGElement.format(a.x + bend)),\(SVGElement.format(a.y)) "
        + "\(SVGElement.format(b.x - bend)),\(SVGElement.format(b.y)) "
        + "\(SVGElement.format(b.x)),\(SVGElement.format(b.y))"
    }
    d += " L\(SVGElement.format(end.x)),\(SVGElement.format(end.y))"
    var group = SVGElement(
      "g",
      attributes: [("class", "edge"), ("data-from", "\(edge.from)"), ("data-to", "\(edge.to)")])
    group.children.append(
      SVGElement(
        "path",
        attributes: [("d", d), ("fill", "none"), ("stroke", "#777777"), ("stroke-width", "1.3")]))
    let head = Self.headLength
    group.children.append(
      SVGElement(
        "polygon",
        attributes: [
          (
            "points",
            SVGElement.pointList([
              end, ChartPoint(x: end.x - head, y: end.y - head * 0.45),
              ChartPoint(x: end.x - head, y: end.y + head * 0.45),
            ])
          ), ("fill", "#777777"),
        ]))
    return [group]
  }

  /// The gradient an edge carries back (`← -2`), on the edge's straight last stretch just
  /// before its arrowhead, on a white box the edge runs into and out of; nil for an edge
  /// without one. The edges into an op enter it at different heights, so their labels do
  /// not touch, and no other edge passes there.
  private func gradientLabel(_ index: Int, _ layout: Layout) -> SVGElement? {
    let edge = edges[index]
    guard let (text, width) = gradientText(edge) else { return nil }
    let end = edgePoints(index, layout).last ?? ChartPoint(x: 0, y: 0)
    let height = 14.0
    let centre = ChartPoint(x: end.x - Self.headLength - 3 - width / 2, y: end.y)
    return SVGElement(
      "g",
      attributes: [
        ("class", "edge-gradient-label"), ("data-from", "\(edge.from)"),
        ("data-to", "\(edge.to)"),
      ],
      children: [
        SVGElement(
          "rect",
          [
            "x": centre.x - width / 2, "y": centre.y - height / 2, "width": width,
            "height": height, "rx": 3,
          ], ["fill": "#ffffff", "stroke": Palette.vermillion, "stroke-width": "0.6"]),
        SVGElement(
          "text", ["x": centre.x, "y": centre.y + 4],
          [
            "text-anchor": "middle", "font-size": "11", "fill": Palette.vermillion,
            "class": "edge-gradient",
          ], text: text),
      ])
  }

  /// Positions: nodes in layers from left to right, stacked within a layer, with a slot kept
  /// in every layer an edge crosses (a "dummy node", as in Sugiyama et al.'s layered
  /// drawing), so that long edges pass between boxes rather than through them.
  struct Layout {
    struct Box {
      var x = 0.0
      var y = 0.0
      var width = 0.0
      var height = 0.0
    }

    static let lineHeight = 15.0
    static let padding = 6.0
    static let layerGap = 100.0
    static let nodeGap = 20.0
    static let margin = 20.0
    static let dummyHeight = 12.0

    /// One box per node, then one per dummy.
    var boxes: [Box]
    /// For each edge, the dummies it passes through, left to right.
    var chains: [[Int]]
    var width = 0.0
    var height = 0.0

    init(_ graph: ComputationGraph, minimumWidth: Double = 0) {
      let nodes = graph.nodes
      var consumers = Array(repeating: [Int](), count: nodes.count)
      for edge in graph.edges { consumers[edge.from].append(edge.to) }
      // Layers: leaves at 0; an op first one right of its rightmost operand (inputs come
      // before consumers in `nodes`), then moved right to just before its leftmost consumer
      // (shorter edges); a constant just before its consumer.
      var layer = Array(repeating: 0, count: nodes.count)
      for node in nodes where node.kind == .op {
        let operandLayers = node.inputs.filter { nodes[$0].kind != .constant }.map { layer[$0] }
        layer[node.id] = (operandLayers.max() ?? 0) + 1
      }
      for node in nodes.reversed() where node.kind != .leaf {
        if let nearest = consumers[node.id].map({ layer[$0] }).min() {
          layer[node.id] = Swift.max(layer[node.id], nearest - 1)
        }
      }
      // Dummies for edges that span more than one layer.
      var itemLayer = layer
      var predecessors = nodes.map(\.inputs)
      var successors = consumers
      chains = []
      for edge in graph.edges {
        var chain: [Int] = []
        var previous = edge.from
        for l in stride(from: layer[edge.from] + 1, to: layer[edge.to], by: 1) {
          let dummy = itemLayer.count
          itemLayer.append(l)
          predecessors.append([previous])
          successors.append([])
          successors[previous].append(dummy)
          chain.append(dummy)
          previous = dummy
        }
        if !chain.isEmpty {
          successors[previous].append(edge.to)
          predecessors[edge.to] = predecessors[edge.to].map { $0 == edge.from ? previous : $0 }
          successors[edge.from].removeAll { $0 == edge.to }
        }
        chains.append(chain)
      }
      let layerCount = (itemLayer.max() ?? 0) + 1
      var members = Array(repeating: [Int](), count: layerCount)
      for (item, l) in itemLayer.enumerated() { members[l].append(item) }

      // Barycentre ordering: sweep right using predecessors' positions, then left using
      // successors', a few times.
      var position = Array(repeating: 0.0, count: itemLayer.count)
      func renumber() {
        for ids in members {
          for (i, id) in ids.enumerated() { position[id] = Double(i) }
        }
      }
      renumber()
      for _ in 0..<4 {
        for l in stride(from: 1, to: layerCount, by: 1) {
          members[l] = Self.ordered(members[l], position) { predecessors[$0] }
          renumber()
        }
        for l in stride(from: layerCount - 2, through: 0, by: -1) {
          members[l] = Self.ordered(members[l], position) { successors[$0] }
          renumber()
        }
      }

      boxes = Array(repeating: Box(), count: itemLayer.count)
      for node in nodes {
        let lines = graph.textLines(of: node)
        // About 7 px per character at 12 px Helvetica.
        let longest = Double(lines.map(\.count).max() ?? 1)
        boxes[node.id].width = Swift.max(44, longest * 7 + 2 * Self.padding)
        boxes[node.id].height = Double(lines.count) * Self.lineHeight + 2 * Self.padding
      }
      for dummy in nodes.count..<itemLayer.count { boxes[dummy].height = Self.dummyHeight }
      var x = Self.margin
      var columnHeights: [Double] = []
      for ids in members {
        let columnWidth = ids.map { boxes[$0].width }.max() ?? 0
        for id in ids { boxes[id].x = x + (columnWidth - boxes[id].width) / 2 }
        x += columnWidth + Self.layerGap
        columnHeights.append(
          ids.map { boxes[$0].height }.reduce(0, +)
            + Self.nodeGap * Double(Swift.max(ids.count - 1, 0)))
      }
      let contentWidth = x - Self.layerGap + Self.margin
      width = Swift.max(contentWidth, minimumWidth)
      let shift = (width - contentWidth) / 2
      height = (columnHeights.max() ?? 0) + 2 * Self.margin
      for (l, ids) in members.enumerated() {
        var y = Self.margin + (height - 2 * Self.margin - columnHeights[l]) / 2
        for id in ids {
          boxes[id].x += shift
          boxes[id].y = y
          y += boxes[id].height + Self.nodeGap
        }
      }
    }
    /// `ids` sorted by the mean position of their `neighbours` (those with none keep their
    /// place).
    static func ordered(
      _ ids: [Int], _ position: [Double], _ neighbours: (Int) -> [Int]
    ) -> [Int] {
      let keys = ids.map { id -> Double in
        let around = neighbours(id)
        return around.isEmpty
          ? position[id] : around.map { position[$0] }.reduce(0, +) / Double(around.count)
      }
      return zip(ids, keys).enumerated().sorted {
        $0.element.1 != $1.element.1 ? $0.element.1 < $1.element.1 : $0.offset < $1.offset
      }.map(\.element.0)
    }
  }
}
