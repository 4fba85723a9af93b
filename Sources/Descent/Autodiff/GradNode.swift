/// How an op's upstream gradient flows back to its inputs.
///
/// Given the gradient of the final scalar with respect to the op's output (`upstream`, in the
/// output's shape), the op's `inputs` as they were when it ran and its `output`, a rule returns
/// one gradient per input (nil where an input gets none). Rules are written with tensor ops, so
/// a backward pass that records (`createGraph: true`) can itself be differentiated. A gradient
/// may come back in the broadcast output shape: the engine sums it to the input's shape.
typealias DerivativeRule =
  @Sendable (_ upstream: Tensor, _ inputs: [Tensor], _ output: Tensor) -> [Tensor?]

/// How a change of an op's inputs moves its output: forward mode's rule, the op's Jacobian
/// applied to the inputs' tangents (a JVP).
///
/// Given one tangent per input (in that input's shape; nil where the input has none, meaning
/// zero), the `inputs` and the `output`, a rule returns the output's tangent (nil for zero).
/// Rules are written with tensor ops, like ``DerivativeRule``s, so a tangent can be
/// differentiated again. A tangent may come back in a shape that broadcasts to the output's:
/// the engine expands it.
typealias ForwardRule =
  @Sendable (_ tangents: [Tensor?], _ inputs: [Tensor], _ output: Tensor) -> Tensor?

/// An elementwise op whose derivatives the backward pass computes directly, without calling
/// the node's ``DerivativeRule`` (no closure call, no array of gradients): the same formulas,
/// ``UnaryOp/backward(_:_:_:)`` and ``BinaryOp/separateDerivative(operand:_:_:_:_:)``.
enum ElementwiseRule: Sendable {
  case unary(UnaryOp)
  /// A binary op with ``BinaryOp/hasSeparateDerivatives``.
  case binary(BinaryOp)
}

/// A node of the computation graph: a leaf that accumulates a gradient, or the record of one
/// op (its inputs and its derivative rule).
///
/// Nodes point only at their inputs, never at the tensors computed from them, so a graph is
/// freed as soon as the last tensor that reaches it goes away.
final class GradNode: @unchecked Sendable {
  // Mutable state (`grad`) is touched only by `backward()` and optimizers, which are not
  // meant to run concurrently on one graph.

  /// The op's name, for messages.
  let op: String
  /// The first of the op's inputs when it has one or two (held inline, so that recording an
  /// elementwise op allocates no array); nil otherwise. A `var` only so that `deinit` can
  /// take its node.
  @exclusivity(unchecked) private var firstInput: Tensor?
  /// The second input of an op with two; nil otherwise.
  @exclusivity(unchecked) private var secondInput: Tensor?
  /// All the inputs of an op with more than two; empty otherwise.
  @exclusivity(unchecked) private var otherInputs: [Tensor]
  /// The number of inputs: 0 for a leaf.
  let inputCount: Int
  /// For an op between a tensor and a Swift number: the number, held as a value, and whether
  /// it is the first operand; the number's tensor is made only when ``inputs`` or
  /// ``input(_:)`` asks for it.
  let scalarOperand: (value: Double, isFirst: Bool)?
  /// The op's derivative rule; nil for a leaf.
  let rule: DerivativeRule?
  /// The same derivatives for the backward pass to compute directly, for elementwise ops
  /// (see ``ElementwiseRule``); nil for others.
  let elementwise: ElementwiseRule?
  /// The op's output value (no node attached), for rules that use it.
  let output: TensorStorage?
  /// The shape of the tensor this node belongs to.
  let shape: [Int]
  /// The accumulated gradient of a leaf.
  @exclusivity(unchecked) var grad: Tensor?
  /// The tangents of this node's value, one per forward-mode scope that reached it (see
  /// ForwardMode.swift); nil outside forward mode. A constant, so that the check ordinary
  /// execution makes is a load and a nil test.
  let forwardTangents: ForwardTangents?
  /// Scratch of ``Tensor/backward(createGraph:)``: set while a pass has found this node and
  /// cleared before the pass ends, so no set of visited nodes need be hashed.
  @exclusivity(unchecked) var isVisited = false
  /// Scratch of ``Tensor/backward(createGraph:)``: the upstream gradient summed so far over
  /// this node's consumers; nil outside a pass.
  @exclusivity(unchecked) var pendingGradient: Tensor?

  /// A leaf node, with `tangents` when it seeds forward mode.
  init(leafShape shape: [Int], tangents: [ForwardTangent] = []) {
    op = "leaf"
    otherInputs = []
    inputCount = 0
    scalarOperand = nil
    rule = nil
    elementwise = nil
    output = nil
    self.shape = shape
    forwardTangents = tangents.isEmpty ? nil : ForwardTangents(tangents)
  }

