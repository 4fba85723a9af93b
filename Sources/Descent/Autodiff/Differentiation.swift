// Differentiation of functions of tensors: `gradient(of:at:)`, `valueWithGradient`, `vjp` and
// `jacobian`. Reverse mode runs `backward`'s graph walk from the output to fresh inputs
// (leaves' `grad` is not touched); forward mode is in ForwardMode.swift.
//
// Every function here is composable: when its input, or a tensor its function captures,
// carries a graph (requires gradients, or is the input of an enclosing differentiation), the
// derivative it returns is recorded, so it can be differentiated again (`hessian` is the
// Jacobian of `gradient`). Otherwise it returns plain tensors.

/// Which mode ``jacobian(of:at:mode:)`` uses.
public enum DifferentiationMode: Sendable, CaseIterable {
  /// Forward mode when the input has fewer elements than the output, else reverse mode.
  case automatic
  /// One Jacobian-vector product (``jvp(of:at:along:)-(_,Tensor,_)``) per input element:
  /// the Jacobian column by column.
  case forward
  /// One vector-Jacobian product (``vjp(of:at:)``'s pullback) per output element: the
  /// Jacobian row by row.
  case reverse
}

/// A trap message for a gradient of a function whose output is not a single element.
func nonScalarOutputMessage(_ function: String, _ shape: [Int]) -> String {
  "\(function): the function returned a tensor of shape \(shape), not a scalar; a gradient "
    + "needs a scalar (shape [] or one element) output. Reduce it first (e.g. with .sum() or "
    + ".mean()), or call vjp(of:at:) and give its pullback a cotangent (seed) of shape \(shape)"
}

/// Evaluates `f` at fresh copies of `xs` (see ``Tensor/differentiationInput()``) with
/// recording on. `outer` tells whether the output depends on anything a caller may
/// differentiate with respect to, in which case derivatives must be recorded.
private func record(
  _ f: ([Tensor]) -> Tensor, at xs: [Tensor]
) -> (inputs: [Tensor], output: Tensor, outer: Bool) {
  GradientMode.$isRecording.withValue(true) {
    let inputs = xs.map { $0.differentiationInput() }
    let output = f(inputs)
    let outer = xs.contains { $0.node != nil } || output.dependsOnOtherLeaves(than: inputs)
    return (inputs, output, outer)
  }
}

/// The value of a scalar function of several tensors and its gradient with respect to each,
/// by reverse mode: one evaluation of `f` and one backward pass.
///
///     gradient[k] = ∂f/∂xs[k],   of xs[k]'s shape and dtype
///
/// ``gradient(of:at:)->[Tensor]`` returns only the gradients. Inputs `f` does not use get
/// zeros.
///
///     let (loss, g) = valueWithGradient(of: { ($0[0] * $0[1]).sum() },
///                                       at: [Tensor([1, 2]), Tensor([3, 4])])
///     // loss = 11, g = [[3, 4], [1, 2]]
/// - Returns: `f(xs)` and the gradients. Both are recorded (differentiable) when an input or
///   a tensor `f` captures carries a graph; otherwise plain.
/// - Precondition: `f` returns one element (shape `[]`, `[1]`, …); for any other output the
///   trap names its shape and points at ``vjp(of:at:)``.
///
/// Source: Griewank and Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, §3.2.
public func valueWithGradient(
  of f: ([Tensor]) -> Tensor, at xs: [Tensor]
) -> (value: Tensor, gradient: [Tensor]) {
  let (inputs, y, outer) = record(f, at: xs)
  precondition(y.count == 1, nonScalarOutputMessage("gradient(of:at:)", y.shape))
  let seed = Tensor.ones(shape: y.shape, dtype: y.dtype)
  let gradients = Tensor.gradients(of: y, seed: seed, withRespectTo: inputs, createGraph: outer)
  let gradient = zip(xs, gradients).map { x, g in
    g ?? Tensor.zeros(shape: x.shape, dtype: x.dtype)
  }
  return (outer ? y : y.detached(), gradient)
}

/// The value of a scalar function of one tensor and its gradient, `∂f/∂x` of `x`'s shape and
/// dtype, by reverse mode. See ``valueWithGradient(of:at:)``.
///
///     let (y, g) = valueWithGradient(of: { ($0 * $0).sum() }, at: Tensor([3, -1]))
///     // y = 10, g = [6, -2]
/// - Precondition: `f` returns one element.
public func valueWithGradient(
  of f: (Tensor) -> Tensor, at x: Tensor
) -> (value: Tensor, gradient: Tensor) {
  let (value, gradient) = valueWithGradient(of: { f($0[0]) }, at: [x])
  return (value, gradient[0])
}

/// The gradient of a scalar function of one tensor, by reverse mode:
///
///     ∇f(x)[i] = ∂f(x)/∂x[i],   of x's shape and dtype
///
///     gradient(of: { ($0 * $0).sum() }, at: Tensor([3, -1]))   // [6, -2]
///
/// Conventions at kinks are the ops' (relu′(0) = 0, abs′(0) = 0, ties split evenly). The
/// gradient is recorded (can be differentiated again, as ``hessian(of:at:)`` does) when `x` or
/// a tensor `f` captures carries a graph.
/// - Precondition: `f` returns one element (shape `[]`, `[1]`, …); for another shape the trap
///   names it and points at ``vjp(of:at:)``, which takes a cotangent.
///
/// Source: Griewank and Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, §3.2.
public func gradient(of f: (Tensor) -> Tensor, at x: Tensor) -> Tensor {
  valueWithGradient(of: f, at: x).gradient
}

