extension ComputationGraph {
  /// The graph in Graphviz's DOT language, laid out left to right (`rankdir=LR`): inputs on
  /// the left, the output on the right. Each node shows its label, its value and (when
  /// computed) its gradient; each edge's label is the gradient flowing back along it (`← g`).
  /// Leaves are ellipses, constants plain text, ops boxes, the output's box drawn bold.
  ///
  /// Render it with `dot -Tsvg graph.dot -o graph.svg`, or use ``svgDocument(title:)``, which needs
  /// no Graphviz.
  public var dot: String {
    var lines = [
      "digraph computation {",
      "  rankdir=LR;",
      "  node [fontname=\"Helvetica\", fontsize=11];",
      "  edge [fontname=\"Helvetica\", fontsize=10, color=\"#555555\"];",
      "  label=\"\(Self.escapeDOT(Self.caption))\";",
      "  labelloc=b;",
      "  fontname=\"Helvetica\";",
      "  fontsize=10;",
    ]
    for node in nodes {
      let text = Self.escapeDOT(textLines(of: node).joined(separator: "\n"))
      var attributes = ["label=\"\(text)\""]
      switch node.kind {
      case .leaf:
        attributes += ["shape=ellipse", "style=filled", "fillcolor=\"#cfe8f7\""]
      case .constant: attributes += ["shape=plaintext", "fontcolor=\"#555555\""]
      case .op: attributes += ["shape=box", "style=rounded"]
      }
      if node.id == output { attributes += ["penwidth=2.5", "color=\"\(Palette.vermillion)\""] }
      lines.append("  n\(node.id) [\(attributes.joined(separator: ", "))];")
    }
    for edge in edges {
      var attributes: [String] = []
      if let gradient = edge.gradient {
        attributes.append("label=\"← \(Self.escapeDOT(Self.format(gradient)))\"")
        attributes.append("fontcolor=\"\(Palette.vermillion)\"")
      }
      let suffix = attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
      lines.append("  n\(edge.from) -> n\(edge.to)\(suffix);")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// How to read the picture, for the DOT label and the SVG footer.
  static let captionLines = [
    "Values flow left to right. Gradients flow back: the ← on an edge is the op's grad times",
    "the op's local derivative, and a node's grad is the sum of the ← on its outgoing edges.",
  ]

  /// ``captionLines`` as one sentence.
  static var caption: String { captionLines.joined(separator: " ") }

  /// The text lines of a node: its label, then `value …` and `grad …` for leaves and ops.
  func textLines(of node: Node) -> [String] {
    guard node.kind != .constant else { return [node.label] }
    var result = [node.label, "value " + Self.format(node.value)]
    if let gradient = node.gradient { result.append("grad " + Self.format(gradient)) }
    return result
  }

  /// `text` inside a DOT double-quoted string: backslashes and quotes escaped, newlines as
  /// `\n` (DOT's centred line break).
  static func escapeDOT(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      default: out.append(c)
      }
    }
    return out
  }
}
