import Foundation

// Forward-mode automatic differentiation (tangent propagation).
//
// Inside a forward-mode scope, every op whose inputs carry a tangent of that scope also
// computes its output's tangent with its forward rule (`ForwardRule`, given to
// `Tensor.result` beside the reverse rule), in the same pass as the value. Tangents live in the
// graph node of the tensor they belong to (`GradNode.tangents`), so a `Tensor` is no larger
// and ordinary execution only checks that an input's list of tangents is empty.
//
// Each scope tags the tangents it seeds, so nested scopes (a jvp inside a jvp) do not mix
// their perturbations; a tangent of scope i is computed with only the scopes outside it
// active, so it carries their tangents too (nesting composes) and never its own (which would
// recurse). Tangents are computed with recorded tensor ops, so reverse mode can differentiate
// them, and a backward pass run inside a scope carries tangents (forward-over-reverse).
//
// Source: A. Griewank and A. Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, ch. 3
// (tangent mode); J. M. Siskind and B. A. Pearlmutter, "Perturbation confusion and referential
// transparency", IFL 2005 (tagging nested perturbations).

/// One forward-mode pass: the tag of the tangents it seeds.
final class ForwardScope: @unchecked Sendable {
  // `missing` is guarded by `lock`: child tasks inherit the task-local scopes.

  /// Whether an op without a forward rule is noted (see ``opsWithoutForwardRule``) instead of
  /// trapping; its output then carries no tangent of this scope. For ``gradientCheck``.
  let recordsMissingRules: Bool
  private let lock = NSLock()
  private var missing: [String] = []

  init(recordsMissingRules: Bool = false) {
    self.recordsMissingRules = recordsMissingRules
  }

  /// The names of the ops without a forward rule that this scope reached, each once.
  var opsWithoutForwardRule: [String] {
    lock.withLock { missing }
  }

  func noteMissingRule(_ op: String) {
    lock.withLock {
      if !missing.contains(op) { missing.append(op) }
    }
  }
}

/// A tangent of a node's value in one forward-mode scope.
struct ForwardTangent: Sendable {
  let scope: ForwardScope
  let value: Tensor
}

/// The tangents of one node, boxed so that a node outside forward mode holds just nil.
final class ForwardTangents: @unchecked Sendable {
  // Written only at creation and by the owning node's `deinit`.
  private(set) var entries: [ForwardTangent]

  init(_ entries: [ForwardTangent]) {
    self.entries = entries
  }

  /// Empties the box, returning the tangent tensors (for freeing a graph iteratively).
  func takeValues() -> [Tensor] {
    defer { entries = [] }
    return entries.map(\.value)
  }
}

/// The forward-mode scopes in effect, outermost first.
enum ForwardMode {
  @TaskLocal static var scopes: [ForwardScope] = []

  /// Runs `body` inside a new forward-mode scope, with recording on (tangents ride on graph
  /// nodes).
  static func withScope<R>(_ scope: ForwardScope, _ body: () throws -> R) rethrows -> R {
    try GradientMode.$isRecording.withValue(true) {
      try $scopes.withValue(scopes + [scope], operation: body)
    }
  }
}

/// The forward rule of an elementwise op, derived from its reverse `rule`: when every
/// operand has the output's shape and output i depends only on element i of each operand, the
/// Jacobian with respect to each operand k is diagonal, D_k, so D_k·t = D_kᵀ·t = `rule(t)[k]`
/// and the output's tangent is Σ_k rule(t_k)[k]. The rule must be linear in its upstream
/// gradient and must not mix elements (no broadcasting between operands).
func diagonalForwardRule(from rule: @escaping DerivativeRule) -> ForwardRule {
  { tangents, inputs, output in
    var total: Tensor?
    for (k, tangent) in tangents.enumerated() {
      guard let tangent, let term = rule(tangent, inputs, output)[k] else { continue }
      total = total.map { $0 + term } ?? term
    }
    return total
  }
}

extension Tensor {
  /// This tensor's tangent in `scope`, or nil (zero).
  func tangent(in scope: ForwardScope) -> Tensor? {
    node?.forwardTangents?.entries.first { $0.scope === scope }?.value
  }

