import Descent
import Testing

/// Expects equal counts and every pair to match by ``isApproximatelyEqual(_:_:atol:rtol:)``
/// (an infinity matches only the same infinity),
/// reporting the first that does not, under `what`.
func expectLossValues(
  _ what: String, _ actual: [Double], _ expected: [Double], atol: Double, rtol: Double,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
    sourceLocation: sourceLocation)
  for (i, (a, e)) in zip(actual, expected).enumerated()
  where !isApproximatelyEqual(a, e, atol: atol, rtol: rtol) {
    let message = "\(what): element \(i) is \(a), expected \(e); all: \(actual) vs \(expected)"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    return
  }
}

/// ``expectLossValues(_:_:_:atol:rtol:)`` with the argument order of ``expectClose``.
func expectLossClose(
  _ actual: [Double], _ expected: [Double], atol: Double = 0, rtol: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectLossValues(
    "values", actual, expected, atol: atol, rtol: rtol, sourceLocation: sourceLocation)
}

/// Expects a one-element tensor to match `expected` by ``isApproximatelyEqual(_:_:atol:rtol:)``.
func expectLossClose(
  _ actual: Tensor, _ expected: Double, atol: Double = 0, rtol: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectLossValues(
    "value", actual.scalars, [expected], atol: atol, rtol: rtol, sourceLocation: sourceLocation)
}
