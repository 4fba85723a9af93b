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
      GradientMode.$isRecording.withValue(true) { Self.backpropagate(from: root, seed: seed) }
    } else {
      withoutGradients { Self.backpropagate(from: root, seed: seed) }
    }
  }

  /// The pass behind ``backward(createGraph:)``: the nodes reachable from `root` in reverse
  /// topological order, found by a depth-first search that marks nodes as it meets them
  /// (``GradNode/isVisited``), then each node's summed upstream gradient (held in the node,
  /// ``GradNode/pendingGradient``) pushed through its rule to its inputs, and added into the
  /// leaves' ``grad``. Every mark and pending gradient is cleared by the end, so a node
  /// carries nothing between passes. No hashing, no dictionary.
  private static func backpropagate(from root: GradNode, seed: Tensor) {
    var order: [GradNode] = []
    root.isVisited = true
    // Iterative depth-first search: (node, index of the next input to visit).
    var stack: [(node: GradNode, next: Int)] = [(root, 0)]
    while let (node, next) = stack.last {
      if next < node.inputCount {
        stack[stack.count - 1].next = next + 1
        if let child = node.inputNode(next), !child.isVisited {
          child.isVisited = true
          stack.append((child, 0))
        }
      } else {
        order.append(node)
        stack.removeLast()
      }
    }
    root.pendingGradient = seed
    for node in order.reversed() {
      node.isVisited = false
      guard let gradient = node.pendingGradient else { continue }
      node.pendingGradient = nil
      guard let rule = node.rule, let output = node.output else {
        node.grad = node.grad.map { $0 + gradient } ?? gradient
        continue
      }
      let outputTensor = Tensor(storage: output, shape: node.shape, node: node)
      switch node.elementwise {
      case .unary(let op):
        let input = node.input(0)
        if input.node != nil, let g = op.backward(gradient, input, outputTensor) {
          accumulate(g, into: input)
        }
      case .binary(let op):
        if let (value, scalarFirst) = node.scalarOperand {
          let x = node.input(scalarFirst ? 1 : 0)
          let g = op.derivative(gradient, x, scalar: value, scalarFirst: scalarFirst, outputTensor)
          accumulate(g, into: x)
          continue
        }
        let (a, b) = (node.input(0), node.input(1))
        if a.node != nil {
          accumulate(op.separateDerivative(operand: 0, gradient, a, b, outputTensor), into: a)
        }
        if b.node != nil {
          accumulate(op.separateDerivative(operand: 1, gradient, a, b, outputTensor), into: b)
        }
      case nil:
        let inputs = node.inputs
        let inputGradients = rule(gradient, inputs, outputTensor)
        for (input, inputGradient) in zip(inputs, inputGradients) {
          if input.node != nil, let g = inputGradient { accumulate(g, into: input) }
        }
      }
    }
  }

  /// Adds gradient `g` (of an op's output shape) into the pending gradient of `input`'s node,
  /// summed to the input's shape and converted to its dtype.
  @inline(__always)
  private static func accumulate(_ g: Tensor, into input: Tensor) {
    guard let inputNode = input.node else { return }
    let g = g.fitted(to: input)
    inputNode.pendingGradient = inputNode.pendingGradient.map { $0 + g } ?? g
  }

  /// Nodes reachable from `root`, each after all of its consumers (reverse topological order).
  /// The inputs of nodes in `stops` are not followed.
  static func reverseTopologicalOrder(
    from root: GradNode, stoppingAt stops: Set<ObjectIdentifier> = []
  ) -> [GradNode] {
    var order: [GradNode] = []
    var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    // Iterative depth-first search: (node, index of the next input to visit).
    var stack: [(GradNode, Int)] = [(root, 0)]
    let stopping = !stops.isEmpty
    while let (node, next) = stack.last {
      if next < node.inputCount, !stopping || !stops.contains(ObjectIdentifier(node)) {
        stack[stack.count - 1].1 = next + 1
        if let child = node.inputNode(next), visited.insert(ObjectIdentifier(child)).inserted {
          stack.append((child, 0))
        }
      } else {
        order.append(node)
        stack.removeLast()
      }
    }
    return order.reversed()
  }

  /// The gradients of Σ seed ⊙ `output` with respect to each of `targets` (nil where it does
  /// not depend on one), as PyTorch's `torch.autograd.grad`: leaves' ``grad`` is untouched,
  /// and only the part of the graph between `output` and the targets is walked. The targets
  /// must not be computed from one another (paths through a target stop there).
  /// - Parameters:
  ///   - seed: the cotangent, of `output`'s shape.
  ///   - targets: tensors with nodes that `output` may have been computed from.
  ///   - createGraph: record the backward computation (the gradients can be differentiated
  ///     again, and carry tangents inside a forward-mode scope).
  static func gradients(
    of output: Tensor, seed: Tensor, withRespectTo targets: [Tensor], createGraph: Bool
  ) -> [Tensor?] {
    guard let root = output.node else { return targets.map { _ in nil } }
    let ids = Set(targets.compactMap { $0.node.map(ObjectIdentifier.init) })
    let seed = seed.converted(to: output.dtype)
    let found =
      createGraph
      ? GradientMode.$isRecording.withValue(true) {
        propagate(from: root, seed: seed, targets: ids)
      }
      : withoutGradients { propagate(from: root, seed: seed, targets: ids) }
    return targets.map { target in target.node.flatMap { found[ObjectIdentifier($0)] } }
  }

  /// Walks the graph from `root` backwards with upstream gradient `seed`, stopping at the
  /// nodes of `targets` and returning the gradients that reach them; nodes from which no
  /// target is reachable are skipped, and no leaf's ``grad`` is touched.
  private static func propagate(
    from root: GradNode, seed: Tensor, targets: Set<ObjectIdentifier>
  ) -> [ObjectIdentifier: Tensor] {
    let order = reverseTopologicalOrder(from: root, stoppingAt: targets)
    // The nodes that lead to a target: inputs come before consumers in reverse.
    var leadsToTarget: Set<ObjectIdentifier> = []
    for node in order.reversed() {
      let id = ObjectIdentifier(node)
      let inputLeads = (0..<node.inputCount).contains { index in
        node.inputNode(index).map { leadsToTarget.contains(ObjectIdentifier($0)) } ?? false
      }
      if inputLeads || targets.contains(id) { leadsToTarget.insert(id) }
    }
    var found: [ObjectIdentifier: Tensor] = [:]
    var upstream: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
    for node in order {
      let id = ObjectIdentifier(node)
      guard let gradient = upstream.removeValue(forKey: id) else { continue }
      if targets.contains(id) {
        found[id] = gradient
        continue
      }
      // A leaf that is not a target leads to none, so every node left has a rule.
      guard leadsToTarget.contains(id), let rule = node.rule, let output = node.output else {
        continue
      }
      let outputTensor = Tensor(storage: output, shape: node.shape, node: node)
      let inputs = node.inputs
      let inputGradients = rule(gradient, inputs, outputTensor)
      for (input, inputGradient) in zip(inputs, inputGradients) {
        guard let inputNode = input.node, let g = inputGradient else { continue }
        let key = ObjectIdentifier(inputNode)
        guard leadsToTarget.contains(key) else { continue }
        let fitted = g.fitted(to: input)
        upstream[key] = upstream[key].map { $0 + fitted } ?? fitted
      }
    }
    return found
  }
}

extension Tensor {
  /// This gradient, computed in an op's output shape and dtype, summed to `input`'s shape
  /// (where the op broadcast it) and converted to its dtype.
  @inline(__always)
  func fitted(to input: Tensor) -> Tensor {
    var g = self
    if g.shape != input.shape { g = g.sumToShape(input.shape) }
    if g.dtype != input.dtype { g = g.converted(to: input.dtype) }
    return g
  }
}