  /// The result of an op some of whose inputs carry tangents: a node as ``result(_:shape:op:
  /// inputs:rule:forward:)`` records, holding the output's tangent in every active scope that
  /// reaches it. Kept out of line so that ordinary execution does not carry its code.
  @inline(never)
  static func forwardResult(
    _ storage: TensorStorage, shape: [Int], op: String, inputs: [Tensor],
    rule: @escaping DerivativeRule, forward: () -> ForwardRule?
  ) -> Tensor {
    let active = ForwardMode.scopes
    var tangents: [ForwardTangent] = []
    var forwardRule: ForwardRule??
    for (level, scope) in active.enumerated() {
      let inputTangents = inputs.map { $0.tangent(in: scope) }
      guard inputTangents.contains(where: { $0 != nil }) else { continue }
      if forwardRule == nil { forwardRule = .some(forward()) }
      guard let tangentRule = forwardRule ?? nil else {
        if scope.recordsMissingRules {
          scope.noteMissingRule(op)
          continue
        }
        preconditionFailure(
          "forward mode (jvp): op '\(op)' has no forward-mode rule, so the tangent of its "
            + "output (shape \(shape)) is unknown; give the op a `forward:` rule in "
            + "Tensor.result, or differentiate in reverse mode")
      }
      // The output as the rule sees it: a node of its own that holds the tangents of the
      // enclosing scopes found so far but not this scope's, so that no tangent refers back
      // to the node that holds it (no reference cycle).
      let valueNode = GradNode(
        op: op, inputs: inputs, output: storage, shape: shape, rule: rule, tangents: tangents)
      let output = Tensor(storage: storage, shape: shape, node: valueNode)
      let tangent = ForwardMode.$scopes.withValue(Array(active[..<level])) { () -> Tensor? in
        guard var t = tangentRule(inputTangents, inputs, output) else { return nil }
        precondition(
          Broadcasting.shape(t.shape, shape) == shape,
          "forward mode (jvp): op '\(op)' returned a tangent of shape \(t.shape) for its "
            + "output of shape \(shape)")
        if t.dtype != output.dtype { t = t.converted(to: output.dtype) }
        if t.shape != shape { t = t.expanded(to: shape) }
        return t
      }
      if let tangent { tangents.append(ForwardTangent(scope: scope, value: tangent)) }
    }
    let node = GradNode(
      op: op, inputs: inputs, output: storage, shape: shape, rule: rule, tangents: tangents)
    return Tensor(storage: storage, shape: shape, node: node)
  }

  /// The same value with a node of its own, for differentiating with respect to it: a new leaf
  /// when this tensor has no graph, else an identity op on it (so its graph and its tangents
  /// of enclosing forward-mode scopes carry through). Call with recording on.
  func differentiationInput() -> Tensor {
    guard node != nil else {
      var leaf = self
      leaf.node = GradNode(leafShape: shape)
      return leaf
    }
    return .result(
      storage, shape: shape, op: "input", inputs: [self], rule: { g, _, _ in [g] },
      forward: { tangents, _, _ in tangents[0] })
  }

  /// This tensor (fresh from ``differentiationInput()``) with `tangent` in `scope` too.
  func seeded(with tangent: Tensor, in scope: ForwardScope) -> Tensor {
    guard let node else { preconditionFailure("seeded(with:in:): a tensor without a node") }
    let tangents = node.tangents + [ForwardTangent(scope: scope, value: tangent)]
    guard let rule = node.rule, let output = node.output else {
      return Tensor(
        storage: storage, shape: shape, node: GradNode(leafShape: shape, tangents: tangents))
    }
    let seeded = GradNode(
      op: node.op, inputs: node.inputs, output: output, shape: shape, rule: rule,
      tangents: tangents)
    return Tensor(storage: storage, shape: shape, node: seeded)
  }

  /// Whether this tensor's graph, followed no further than the nodes of `inputs`, reaches a
  /// leaf other than theirs: whether it depends on something a caller may differentiate with
  /// respect to (a parameter, or the input of an enclosing differentiation).
  func dependsOnOtherLeaves(than inputs: [Tensor]) -> Bool {
    guard let root = node else { return false }
    let stops = Set(inputs.compactMap { $0.node.map(ObjectIdentifier.init) })
    var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    var pending = [root]
    while let current = pending.popLast() {
      if stops.contains(ObjectIdentifier(current)) { continue }
      if current.isLeaf { return true }
      for input in current.inputs {
        guard let child = input.node, visited.insert(ObjectIdentifier(child)).inserted else {
          continue
        }
        pending.append(child)
      }
      for tangent in current.tangents {
        guard let child = tangent.value.node, visited.insert(ObjectIdentifier(child)).inserted
        else { continue }
        pending.append(child)
      }
    }
    return false
  }
}

