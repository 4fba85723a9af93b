import RealModule

/// Everything first-year calculus says about a function of several variables at one point:
/// its value, partial derivatives, gradient and its norm, the directions of steepest ascent
/// and descent, optionally the directional derivative along a given direction, and
/// optionally the Hessian and its eigenvalues. What `descent grad` prints.
///
///     let f = try MathExpression(parsing: "x^2*y + 3*y")
///     let report = try DerivativeReport(
///       f, variables: ["x", "y"], at: [1, 2], along: [3, 4], includeHessian: true)
///     report.gradient                // [4, 4]
///     report.direction               // [0.6, 0.8]
///     report.directionalDerivative   // 5.6 = ∇f·u
///     report.hessian                 // [[4, 2], [2, 0]]
///
/// All in float64, by Descent's autodiff (see `MathExpression+Derivatives.swift`).
public struct DerivativeReport: Sendable, Equatable {
  /// The function.
  public let expression: MathExpression
  /// The variables, in the order of ``point``, ``gradient`` and the Hessian's rows.
  public let variables: [String]
  /// The point, one value per variable.
  public let point: [Double]
  /// f at the point.
  public let value: Double
  /// ∇f: the partial derivatives ∂f/∂xᵢ, in variable order.
  public let gradient: [Double]
  /// The unit vector u = d/|d| along the requested direction d, or nil if none was given.
  public let direction: [Double]?
  /// The directional derivative ∇f·u along the unit ``direction``: the rate of change of f
  /// per unit distance moved that way. Nil without a direction.
  public let directionalDerivative: Double?
  /// The Hessian ∂²f/∂xᵢ∂xⱼ, rows in variable order, when requested.
  public let hessian: [[Double]]?
  /// The Hessian's eigenvalues in increasing order, when it was requested: all > 0 at a
  /// strict local minimum, all < 0 at a strict local maximum, mixed signs at a saddle.
  public let hessianEigenvalues: [Double]?

  /// Computes the report.
  /// - Parameters:
  ///   - expression: the function.
  ///   - variables: its variables in the order to report them; may include variables the
  ///     expression does not use (their partial derivatives are 0).
  ///   - point: one value per variable.
  ///   - direction: a direction to differentiate along, one component per variable; it is
  ///     normalized first, so only its direction matters. Default none.
  ///   - includeHessian: also compute the Hessian (reverse over reverse) and its eigenvalues.
  /// - Throws: ``ExpressionError/undefinedVariable(_:defined:)`` when the expression uses a
  ///   variable not in `variables`; ``ExpressionError/notFinite(subexpression:order:point:reason:)``
  ///   naming the sub-expression when the value, a partial derivative or (with the Hessian) a
  ///   second derivative is infinite or NaN at the point (log of a negative number, sqrt′(0)).
  /// - Precondition: `point` (and `direction`, if given) has one value per variable; the
  ///   direction is not zero; the variable names are distinct.
  public init(
    _ expression: MathExpression, variables: [String], at point: [Double],
    along direction: [Double]? = nil, includeHessian: Bool = false
  ) throws {
    precondition(
      point.count == variables.count,
      "DerivativeReport: \(point.count) values for \(variables.count) variables \(variables)")
    precondition(Set(variables).count == variables.count, "DerivativeReport: repeated variable")
    self.expression = expression
    self.variables = variables
    self.point = point
    let (value, gradient) = try expression.checkedValueAndGradient(
      variables: variables, at: point)
    self.value = value
    self.gradient = gradient
    if let direction {
      precondition(
        direction.count == variables.count,
        "DerivativeReport: direction has \(direction.count) components for \(variables.count) "
          + "variables")
      // Divided by its largest component first, so that a direction whose length overflows
      // (1.7e308, 1.7e308) still has a unit vector.
      let scale = direction.reduce(0) { Swift.max($0, Swift.abs($1)) }
      precondition(scale > 0 && scale.isFinite, "DerivativeReport: zero or infinite direction")
      let scaled = direction.map { $0 / scale }
      let length = Self.norm(scaled)
      let unit = scaled.map { $0 / length }
      self.direction = unit
      directionalDerivative = expression.directionalDerivative(
        variables: variables, at: point, along: unit)
    } else {
      self.direction = nil
      directionalDerivative = nil
    }
    if includeHessian {
      let hessian = expression.hessian(variables: variables, at: point)
      if !hessian.allSatisfy({ $0.allSatisfy(\.isFinite) }) {
        try expression.checkFinite(variables: variables, at: point, order: 2)
        throw ExpressionError.notFinite(
          subexpression: expression.description, order: 2,
          point: Array(zip(variables, point)), reason: nil)
      }
      self.hessian = hessian
      hessianEigenvalues = symmetricEigenvalues(hessian)
    } else {
      hessian = nil
      hessianEigenvalues = nil
    }
  }