  /// The node of an op's result, with the output's `tangents` in forward mode.
  init(
    op: String, inputs: [Tensor], output: TensorStorage, shape: [Int],
    rule: @escaping DerivativeRule, elementwise: ElementwiseRule? = nil,
    tangents: [ForwardTangent] = []
  ) {
    self.op = op
    inputCount = inputs.count
    scalarOperand = nil
    if inputs.count <= 2 {
      firstInput = inputs.first
      secondInput = inputs.count == 2 ? inputs[1] : nil
      otherInputs = []
    } else {
      otherInputs = inputs
    }
    self.rule = rule
    self.elementwise = elementwise
    self.output = output
    self.shape = shape
    forwardTangents = tangents.isEmpty ? nil : ForwardTangents(tangents)
  }

  /// The node of an elementwise op's result on `a` (and `b`), outside forward mode: the
  /// inputs held inline, no array.
  init(
    op: String, input a: Tensor, _ b: Tensor?, output: TensorStorage, shape: [Int],
    rule: @escaping DerivativeRule, elementwise: ElementwiseRule
  ) {
    self.op = op
    firstInput = a
    secondInput = b
    otherInputs = []
    inputCount = b == nil ? 1 : 2
    scalarOperand = nil
    self.rule = rule
    self.elementwise = elementwise
    self.output = output
    self.shape = shape
    forwardTangents = nil
  }

  /// The node of an op between `a` and the number `scalar` (`scalar op a` when
  /// `scalarFirst`), outside forward mode.
  init(
    op: String, input a: Tensor, scalar: Double, scalarFirst: Bool, output: TensorStorage,
    shape: [Int], rule: @escaping DerivativeRule, elementwise: ElementwiseRule
  ) {
    self.op = op
    firstInput = a
    secondInput = nil
    otherInputs = []
    inputCount = 2
    scalarOperand = (scalar, scalarFirst)
    self.rule = rule
    self.elementwise = elementwise
    self.output = output
    self.shape = shape
    forwardTangents = nil
  }

  /// The op's inputs, in argument order (empty for a leaf).
  var inputs: [Tensor] {
    switch inputCount {
    case 0: []
    case 1: [firstInput!]
    case 2: [input(0), input(1)]
    default: otherInputs
    }
  }

  /// Input `index` of the op.
  /// - Precondition: `index < inputCount`.
  @inline(__always)
  func input(_ index: Int) -> Tensor {
    if inputCount > 2 { return otherInputs[index] }
    if let (value, isFirst) = scalarOperand {
      let tensor = firstInput!
      return (index == 0) == isFirst ? tensor.scalarLike(value) : tensor
    }
    return index == 0 ? firstInput! : secondInput!
  }

  /// The node of input `index`, nil when it has none.
  @inline(__always)
  func inputNode(_ index: Int) -> GradNode? {
    if inputCount > 2 { return otherInputs[index].node }
    if let (_, isFirst) = scalarOperand {
      return (index == 0) == isFirst ? nil : firstInput?.node
    }
    return index == 0 ? firstInput?.node : secondInput?.node
  }

  /// The tangents of this node's value (see ``forwardTangents``); empty outside forward mode.
  var tangents: [ForwardTangent] { forwardTangents?.entries ?? [] }

  var isLeaf: Bool { rule == nil }

  /// Frees the graph behind this node iteratively. Left to Swift, releasing a chain of nodes
  /// recurses once per node, and a graph 100 000 ops deep (a loss accumulated over a long
  /// loop) overflows the stack; here each node this one owns alone is taken out of the tensor
  /// that holds it and its own inputs' nodes taken in turn, so every node is freed with
  /// nothing left to release but values.
  deinit {
    var pending: [GradNode] = []
    takeOwnedNodes(into: &pending)
    while let node = pending.popLast() {
      node.takeOwnedNodes(into: &pending)
    }
  }

  /// Moves into `pending` the nodes of this node's inputs (and gradients and tangents) that
  /// nothing else references, leaving those tensors without a node.
  private func takeOwnedNodes(into pending: inout [GradNode]) {
    if var node = firstInput?.node {
      firstInput?.node = nil
      if isKnownUniquelyReferenced(&node) { pending.append(node) }
    }
    if var node = secondInput?.node {
      secondInput?.node = nil
      if isKnownUniquelyReferenced(&node) { pending.append(node) }
    }
    for i in otherInputs.indices {
      if var node = otherInputs[i].node {
        otherInputs[i].node = nil
        if isKnownUniquelyReferenced(&node) { pending.append(node) }
      }
    }
    if var node = grad?.node {
      grad = nil
      if isKnownUniquelyReferenced(&node) { pending.append(node) }
    }
    if var node = pendingGradient?.node {
      pendingGradient = nil
      if isKnownUniquelyReferenced(&node) { pending.append(node) }
    }
    if let forwardTangents {
      var tangents = forwardTangents.takeValues()
      for i in tangents.indices {
        if var node = tangents[i].node {
          tangents[i].node = nil
          if isKnownUniquelyReferenced(&node) { pending.append(node) }
        }
      }
    }
  }
}

