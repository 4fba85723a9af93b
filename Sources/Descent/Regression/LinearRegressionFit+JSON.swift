extension LinearRegressionFit {
  /// The fit as an ordered JSON object: `intercept`, `coefficients` (an object by feature
  /// name), `mse`, `r2` (on `metrics`), `iterations` and `converged` (gradient descent; 0 and
  /// true for a closed form), `gradient_norm` (gradient descent only), `rank`, `solver`, and
  /// `notes`. With several targets, `intercept` and each coefficient are arrays over targets,
  /// and so are `mse` and `r2`. An undefined R² (see ``RegressionMetrics/r2``) is `null`.
  /// - Parameter metrics: `[targetCount]`, such as from `metrics(features:targets:rowCount:)`.
  public func jsonValue(metrics: [RegressionMetrics]) -> JSONValue {
    let single = targetCount == 1
    func values(_ x: [Double?]) -> JSONValue {
      let numbers = x.map { $0.map(JSONValue.number) ?? .null }
      return single ? numbers[0] : .array(numbers)
    }
    var fields: [(String, JSONValue)] = [
      ("intercept", values(intercepts)),
      (
        "coefficients",
        .object(
          featureNames.indices.map { j in (featureNames[j], values(coefficients.map { $0[j] })) })
      ),
      ("mse", values(metrics.map(\.meanSquaredError))),
      ("r2", values(metrics.map(\.r2))),
      ("iterations", .int(gradientDescent?.iterations ?? 0)),
      ("converged", .bool(gradientDescent?.converged ?? true)),
    ]
    if let report = gradientDescent {
      fields.append(("gradient_norm", .number(report.gradientNorm)))
      fields.append(("learning_rate", .number(report.learningRate)))
    }
    fields.append(("rank", .int(rank)))
    fields.append(("solver", .string(solver)))
    fields.append(("notes", .array(notes.map { .string($0) })))
    return .object(fields)
  }
}
