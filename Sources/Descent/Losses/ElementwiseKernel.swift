/// A function of up to three numbers, generic over the element type, so that one definition
/// serves as the float32 and the float64 kernel of a loss. Operands a kernel does not use
/// read as 0.
protocol ElementwiseKernel: Sendable {
  /// The function at one element.
  func callAsFunction<T: TensorScalar>(_ x: T, _ y: T, _ z: T) -> T
}

/// Applies `kernel` elementwise to one to three tensors of one shape, in their promoted dtype,
/// and records the result as op `op` with derivative `rule` (which receives the operands in
/// that dtype). Its forward-mode rule comes from `rule` (``diagonalForwardRule(from:)``): the
/// op's Jacobian with respect to each operand is diagonal, so `rule` applied to a tangent is
/// that operand's share of the output's tangent.
/// - Precondition: 1 to 3 inputs, all of the same shape (callers check shapes first, with
///   messages naming their loss).
func elementwiseLossOp<Kernel: ElementwiseKernel>(
  _ op: String, _ inputs: [Tensor], kernel: Kernel, rule: @escaping DerivativeRule
) -> Tensor {
  precondition(
    (1...3).contains(inputs.count) && inputs.allSatisfy { $0.shape == inputs[0].shape },
    "\(op): needs 1 to 3 operands of one shape, got \(inputs.map(\.shape))")
  let dtype = inputs.dropFirst().reduce(inputs[0].dtype) { DType.promoted($0, $1.dtype) }
  let operands = inputs.map { $0.converted(to: dtype) }
  func run<T: TensorScalar>(_ arrays: [[T]]) -> [T] {
    let x = arrays[0]
    let y = arrays.count > 1 ? arrays[1] : []
    let z = arrays.count > 2 ? arrays[2] : []
    return makeArray(count: x.count) { i in
      kernel(x[i], y.isEmpty ? 0 : y[i], z.isEmpty ? 0 : z[i])
    }
  }
  let out: TensorStorage =
    switch dtype {
    case .float32: .float32(run(operands.map { $0.floats }))
    case .float64: .float64(run(operands.map { $0.scalars }))
    }
  return .result(
    out, shape: inputs[0].shape, op: op, inputs: operands, rule: rule,
    forward: diagonalForwardRule(from: rule))
}
