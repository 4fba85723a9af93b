/// The Hessian of a scalar function of one tensor, flattened to a matrix:
///
///     H[i, j] = ∂²f(x) / ∂x[i] ∂x[j],   shape [x.count, x.count]
///
/// with `i` and `j` flat (row-major) indices of `x`. Computed as the Jacobian of the gradient
/// by reverse mode over reverse mode: one evaluation of `f` and a recorded backward pass, then
/// one backward pass through that gradient per row. Symmetric up to rounding.
///
///     // f(x, y) = x²y + 3y at (1, 2): H = [[2y, 2x], [2x, 0]] = [[4, 2], [2, 0]]
///     hessian(of: f, at: Tensor([1, 2], dtype: .float64))
///
/// Costs `x.count` backward passes and `x.count²` numbers; for a product with one vector, use
/// ``hessianVectorProduct(of:at:along:)``, which never forms H.
/// - Returns: a tensor of `x`'s dtype (promoted with the output's).
/// - Precondition: `f` returns one element.
///
/// Source: Griewank and Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, ch. 5
/// (second-order adjoints).
public func hessian(of f: (Tensor) -> Tensor, at x: Tensor) -> Tensor {
  jacobian(of: { gradient(of: f, at: $0) }, at: x, mode: .reverse)
}

/// The product of the Hessian of a scalar function with a vector, without forming the
/// Hessian:
///
///     H(x) v = ∂/∂ε ∇f(x + ε v) |_{ε=0},   of x's shape
///
/// Pearlmutter's R-operator, forward mode over reverse mode: the gradient is computed by a
/// backward pass while a forward-mode scope pushes the tangent `v` through both the forward
/// and the backward computation, so the cost is a small multiple of one gradient, in time and
/// in memory, whatever the number of parameters (the Hessian of a 10⁶-parameter network has
/// 10¹² entries; this needs a few gradients' worth).
///
///     hessianVectorProduct(of: f, at: x, along: v)   // == hessian(of: f, at: x) · v, flattened
/// - Parameters:
///   - f: a function with a one-element output.
///   - x: the point.
///   - v: of `x`'s shape; converted to `x`'s dtype.
/// - Returns: H(x)·v in `x`'s shape and dtype (the gradient's tangent).
/// - Precondition: `v.shape == x.shape`; `f` returns one element; every op of `f`, and every
///   op its reverse rules use, has a forward rule (all of Descent's ops do).
///
/// Source: B. A. Pearlmutter, "Fast exact multiplication by the Hessian", Neural Computation
/// 6(1), 1994; Griewank and Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, §5.4.
public func hessianVectorProduct(of f: (Tensor) -> Tensor, at x: Tensor, along v: Tensor) -> Tensor
{
  precondition(
    x.shape == v.shape,
    "hessianVectorProduct(of:at:along:): the point has shape \(x.shape) and the vector has "
      + "shape \(v.shape); they must be equal")
  return jvp(of: { gradient(of: f, at: $0) }, at: x, along: v).tangent
}
