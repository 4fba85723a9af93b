extension ComputationGraph {
  /// The computation graph of `expression` at `point`: one leaf per variable (labelled with
  /// its name, in float64), one node per number and per op, with every value and gradient.
  ///
  ///     let f = try MathExpression(parsing: "x^2*y + 3*y")
  ///     let graph = try ComputationGraph(of: f, variables: ["x", "y"], at: [1, 2])
  ///     // leaves x (grad 4) and y (grad 4: 1 from x^2*y, 3 from 3*y)
  /// - Throws: ``ExpressionError/undefinedVariable(_:defined:)``.
  /// - Precondition: `point.count == variables.count`.
  public init(of expression: MathExpression, variables: [String], at point: [Double]) throws {
    precondition(point.count == variables.count, "ComputationGraph: one value per variable")
    let leaves = MathExpression.leaves(point)
    let names = Dictionary(zip(variables, leaves), uniquingKeysWith: { first, _ in first })
    let output = try GradientMode.$isRecording.withValue(true) {
      try expression.evaluate(at: names)
    }
    self.init(of: output, names: names)
  }
}
