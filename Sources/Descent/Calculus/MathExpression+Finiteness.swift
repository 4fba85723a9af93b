extension MathExpression {
  /// Throws ``ExpressionError/notFinite(subexpression:order:point:reason:)`` naming the
  /// innermost sub-expression whose value (and, up to `order`, whose gradient and Hessian)
  /// is infinite or NaN at `point`.
  ///
  /// Sub-expressions are visited operands first, so the error names where the trouble
  /// starts: for `sqrt(x^2 + y^2)` at (0, 0) the values are all finite, `x^2 + y^2` has a
  /// finite gradient, and `sqrt(x^2 + y^2)` is the first whose gradient is not (sqrt′(0) = ∞).
  /// Every value is checked before any derivative, so a value that overflows is named rather
  /// than the derivative it spoils. Costs one evaluation per sub-expression; meant for the
  /// rare point where a quantity came out non-finite.
  /// - Parameter order: 0 checks values, 1 also gradients, 2 also Hessians.
  func checkFinite(variables: [String], at point: [Double], order: Int) throws {
    let subs = subexpressions
    let named = Array(zip(variables, point))
    for sub in subs {
      let value = sub.value(variables: variables, at: point)
      if !value.isFinite {
        throw ExpressionError.notFinite(
          subexpression: sub.description, order: 0, point: named,
          reason: sub.reason(order: 0, variables: variables, at: point, value: value))
      }
    }
    guard order >= 1 else { return }
    for sub in subs where !sub.isConstant {
      let gradient = sub.valueAndGradient(variables: variables, at: point).gradient
      if !gradient.allSatisfy(\.isFinite) {
        throw ExpressionError.notFinite(
          subexpression: sub.description, order: 1, point: named,
          reason: sub.reason(order: 1, variables: variables, at: point, value: 0))
      }
    }
    guard order >= 2 else { return }
    for sub in subs where !sub.isConstant {
      let hessian = sub.hessian(variables: variables, at: point)
      if !hessian.allSatisfy({ $0.allSatisfy(\.isFinite) }) {
        throw ExpressionError.notFinite(
          subexpression: sub.description, order: 2, point: named,
          reason: sub.reason(order: 2, variables: variables, at: point, value: 0))
      }
    }
  }

  /// Why this sub-expression (whose operands are all fine) is not finite, when the op tells.
  private func reason(
    order: Int, variables: [String], at point: [Double], value: Double
  ) -> String? {
    let args = operands.map { $0.value(variables: variables, at: point) }
    let a = args.first ?? 0
    let b = args.count > 1 ? args[1] : 0
    let n = MathExpression.format
    switch (self, order) {
    case (.function(.log, _), 0) where a < 0: return "log of a negative number, \(n(a))"
    case (.function(.log, _), 0) where a == 0: return "log of 0 is −∞"
    case (.function(.sqrt, _), 0) where a < 0: return "square root of a negative number, \(n(a))"
    case (.function(.exp, _), 0) where a > 0: return "exp(\(n(a))) overflows float64"
    case (.divide, 0) where b == 0: return "division by 0"
    case (.power, 0) where a < 0 && b != b.rounded():
      return "a negative base, \(n(a)), to the non-integer power \(n(b))"
    case (.power, 0) where a == 0 && b < 0: return "0 to the negative power \(n(b))"
    case (.function(.sqrt, _), 1...) where a == 0:
      return order == 1 ? "sqrt′(0) = +∞" : "sqrt″(0) = −∞"
    case (.function(.log, _), 1...) where a == 0: return "log′(0) = +∞"
    case (.power(_, let exponent), 1...) where !exponent.isConstant && a <= 0:
      return "the derivative of a^b in b is a^b·log a, which needs a > 0; here a = \(n(a))"
    case (.power, 1) where a == 0 && b > 0 && b < 1:
      return "the derivative of u^\(n(b)) is infinite at u = 0"
    case (.power, 2) where a == 0 && b > 0 && b < 2:
      return "the second derivative of u^\(n(b)) is infinite at u = 0"
    case (_, 0) where value.isInfinite: return "the value overflows float64"
    default: return nil
    }
  }
}
