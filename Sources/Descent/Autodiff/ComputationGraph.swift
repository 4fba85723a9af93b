import Foundation

/// A picture-ready copy of the computation graph behind a tensor: one node per op, per leaf
/// and per constant operand, each with its forward value and its gradient, and one edge per
/// operand with the share of the gradient that flows back along it.
///
/// The gradients come from a reverse pass of its own, like ``Tensor/backward(createGraph:)``'s
/// but keeping every intermediate gradient, not only the leaves' (and leaving the leaves'
/// ``Tensor/grad`` untouched). So the graph shows the chain rule at work: an edge from input
/// `a` to op `y` carries ∂L/∂y · ∂y/∂a, computed once from `y`'s gradient, and a node's
/// gradient is the sum of what comes back along its outgoing edges — for a variable used
/// twice, two contributions.
///
///     var x = Tensor(scalar: 1, dtype: .float64)
///     var y = Tensor(scalar: 2, dtype: .float64)
///     x.requiresGrad = true
///     y.requiresGrad = true
///     let f = x * x * y + 3 * y
///     let graph = ComputationGraph(of: f, names: ["x": x, "y": y])
///     try graph.dot.write(toFile: "f.dot", atomically: true, encoding: .utf8)
///     try graph.svgDocument().write(toFile: "f.svg")
///
/// Render it as Graphviz DOT (``dot``) or as SVG laid out by Descent itself
/// (``svgDocument(title:)``), so nothing needs installing.
public struct ComputationGraph: Sendable {
  /// What a node stands for.
  public enum Kind: Sendable, Equatable {
    /// A leaf that requires gradients: a variable or parameter.
    case leaf
    /// A tensor with no gradient history used as an operand: a number in an expression.
    case constant
    /// The result of an op.
    case op
  }

  /// One node: a leaf, a constant or an op's result.
  public struct Node: Sendable {
    /// The node's index in ``ComputationGraph/nodes``.
    public let id: Int
    /// What it stands for.
    public let kind: Kind
    /// The op's name (`multiply`, `sin`, …), `leaf` or `constant`.
    public let op: String
    /// A short label: the variable's name for a named leaf, the op's symbol (`×`, `+`, `^`)
    /// or name for an op, the value for a constant.
    public let label: String
    /// The forward value.
    public let value: Tensor
    /// ∂output/∂(this node) (of the output's sum, if it is not a scalar); nil for constants,
    /// for nodes the output does not depend on through differentiable ops, and when the graph
    /// was made without gradients.
    public let gradient: Tensor?
    /// The ids of the operands, in the op's argument order.
    public let inputs: [Int]
  }

  /// One operand of an op: from the operand's node to the op's node.
  public struct Edge: Sendable {
    /// The operand's node id.
    public let from: Int
    /// The op's node id.
    public let to: Int
    /// Which operand of the op this is (0 for the first).
    public let operand: Int
    /// The gradient flowing back along the edge, ∂L/∂(op) · ∂(op)/∂(operand), summed to the
    /// operand's shape; nil for constants and when gradients were not computed.
    public let gradient: Tensor?
  }

  /// The nodes, each after its operands (a topological order); the output is last.
  public let nodes: [Node]
  /// The edges, grouped by consuming op in node order.
  public let edges: [Edge]

  /// The id of the output node (the last).
  public var output: Int { nodes.count - 1 }

