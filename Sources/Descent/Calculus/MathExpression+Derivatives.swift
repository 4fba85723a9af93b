// The derivatives of an expression at a point, in float64. Each function here is the one place
// that chooses how a quantity is computed: the gradient by one reverse pass (`backward`), the
// directional derivative by one forward-mode pass (`jvp`), the Hessian by the library's
// `hessian(of:at:)`.
//
// Callers check first that every variable of the expression is among `variables` (a missing
// one would read as NaN here).

extension MathExpression {
  /// One float64 scalar leaf per value, requiring gradients.
  static func leaves(_ point: [Double]) -> [Tensor] {
    point.map { value in
      var leaf = Tensor(scalar: value, dtype: .float64)
      leaf.requiresGrad = true
      return leaf
    }
  }

  /// The expression on `tensors`, the i-th standing for `variables[i]`.
  func tensor(_ variables: [String], _ tensors: [Tensor]) -> Tensor {
    tensor(dtype: .float64) { name in
      variables.firstIndex(of: name).map { tensors[$0] } ?? Tensor(scalar: .nan, dtype: .float64)
    }
  }

  /// f at `point`, with no graph recorded.
  /// - Precondition: `point.count == variables.count`.
  func value(variables: [String], at point: [Double]) -> Double {
    precondition(point.count == variables.count, "value: \(point.count) values for \(variables)")
    let tensors = point.map { Tensor(scalar: $0, dtype: .float64) }
    return withoutGradients { tensor(variables, tensors).item }
  }

  /// f and ∇f at `point` by one reverse pass (`backward()`); the gradient is 0 for a variable
  /// the expression does not use.
  /// - Precondition: `point.count == variables.count`.
  func valueAndGradient(
    variables: [String], at point: [Double]
  ) -> (value: Double, gradient: [Double]) {
    precondition(
      point.count == variables.count, "valueAndGradient: \(point.count) values for \(variables)")
    let leaves = Self.leaves(point)
    let output = GradientMode.$isRecording.withValue(true) { tensor(variables, leaves) }
    guard output.requiresGrad else {
      return (output.item, Array(repeating: 0, count: point.count))
    }
    output.backward()
    return (output.item, leaves.map { $0.grad?.item ?? 0 })
  }

  /// The expression as a function of one vector `[variables.count]` holding the variables'
  /// values in order, for the library's vector-input derivatives.
  func vectorFunction(_ variables: [String]) -> (Tensor) -> Tensor {
    { x in
      let scalars = (0..<variables.count).map { x.slice(axis: 0, $0..<($0 + 1)).reshaped([]) }
      return self.tensor(variables, scalars)
    }
  }

  /// f and ∇f at `point`, after checking that every variable of the expression has a value
  /// and that f and ∇f are finite there.
  /// - Throws: `ExpressionError.undefinedVariable`, or `.notFinite` naming the first
  ///   sub-expression whose value or derivative is not finite.
  func checkedValueAndGradient(
    variables: [String], at point: [Double]
  ) throws -> (value: Double, gradient: [Double]) {
    if let undefined = self.variables.first(where: { !variables.contains($0) }) {
      throw ExpressionError.undefinedVariable(undefined, defined: variables)
    }
    let (value, gradient) = valueAndGradient(variables: variables, at: point)
    if !value.isFinite || !gradient.allSatisfy(\.isFinite) {
      try checkFinite(variables: variables, at: point, order: 1)
      throw ExpressionError.notFinite(
        subexpression: description, order: value.isFinite ? 1 : 0,
        point: Array(zip(variables, point)), reason: nil)
    }
    return (value, gradient)
  }

  /// ∇f·u, the rate of change of f along `direction` (used as given, not normalized), by one
  /// forward-mode pass (`jvp`) that pushes the direction through the expression.
  func directionalDerivative(
    variables: [String], at point: [Double], along direction: [Double]
  ) -> Double {
    precondition(direction.count == point.count, "directionalDerivative: direction length")
    let x = Tensor(point, dtype: .float64)
    let u = Tensor(direction, dtype: .float64)
    return jvp(of: vectorFunction(variables), at: x, along: u).tangent.item
  }

  /// The Hessian ∂²f/∂xᵢ∂xⱼ at `point`, rows in variable order (`hessian(of:at:)`).
  func hessian(variables: [String], at point: [Double]) -> [[Double]] {
    precondition(point.count == variables.count, "hessian: \(point.count) values for \(variables)")
    let n = point.count
    let h = Descent.hessian(of: vectorFunction(variables), at: Tensor(point, dtype: .float64))
    let values = h.scalars
    return (0..<n).map { Array(values[($0 * n)..<(($0 + 1) * n)]) }
  }

  /// f and ∂f/∂xᵢ at many points at once: `columns[v]` holds variable `v`'s value at each
  /// point (all the same length). One evaluation on vectors and one backward pass from their
  /// sum give every point's gradient, because the expression acts elementwise.
  /// - Returns: f at each point and, per variable, ∂f/∂x at each point.
  func valuesAndGradients(
    variables: [String], at columns: [[Double]]
  ) -> (values: [Double], gradients: [[Double]]) {
    let count = columns.first?.count ?? 0
    let leaves = columns.map { column -> Tensor in
      var leaf = Tensor(column, shape: [column.count], dtype: .float64)
      leaf.requiresGrad = true
      return leaf
    }
    let output = GradientMode.$isRecording.withValue(true) {
      let y = tensor(variables, leaves)
      return y.shape == [count] ? y : y.expanded(to: [count])
    }
    let zeros = Array(repeating: 0.0, count: count)
    guard output.requiresGrad else {
      return (output.scalars, Array(repeating: zeros, count: variables.count))
    }
    output.sum().backward()
    return (output.scalars, leaves.map { $0.grad?.scalars ?? zeros })
  }

  /// f at many points at once, with no graph (see ``valuesAndGradients(variables:at:)``).
  func values(variables: [String], at columns: [[Double]]) -> [Double] {
    let count = columns.first?.count ?? 0
    let tensors = columns.map { Tensor($0, shape: [$0.count], dtype: .float64) }
    let output = withoutGradients { tensor(variables, tensors) }
    return output.shape == [count] ? output.scalars : output.expanded(to: [count]).scalars
  }
}
