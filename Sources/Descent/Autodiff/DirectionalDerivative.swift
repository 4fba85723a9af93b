/// The rate of change of a scalar function at `x` along the unit vector of `direction`:
///
///     D_u f(x) = ∇f(x) · u,   u = direction / ‖direction‖₂
///
/// computed in one forward-mode pass (``jvp(of:at:along:)-(_,Tensor,_)`` along `u`), so the
/// gradient is never formed. Unlike `jvp`, the length of `direction` does not matter: along
/// (3, 4) the derivative of x²y + 3y at (1, 2) is ∇f · (0.6, 0.8) = (4, 4) · (0.6, 0.8) = 5.6.
/// The norm is computed after scaling by the largest magnitude, so very large or very small
/// finite directions do not overflow or underflow.
///
///     let f = { (v: Tensor) -> Tensor in
///       let (x, y) = (v.slice(axis: 0, 0..<1), v.slice(axis: 0, 1..<2))
///       return (x * x * y + 3 * y).sum()
///     }
///     try directionalDerivative(
///       of: f, at: Tensor([1, 2], dtype: .float64), along: Tensor([3, 4], dtype: .float64))
///     // 5.6
/// - Parameters:
///   - f: a function with a one-element output.
///   - x: the point.
///   - direction: of `x`'s shape; any nonzero finite length.
/// - Returns: D_u f(x), in units of f per unit of x.
/// - Throws: ``DifferentiationError/shapeMismatch(point:direction:)`` (naming both shapes),
///   ``DifferentiationError/nonFiniteDirection(index:value:)``,
///   ``DifferentiationError/zeroDirection(shape:)``, checked in that order before `f` runs;
///   ``DifferentiationError/nonScalarOutput(shape:)`` when `f` returns more than one element.
public func directionalDerivative(
  of f: (Tensor) -> Tensor, at x: Tensor, along direction: Tensor
) throws(DifferentiationError) -> Double {
  guard direction.shape == x.shape else {
    throw .shapeMismatch(point: x.shape, direction: direction.shape)
  }
  let d = direction.scalars
  if let index = d.firstIndex(where: { !$0.isFinite }) {
    throw .nonFiniteDirection(index: index, value: d[index])
  }
  let largest = d.reduce(0) { Swift.max($0, Swift.abs($1)) }
  guard largest > 0 else { throw .zeroDirection(shape: direction.shape) }
  let norm = largest * d.reduce(0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot()
  let unit = Tensor(d.map { $0 / norm }, shape: x.shape, dtype: x.dtype)
  let tangent = jvp(of: f, at: x, along: unit).tangent
  guard tangent.count == 1 else { throw .nonScalarOutput(shape: tangent.shape) }
  return tangent.item
}