  /// |∇f|, the Euclidean norm of the gradient: the largest rate of increase of f per unit
  /// distance.
  public var gradientNorm: Double { Self.norm(gradient) }

  /// ∇f/|∇f|, the unit direction in which f increases fastest; nil where the gradient is 0.
  public var steepestAscent: [Double]? {
    let norm = gradientNorm
    return norm > 0 ? gradient.map { $0 / norm } : nil
  }

  /// −∇f/|∇f|, the unit direction in which f decreases fastest; nil where the gradient is 0.
  public var steepestDescent: [Double]? { steepestAscent?.map { -$0 } }

  /// The angle between the ``direction`` and the gradient, in degrees (0 to 180), where
  /// cos θ = ∇f·u / |∇f|. Computed as θ = 2·atan2(|g − u|, |g + u|) with g = ∇f/|∇f|, which
  /// stays accurate near 0° and 180° where acos loses half the digits (W. Kahan,
  /// "How Futile are Mindless Assessments of Roundoff in Floating-Point Computation?", 2006,
  /// section 12). Nil without a direction or where the gradient is 0.
  public var angleDegrees: Double? {
    guard directionalDerivative != nil, let g = steepestAscent, let u = direction else {
      return nil
    }
    var difference = 0.0
    var sum = 0.0
    for (gi, ui) in zip(g, u) {
      difference += (gi - ui) * (gi - ui)
      sum += (gi + ui) * (gi + ui)
    }
    return 2 * Double.atan2(y: difference.squareRoot(), x: sum.squareRoot()) * 180 / Double.pi
  }

  /// One JSON object: `variables` (names in order), `value`, `gradient` (an object by name),
  /// `gradient_norm`, `steepest_ascent` (an array, left out where the gradient is 0); with a
  /// direction, `direction` (the unit vector), `directional_derivative` and `angle_degrees`
  /// (left out where the gradient is 0); with the Hessian, `hessian` (row arrays in variable
  /// order) and `hessian_eigenvalues` (increasing).
  public var json: String {
    var fields: [(String, JSONValue)] = [
      ("expression", .string(expression.description)),
      ("variables", .array(variables.map { .string($0) })),
      ("point", .object(zip(variables, point).map { ($0, .number($1)) })),
      ("value", .number(value)),
      ("gradient", .object(zip(variables, gradient).map { ($0, .number($1)) })),
      ("gradient_norm", .number(gradientNorm)),
    ]
    if let steepestAscent { fields.append(("steepest_ascent", Self.array(steepestAscent))) }
    if let steepestDescent { fields.append(("steepest_descent", Self.array(steepestDescent))) }
    if let direction, let directionalDerivative {
      fields.append(("direction", Self.array(direction)))
      fields.append(("directional_derivative", .number(directionalDerivative)))
      if let angleDegrees { fields.append(("angle_degrees", .number(angleDegrees))) }
    }
    if let hessian, let hessianEigenvalues {
      fields.append(("hessian", .array(hessian.map(Self.array))))
      fields.append(("hessian_eigenvalues", Self.array(hessianEigenvalues)))
    }
    return JSONValue.object(fields).text
  }

  private static func array(_ values: [Double]) -> JSONValue { .array(values.map { .number($0) }) }

  static func norm(_ v: [Double]) -> Double {
    // Scaled, so that components near the limits of float64 do not overflow when squared.
    let scale = v.reduce(0) { Swift.max($0, Swift.abs($1)) }
    guard scale > 0, scale.isFinite else { return scale }
    return scale * v.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
  }
}
