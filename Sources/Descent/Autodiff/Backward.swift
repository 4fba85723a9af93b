extension Tensor {
  /// Reverse-mode automatic differentiation: computes the gradient of this scalar with
  /// respect to every leaf that requires gradients and adds it into the leaf's ``grad``.
  ///
  /// The graph is walked once in reverse topological order. Each node's upstream gradient is
  /// the sum over its consumers (a tensor used twice gets both contributions) and is computed
  /// once, then reused for all of that node's inputs: the chain rule,
  /// ∂L/∂x = Σ_consumers ∂L/∂y · ∂y/∂x. A gradient that reaches a broadcast operand is summed
  /// back to the operand's shape.
  ///
  /// The graph is kept, so a second call adds the same gradients again (as PyTorch does with
  /// `retain_graph=True`); call ``zeroGrad()`` (or an optimizer's `zeroGrad`) in between.
  ///
  /// - Parameter createGraph: record the backward computation itself, so the gradients can
  ///   be differentiated again (higher-order derivatives). Default false.
  /// - Precondition: this tensor has one element (a loss), and requires gradients.
  public func backward(createGraph: Bool = false) {
    precondition(
      count == 1,
      "backward(): the output has shape \(shape), not a single element; reduce it to a "
        + "scalar first, e.g. with .sum() or .mean()")
    guard let root = node else {
      preconditionFailure(
        "backward(): this tensor does not require gradients; set requiresGrad = true on the "
          + "leaves to differentiate, and compute the loss from them outside withoutGradients")
    }
    let seed = Tensor(repeating: 1, shape: shape, dtype: dtype)
    if createGraph {
      GradientMode.$isRecording.withValue(true) { Self.propagate(from: root, seed: seed) }
    } else {
      withoutGradients { Self.propagate(from: root, seed: seed) }
    }
  }

  /// Nodes reachable from `root`, each after all of its consumers (reverse topological order).
  static func reverseTopologicalOrder(from root: GradNode) -> [GradNode] {
    var order: [GradNode] = []
    var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    // Iterative depth-first search: (node, index of the next input to visit).
    var stack: [(GradNode, Int)] = [(root, 0)]
    while let (node, next) = stack.last {
      if next < node.inputs.count {
        stack[stack.count - 1].1 = next + 1
        if let child = node.inputs[next].node, visited.insert(ObjectIdentifier(child)).inserted {
          stack.append((child, 0))
        }
      } else {
        order.append(node)
        stack.removeLast()
      }
    }
    return order.reversed()
  }

  private static func propagate(from root: GradNode, seed: Tensor) {
    var upstream: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
    for node in reverseTopologicalOrder(from: root) {
      guard let gradient = upstream.removeValue(forKey: ObjectIdentifier(node)) else {
        continue
      }
      guard let rule = node.rule, let output = node.output else {
        node.grad = node.grad.map { $0 + gradient } ?? gradient
        continue
      }
      let outputTensor = Tensor(storage: output, shape: node.shape, node: node)
      let inputGradients = rule(gradient, node.inputs, outputTensor)
      for (input, inputGradient) in zip(node.inputs, inputGradients) {
        guard let inputNode = input.node, var g = inputGradient else { continue }
        if g.shape != input.shape { g = g.sumToShape(input.shape) }
        if g.dtype != input.dtype { g = g.converted(to: input.dtype) }
        let key = ObjectIdentifier(inputNode)
        upstream[key] = upstream[key].map { $0 + g } ?? g
      }
    }
  }
}