/// Whether ops record the computation graph. On by default; see ``withoutGradients(_:)``.
enum GradientMode {
  @TaskLocal static var isRecording = true
}

/// Runs `body` without recording the computation graph: tensors computed inside have no
/// gradient history and carry no forward-mode tangent, as in PyTorch's `torch.no_grad()`. Use
/// it for evaluation, for optimizer updates, and wherever gradients are not wanted. Nests;
/// applies to the current task or thread.
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
  try GradientMode.$isRecording.withValue(false, operation: body)
}

/// Whether ops are currently recording the computation graph.
public var isRecordingGradients: Bool { GradientMode.isRecording }

extension Tensor {
  /// Wraps a freshly computed `storage` as the result of `op`, recording a graph node when
  /// recording is on and any input carries one.
  ///
  /// - Parameters:
  ///   - rule: the reverse-mode rule (upstream gradient → one gradient per input).
  ///   - elementwise: the same derivatives for the backward pass to compute directly, for
  ///     elementwise ops.
  ///   - forward: the forward-mode rule (input tangents → output tangent). Evaluated only when
  ///     an input carries a tangent of an active forward-mode scope (inside ``jvp(of:at:along:)``
  ///     and the functions built on it); an op without one traps there, naming itself, rather
  ///     than pass a zero tangent. An autoclosure, so ordinary execution never builds it.
  @inline(__always)
  static func result(
    _ storage: TensorStorage, shape: [Int], op: String, inputs: [Tensor],
    rule: @escaping DerivativeRule, elementwise: ElementwiseRule? = nil,
    forward: @autoclosure () -> ForwardRule? = nil
  ) -> Tensor {
    var tracked = false
    for input in inputs where input.node != nil {
      tracked = true
      break
    }
    guard tracked, GradientMode.isRecording else {
      return Tensor(storage: storage, shape: shape)
    }
    for input in inputs where input.node?.forwardTangents != nil {
      return forwardResult(
        storage, shape: shape, op: op, inputs: inputs, rule: rule, forward: forward)
    }
    let node = GradNode(
      op: op, inputs: inputs, output: storage, shape: shape, rule: rule, elementwise: elementwise)
    return Tensor(storage: storage, shape: shape, node: node)
  }

  /// ``result(_:shape:op:inputs:rule:elementwise:forward:)`` for an elementwise op of one
  /// input `a` or two (`a`, `b`), recorded without an array of inputs.
  @inline(__always)
  static func result(
    _ storage: TensorStorage, shape: [Int], op: String, input a: Tensor, _ b: Tensor?,
    rule: @escaping DerivativeRule, elementwise: ElementwiseRule,
    forward: @autoclosure () -> ForwardRule?
  ) -> Tensor {
    guard a.node != nil || b?.node != nil, GradientMode.isRecording else {
      return Tensor(storage: storage, shape: shape)
    }
    if a.node?.forwardTangents != nil || b?.node?.forwardTangents != nil {
      return forwardResult(
        storage, shape: shape, op: op, inputs: b.map { [a, $0] } ?? [a], rule: rule,
        forward: forward)
    }
    let node = GradNode(
      op: op, input: a, b, output: storage, shape: shape, rule: rule, elementwise: elementwise)
    return Tensor(storage: storage, shape: shape, node: node)
  }

  /// Whether gradients flow to this tensor: true for leaves marked so and for results of
  /// recorded ops on them. Setting it to true makes this tensor a leaf with no history (as
  /// PyTorch's `detach().requires_grad_()`); setting it to false drops its history.
  public var requiresGrad: Bool {
    get { node != nil }
    set {
      if newValue {
        if node?.isLeaf != true { node = GradNode(leafShape: shape) }
      } else {
        node = nil
      }
    }
  }

  /// Whether this tensor is a leaf of the graph: it requires gradients and no recorded op
  /// made it.
  public var isLeaf: Bool { node?.isLeaf ?? true }

  /// The gradient accumulated by ``backward(createGraph:)``, shape equal to ``shape``; nil
  /// before any backward pass reached this tensor, after ``zeroGrad()``, and for non-leaves.
  public var grad: Tensor? { node?.grad }

  /// Clears this leaf's accumulated gradient (sets ``grad`` to nil).
  public func zeroGrad() {
    node?.grad = nil
  }

  /// The same values with no gradient history: gradients do not flow through the result, nor
  /// do forward-mode tangents (JAX's `stop_gradient`).
  public func detached() -> Tensor {
    Tensor(storage: storage, shape: shape)
  }

  /// Replaces the values of this tensor, keeping its identity as a leaf (and so its
  /// accumulated gradient). For optimizers and loading parameters.
  /// - Precondition: `newValue` has this tensor's shape.
  mutating func assign(_ newValue: Tensor) {
    precondition(
      newValue.shape == shape, "assign: new value of shape \(newValue.shape) for shape \(shape)")
    storage = newValue.storage.converted(to: dtype)
  }
}