// MARK: - Public API

/// The value of `f` at `x` and its directional change along `v`: forward mode's
/// Jacobian-vector product, computed in one pass through `f`.
///
///     (y, ẏ) = (f(x), J_f(x) · v),   J_f(x)[i, j] = ∂f(x)[i] / ∂x[j]
///
/// Every op pushes the tangent through its own forward rule in the same pass as its value, so
/// the cost is a small multiple of evaluating `f`, whatever the sizes; one pass gives one
/// column of the Jacobian (for a whole row, use ``vjp(of:at:)``). Conventions at kinks are those
/// of reverse mode (relu′(0) = 0, abs′(0) = 0, ties of maximum/minimum and max/min reductions
/// split evenly), so ⟨u, J v⟩ = ⟨Jᵀu, v⟩ holds between the two modes.
///
///     let (y, dy) = jvp(of: { $0.sin() }, at: Tensor([0.0], dtype: .float64),
///                       along: Tensor([1.0], dtype: .float64))   // y = [0], dy = [1]
///
/// The value and the tangent are plain tensors, unless `x`, `v` or a tensor `f` captures
/// carries a graph (requires gradients, or is the input of an enclosing `jvp`, `gradient` …):
/// then they are recorded and can be differentiated again (nesting composes).
/// - Parameters:
///   - f: the function; called once.
///   - x: the point.
///   - v: the tangent (direction), of `x`'s shape; converted to `x`'s dtype.
/// - Returns: `f(x)` and its tangent, of `f(x)`'s shape and dtype (zeros if `f(x)` does not
///   depend on `x`).
/// - Precondition: `v.shape == x.shape`; every op `f` applies to `x` has a forward rule (all of
///   Descent's do; an op without one traps, naming itself).
///
/// Source: Griewank and Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, §3.1.
public func jvp(
  of f: (Tensor) -> Tensor, at x: Tensor, along v: Tensor
) -> (value: Tensor, tangent: Tensor) {
  precondition(
    x.shape == v.shape,
    "jvp(of:at:along:): primal shape \(x.shape) and tangent shape \(v.shape) differ")
  return jvp(of: { f($0[0]) }, at: [x], along: [v])
}

/// The value of `f` at `xs` and its directional change when each `xs[k]` moves along
/// `vs[k]`: the Jacobian-vector product of a function of several tensors,
///
///     (y, ẏ) = (f(xs), Σ_k J_k · vs[k]),   J_k = ∂f/∂xs[k]
///
/// See ``jvp(of:at:along:)`` for the cost, the conventions and when the results
/// are differentiable.
/// - Precondition: `xs.count == vs.count` and `vs[k].shape == xs[k].shape` for every k.
public func jvp(
  of f: ([Tensor]) -> Tensor, at xs: [Tensor], along vs: [Tensor]
) -> (value: Tensor, tangent: Tensor) {
  precondition(
    xs.count == vs.count,
    "jvp(of:at:along:): \(xs.count) primals but \(vs.count) tangents")
  for (k, (x, v)) in zip(xs, vs).enumerated() {
    precondition(
      x.shape == v.shape,
      "jvp(of:at:along:): input \(k): primal shape \(x.shape) and tangent shape \(v.shape) "
        + "differ")
  }
  let scope = ForwardScope()
  return ForwardMode.withScope(scope) {
    let inputs = zip(xs, vs).map { x, v in
      x.differentiationInput().seeded(with: v.converted(to: x.dtype), in: scope)
    }
    let y = f(inputs)
    let tangent = y.tangent(in: scope) ?? Tensor.zeros(shape: y.shape, dtype: y.dtype)
    let keepsGraph =
      xs.contains { $0.node != nil } || vs.contains { $0.node != nil }
      || y.dependsOnOtherLeaves(than: inputs) || tangent.dependsOnOtherLeaves(than: inputs)
    return keepsGraph ? (y, tangent) : (y.detached(), tangent.detached())
  }
}