/// The gradients of a scalar function of several tensors, `∂f/∂xs[k]` for each k, in one
/// backward pass. See ``valueWithGradient(of:at:)->(_,[Tensor])``.
/// - Precondition: `f` returns one element.
public func gradient(of f: ([Tensor]) -> Tensor, at xs: [Tensor]) -> [Tensor] {
  valueWithGradient(of: f, at: xs).gradient
}

/// The value of `f` at `x` and its pullback: reverse mode's vector-Jacobian product.
///
///     pullback(u) = uᵀ J_f(x) = Σ_i u[i] ∂f(x)[i]/∂x,   u of f(x)'s shape → x's shape
///
/// `f` is evaluated once, and the graph is kept for the pullback, which may be called any
/// number of times (one backward pass each): for a function with few outputs, the cheap way
/// to whole rows of the Jacobian. ``gradient(of:at:)->Tensor`` is the pullback of 1.
///
///     let (y, pullback) = vjp(of: { $0 * $0 }, at: Tensor([3, -1]))
///     pullback(Tensor([1, 1]))   // [6, -2]
/// - Returns: `f(x)`, and the pullback. The cotangent given to it is converted to `f(x)`'s
///   dtype; it returns `x`'s dtype. Results are recorded when `x`, a tensor `f` captures or
///   the cotangent carries a graph.
/// - Precondition: the pullback's cotangent has `f(x)`'s shape (its trap names both).
///
/// Source: Griewank and Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, §3.2.
public func vjp(
  of f: (Tensor) -> Tensor, at x: Tensor
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
  let (inputs, y, outer) = record({ f($0[0]) }, at: [x])
  let input = inputs[0]
  let pullback = { (u: Tensor) -> Tensor in
    precondition(
      u.shape == y.shape,
      "vjp(of:at:) pullback: the cotangent has shape \(u.shape) but the output has shape "
        + "\(y.shape); they must be equal")
    let g = Tensor.gradients(
      of: y, seed: u, withRespectTo: [input], createGraph: outer || u.node != nil)[0]
    return g ?? Tensor.zeros(shape: x.shape, dtype: x.dtype)
  }
  return (outer ? y : y.detached(), pullback)
}

/// The Jacobian of `f` at `x`, flattened to a matrix:
///
///     J[i, j] = ∂f(x)[i] / ∂x[j],   shape [f(x).count, x.count]
///
/// with `i` and `j` the row-major (flat) indices of the output and of the input. A scalar
/// output gives one row (the gradient, flattened), a scalar input one column.
///
/// Built column by column by forward mode (one ``jvp(of:at:along:)-(_,Tensor,_)`` per input
/// element) or row by row by reverse mode (one evaluation and a pullback per output element).
/// `.automatic` takes whichever needs fewer passes: forward mode when the input has fewer
/// elements than the output. Both give the same matrix up to rounding.
///
///     jacobian(of: { $0 * $0 }, at: Tensor([3, -1]))   // [[6, 0], [0, -2]]
/// - Parameters:
///   - f: the function; any output shape.
///   - x: the point.
///   - mode: default `.automatic`; `.automatic` evaluates `f` once more to learn the output's
///     size.
/// - Returns: a tensor of the output's dtype (promoted with the input's), recorded when `x` or
///   a tensor `f` captures carries a graph.
///
/// Source: Griewank and Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, ch. 3 and §8.1.
public func jacobian(
  of f: (Tensor) -> Tensor, at x: Tensor, mode: DifferentiationMode = .automatic
) -> Tensor {
  let n = x.count
  if mode == .forward {
    return forwardJacobian(of: f, at: x)
  }
  let (y, pullback) = vjp(of: f, at: x)
  let m = y.count
  let dtype = DType.promoted(x.dtype, y.dtype)
  if mode == .automatic && n < m {
    return forwardJacobian(of: f, at: x)
  }
  if m == 0 || n == 0 { return Tensor.zeros(shape: [m, n], dtype: dtype) }
  let rows = (0..<m).map { i in
    pullback(basisVector(i, shape: y.shape, dtype: y.dtype)).reshaped([n]).converted(to: dtype)
  }
  return Tensor.stack(rows, axis: 0)
}

/// The Jacobian `[m, n]` by forward mode: one JVP per input element, each a column.
private func forwardJacobian(of f: (Tensor) -> Tensor, at x: Tensor) -> Tensor {
  let n = x.count
  var columns: [Tensor] = []
  for j in 0..<n {
    let tangent = jvp(of: f, at: x, along: basisVector(j, shape: x.shape, dtype: x.dtype)).tangent
    columns.append(tangent.reshaped([tangent.count]))
  }
  guard let first = columns.first else {
    let y = withoutGradients { f(x) }
    return Tensor.zeros(shape: [y.count, 0], dtype: DType.promoted(x.dtype, y.dtype))
  }
  let dtype = DType.promoted(x.dtype, first.dtype)
  if first.count == 0 { return Tensor.zeros(shape: [0, n], dtype: dtype) }
  return Tensor.stack(columns.map { $0.converted(to: dtype) }, axis: 1)
}

/// The tensor of `shape` that is 1 at flat index `index` and 0 elsewhere.
func basisVector(_ index: Int, shape: [Int], dtype: DType) -> Tensor {
  var values = [Double](repeating: 0, count: Shape.count(shape))
  values[index] = 1
  return Tensor(values, shape: shape, dtype: dtype)
}