  /// The graph behind `output`.
  /// - Parameters:
  ///   - output: the tensor to trace back, usually a scalar loss. A tensor with no history
  ///     gives a one-node graph.
  ///   - names: labels for leaves, such as `["x": x, "w": weight]`; a leaf is recognized by
  ///     its graph node, so a copy of the tensor works too. Unnamed leaves are labelled
  ///     `leaf`.
  ///   - gradients: compute each node's gradient with a reverse pass (default true).
  public init(of output: Tensor, names: [String: Tensor] = [:], gradients: Bool = true) {
    var leafNames: [ObjectIdentifier: String] = [:]
    for (name, tensor) in names.sorted(by: { $0.key < $1.key }) {
      if let node = tensor.node { leafNames[ObjectIdentifier(node)] = name }
    }
    guard let root = output.node else {
      let value = output.detached()
      nodes = [
        Node(
          id: 0, kind: .constant, op: "constant", label: Self.format(value), value: value,
          gradient: nil, inputs: [])
      ]
      edges = []
      return
    }
    let order = Array(Tensor.reverseTopologicalOrder(from: root).reversed())
    // Values: an op's node keeps its output; a leaf's value is in the tensors that use it.
    var leafValues: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): output.detached()]
    for node in order {
      for input in node.inputs {
        if let inputNode = input.node, inputNode.isLeaf {
          leafValues[ObjectIdentifier(inputNode)] = input.detached()
        }
      }
    }
    let (nodeGradients, edgeGradients) =
      gradients ? Self.reversePass(root) : ([:], [:])

    var nodes: [Node] = []
    var edges: [Edge] = []
    var ids: [ObjectIdentifier: Int] = [:]
    for node in order {
      let key = ObjectIdentifier(node)
      var inputIDs: [Int] = []
      var pendingEdges: [(from: Int, operand: Int, gradient: Tensor?)] = []
      for (operand, input) in node.inputs.enumerated() {
        if let inputNode = input.node, let id = ids[ObjectIdentifier(inputNode)] {
          inputIDs.append(id)
          pendingEdges.append((id, operand, edgeGradients[EdgeKey(node: key, operand: operand)]))
        } else {
          // A constant operand: a node of its own, just before its consumer.
          let value = input.detached()
          let id = nodes.count
          nodes.append(
            Node(
              id: id, kind: .constant, op: "constant", label: Self.format(value), value: value,
              gradient: nil, inputs: []))
          inputIDs.append(id)
          pendingEdges.append((id, operand, nil))
        }
      }
      let id = nodes.count
      ids[key] = id
      let value =
        node.output.map { Tensor(storage: $0, shape: node.shape) }
        ?? leafValues[key] ?? Tensor(repeating: .nan, shape: node.shape)
      let label =
        node.isLeaf ? (leafNames[key] ?? "leaf") : (Self.symbols[node.op] ?? node.op)
      nodes.append(
        Node(
          id: id, kind: node.isLeaf ? .leaf : .op, op: node.op, label: label, value: value,
          gradient: nodeGradients[key], inputs: inputIDs))
      for pending in pendingEdges {
        edges.append(
          Edge(from: pending.from, to: id, operand: pending.operand, gradient: pending.gradient))
      }
    }
    self.nodes = nodes
    self.edges = edges
  }

  private struct EdgeKey: Hashable {
    var node: ObjectIdentifier
    var operand: Int
  }

  /// Every node's gradient and every edge's share, by the same walk as `backward()` (reverse
  /// topological order, each node's upstream gradient summed over its consumers and used once
  /// for all of its inputs) with nothing recorded and nothing discarded.
  private static func reversePass(
    _ root: GradNode
  ) -> ([ObjectIdentifier: Tensor], [EdgeKey: Tensor]) {
    withoutGradients {
      let seed = Tensor(repeating: 1, shape: root.shape, dtype: root.output?.dtype ?? .float32)
      var upstream: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
      var shares: [EdgeKey: Tensor] = [:]
      for node in Tensor.reverseTopologicalOrder(from: root) {
        let key = ObjectIdentifier(node)
        guard let gradient = upstream[key], let rule = node.rule, let output = node.output
        else { continue }
        let outputTensor = Tensor(storage: output, shape: node.shape, node: node)
        let inputs = node.inputs
        let inputGradients = rule(gradient, inputs, outputTensor)
        for (operand, (input, inputGradient)) in zip(inputs, inputGradients).enumerated() {
          guard let inputNode = input.node, let inputGradient else { continue }
          let g = inputGradient.fitted(to: input)
          shares[EdgeKey(node: key, operand: operand)] = g
          let inputKey = ObjectIdentifier(inputNode)
          upstream[inputKey] = upstream[inputKey].map { $0 + g } ?? g
        }
      }
      return (upstream, shares)
    }
  }

  /// Symbols for the arithmetic ops; other ops are labelled by name.
  private static let symbols = [
    "add": "+", "subtract": "−", "multiply": "×", "divide": "÷", "pow": "^", "negate": "−(·)",
    "square": "(·)²",
  ]

  /// A tensor for a label: a scalar's value to 6 significant digits (`5.6`, `-0.416147`,
  /// `1.5e-07`); up to four elements of a larger tensor, with its shape (`[3] 1, 2, 3`).
  public static func format(_ tensor: Tensor) -> String {
    let values = tensor.scalars
    if tensor.count == 1 { return format(values[0]) }
    let shown = values.prefix(4).map(format).joined(separator: ", ")
    return "\(tensor.shape) " + shown + (values.count > 4 ? ", …" : "")
  }

  /// A number to 6 significant digits, without trailing zeros.
  public static func format(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
    if value == value.rounded(), Swift.abs(value) < 1e6 { return String(Int64(value)) }
    return String(format: "%.6g", value)
  }
}

extension ComputationGraph {
  /// Writes the graph to `path` atomically, as Graphviz DOT when the name ends in `.dot`
  /// (``dot``) or as SVG when it ends in `.svg` (``svgDocument(title:)``).
  /// - Throws: ``ChartError/unsupportedExtension(path:supported:)`` for another extension;
  ///   ``ChartError/cannotWrite(path:reason:)``.
  public func write(toFile path: String, title: String? = nil) throws {
    switch URL(fileURLWithPath: path).pathExtension.lowercased() {
    case "dot", "gv": try writeFileAtomically(dot, toFile: path)
    case "svg": try svgDocument(title: title).write(toFile: path)
    default: throw ChartError.unsupportedExtension(path: path, supported: ["dot", "svg"])
    }
  }
}
