import Descent
import Foundation
import Testing

/// The computation graph as data, DOT and SVG: every node's value and gradient, the share of
/// the gradient on each edge, and the reuse of an upstream gradient.
@Suite("Computation graph")
struct ComputationGraphTests {
  /// f = x²·y + 3·y at (1, 2), built from tensors.
  func example() -> (ComputationGraph, Tensor, Tensor) {
    var x = Tensor(scalar: 1, dtype: .float64)
    var y = Tensor(scalar: 2, dtype: .float64)
    x.requiresGrad = true
    y.requiresGrad = true
    let f = x.square() * y + 3 * y
    return (ComputationGraph(of: f, names: ["x": x, "y": y]), x, y)
  }

  @Test("x²y + 3y at (1, 2): one node per op, leaf and constant, with values and gradients")
  func nodes() throws {
    let (graph, x, y) = example()
    #expect(graph.nodes.map(\.label) == ["x", "(·)²", "y", "×", "3", "×", "+"])
    #expect(graph.nodes.map(\.kind) == [.leaf, .op, .leaf, .op, .constant, .op, .op])
    #expect(graph.nodes.map { $0.value.item } == [1, 1, 2, 2, 3, 6, 8])
    // ∂f/∂node: x 2xy = 4, x² y = 2, y x² + 3 = 4, x²y 1, 3 none, 3y 1, f 1.
    #expect(graph.nodes.map { $0.gradient?.item } == [4, 2, 4, 1, nil, 1, 1])
    #expect(graph.output == 6)
    // The leaves' own gradients are untouched: the graph made its own reverse pass.
    #expect(x.grad == nil && y.grad == nil)
  }

  @Test("y's gradient is the sum of the shares on its two outgoing edges (1 and 3)")
  func reuse() throws {
    let (graph, _, _) = example()
    let y = try #require(graph.nodes.firstIndex { $0.label == "y" })
    let shares = graph.edges.filter { $0.from == y }.compactMap { $0.gradient?.item }
    #expect(shares.sorted() == [1, 3])
    #expect(graph.nodes[y].gradient?.item == shares.reduce(0, +))
    // Each op's upstream gradient is used once for all its operands: the product x²·y (grad 1)
    // sends 1·y = 2 to x² and 1·x² = 1 to y.
    let product = 3
    let fromProduct = graph.edges.filter { $0.to == product }.map { $0.gradient?.item }
    #expect(fromProduct == [2, 1])
  }

  @Test("node gradients of a broadcast, matmul and tanh graph equal what backward() gives")
  func matchesBackward() throws {
    var rng = RandomGenerator(seed: 3)
    var w = Tensor.randomNormal(shape: [3, 2], dtype: .float64, using: &rng)
    var b = Tensor.randomNormal(shape: [2], dtype: .float64, using: &rng)
    w.requiresGrad = true
    b.requiresGrad = true
    let input = Tensor.randomNormal(shape: [4, 3], dtype: .float64, using: &rng)
    let loss = (input.matmul(w) + b).tanh().square().mean()
    let graph = ComputationGraph(of: loss, names: ["w": w, "b": b])
    loss.backward()
    let gw = try #require(graph.nodes.first { $0.label == "w" }?.gradient)
    let gb = try #require(graph.nodes.first { $0.label == "b" }?.gradient)
    #expect(gw.shape == [3, 2] && gb.shape == [2])
    for (a, e) in zip(
      gw.scalars + gb.scalars, try #require(w.grad).scalars + (b.grad?.scalars ?? []))
    {
      #expect(Swift.abs(a - e) <= 1e-15 * Swift.max(1, Swift.abs(e)))
    }
  }

  @Test("a graph from an expression labels its leaves with the variables' names")
  func fromExpression() throws {
    let f = try MathExpression(parsing: "sin(x*y) + x")
    let graph = try ComputationGraph(of: f, variables: ["x", "y"], at: [0.5, 2])
    let x = try #require(graph.nodes.first { $0.label == "x" })
    // ∂/∂x = y·cos(xy) + 1 = 2·cos 1 + 1.
    #expect(Swift.abs(try #require(x.gradient).item - (2 * Foundation.cos(1.0) + 1)) < 1e-15)
    #expect(graph.nodes.contains { $0.label == "sin" })
  }

  @Test("DOT: a left-to-right digraph with a node per node and a labelled edge per operand")
  func dot() throws {
    let (graph, _, _) = example()
    let dot = graph.dot
    #expect(dot.hasPrefix("digraph computation {"))
    #expect(dot.contains("rankdir=LR;"))
    #expect(dot.contains("n0 [label=\"x\\nvalue 1\\ngrad 4\", shape=ellipse"))
    #expect(dot.contains("n4 [label=\"3\", shape=plaintext"))
    #expect(dot.contains("n2 -> n5 [label=\"← 3\""))
    #expect(dot.contains("n4 -> n5;"))
    let edgeLines = dot.split(separator: "\n").filter { $0.contains("->") }
    #expect(edgeLines.count == graph.edges.count)
  }

  @Test("SVG: well-formed, one group per node and per edge, gradients on edges, left to right")
  func svg() throws {
    let (graph, _, _) = example()
    let xml = try #require(parseXML(graph.svgDocument(title: "f = x²y + 3y").text))
    let nodes = xml.all.filter {
      $0.name == "g" && ($0.attributes["class"] ?? "").hasPrefix("node")
    }
    #expect(nodes.count == graph.nodes.count)
    let edges = elements(xml, named: "g", className: "edge")
    #expect(edges.count == graph.edges.count)
    let shares = elements(xml, named: "text", className: "edge-gradient").map(\.text)
    #expect(shares.sorted() == ["← 1", "← 1", "← 1", "← 2", "← 3", "← 4"])
    // Every edge goes left to right: its path starts left of where it ends.
    for edge in edges {
      let d = try #require(edge.children.first { $0.name == "path" }?.attributes["d"])
      let numbers = d.split(whereSeparator: { " ,MCL".contains($0) }).compactMap { Double($0) }
      #expect(try #require(numbers.first) < numbers[numbers.count - 2], "\(d)")
    }
  }

  /// Points along an edge's path `d` (`M x,y`, cubic `C` pieces and a straight `L`), 40 per
  /// piece.
  static func pathSamples(_ d: String) -> [ChartPoint] {
    var samples: [ChartPoint] = []
    var current = ChartPoint(x: 0, y: 0)
    var command: Character = "M"
    var values: [Double] = []
    func finish() {
      switch command {
      case "M" where values.count == 2:
        current = ChartPoint(x: values[0], y: values[1])
        samples.append(current)
      case "L" where values.count == 2:
        let end = ChartPoint(x: values[0], y: values[1])
        samples += (1...40).map { i in
          let t = Double(i) / 40
          return ChartPoint(
            x: current.x + t * (end.x - current.x), y: current.y + t * (end.y - current.y))
        }
        current = end
      case "C" where values.count == 6:
        let (c1, c2) = (
          ChartPoint(x: values[0], y: values[1]), ChartPoint(x: values[2], y: values[3])
        )
        let end = ChartPoint(x: values[4], y: values[5])
        samples += (1...40).map { i in
          let t = Double(i) / 40
          let s = 1 - t
          return ChartPoint(
            x: s * s * s * current.x + 3 * s * s * t * c1.x + 3 * s * t * t * c2.x + t * t * t
              * end.x,
            y: s * s * s * current.y + 3 * s * s * t * c1.y + 3 * s * t * t * c2.y + t * t * t
              * end.y)
        }
        current = end
      default: break
      }
      values = []
    }
    var token = ""
    for character in d + " M" {
      if "MCL".contains(character) {
        if let value = Double(token) { values.append(value) }
        token = ""
        finish()
        command = character
      } else if character == " " || character == "," {
        if let value = Double(token) { values.append(value) }
        token = ""
      } else {
        token.append(character)
      }
    }
    return samples
  }

  @Test(
    "each gradient label sits on its own edge, before the arrowhead, and no other edge crosses it")
  func gradientLabelsOnTheirEdges() throws {
    // The network of the tutorial's section 4.
    let f = try MathExpression(
      parsing: "(v1*relu(w1*x + b1) + v2*relu(w2*x + b2) - t)^2")
    let variables = ["x", "w1", "b1", "w2", "b2", "v1", "v2", "t"]
    let graph = try ComputationGraph(
      of: f, variables: variables, at: [2, 1, -1, 0.5, 1, 1, -0.5, 1])
    let xml = try #require(parseXML(graph.svgDocument().text))
    var paths: [String: [ChartPoint]] = [:]
    for edge in elements(xml, named: "g", className: "edge") {
      let key = "\(edge.attributes["data-from"] ?? "")>\(edge.attributes["data-to"] ?? "")"
      let d = try #require(edge.children.first { $0.name == "path" }?.attributes["d"])
      paths[key] = Self.pathSamples(d)
    }
    let labels = elements(xml, named: "g", className: "edge-gradient-label")
    #expect(labels.count == graph.edges.filter { $0.gradient != nil }.count)
    for label in labels {
      let key = "\(label.attributes["data-from"] ?? "")>\(label.attributes["data-to"] ?? "")"
      let own = try #require(paths[key])
      let rect = try #require(label.children.first { $0.name == "rect" }?.attributes)
      let (x, y) = (Double(rect["x"] ?? "") ?? .nan, Double(rect["y"] ?? "") ?? .nan)
      let (width, height) = (
        Double(rect["width"] ?? "") ?? .nan, Double(rect["height"] ?? "") ?? .nan
      )
      let inside = { (p: ChartPoint) in
        p.x >= x - 1 && p.x <= x + width + 1 && p.y >= y - 1 && p.y <= y + height + 1
      }
      // Its own edge runs straight through the middle of the box, at the height it enters
      // the op, and ends (at the arrowhead's tip) just right of it.
      let end = try #require(own.last)
      #expect(Swift.abs(end.y - (y + height / 2)) < 0.02, "\(key)")
      #expect(end.x > x + width && end.x - (x + width) < 12, "\(key)")
      let through = own.filter(inside)
      #expect(!through.isEmpty && through.allSatisfy { Swift.abs($0.y - end.y) < 0.02 }, "\(key)")
      // No other edge comes near it.
      for (other, samples) in paths where other != key {
        #expect(!samples.contains(where: inside), "\(other) crosses the label of \(key)")
      }
    }
  }

  @Test("write picks the format from the extension and refuses others")
  func write() throws {
    let (graph, _, _) = example()
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-graph-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try graph.write(toFile: folder.appendingPathComponent("g.dot").path)
    try graph.write(toFile: folder.appendingPathComponent("g.svg").path)
    let dot = try String(contentsOf: folder.appendingPathComponent("g.dot"), encoding: .utf8)
    #expect(dot.hasPrefix("digraph"))
    let svg = try String(contentsOf: folder.appendingPathComponent("g.svg"), encoding: .utf8)
    #expect(svg.contains("<svg"))
    #expect(throws: ChartError.self) {
      try graph.write(toFile: folder.appendingPathComponent("g.png").path)
    }
  }

  @Test("a tensor with no history is a one-node graph")
  func constant() {
    let graph = ComputationGraph(of: Tensor([1, 2, 3]))
    #expect(graph.nodes.count == 1)
    #expect(graph.nodes[0].label == "[3] 1, 2, 3")
    #expect(graph.edges.isEmpty)
  }
}
