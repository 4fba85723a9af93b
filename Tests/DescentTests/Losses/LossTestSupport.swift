import Descent
import Testing

/// Whether a loss's value or gradient `actual` matches `expected`: NaN only NaN, an infinity
/// only the same infinity, and finite numbers when |a − e| ≤ atol + rtol·max(|a|, |e|).
///
/// Stricter than ``isApproximatelyEqual(_:_:atol:rtol:)`` at infinities, where a relative
/// tolerance would accept any finite number as close to ∞; the extremes of the losses are
/// exactly where ∞ must be told from a large finite value (a clamp at 100, 1e12, 1e4).
func lossValuesMatch(_ actual: Double, _ expected: Double, atol: Double, rtol: Double) -> Bool {
  if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
  if actual.isInfinite || expected.isInfinite { return actual == expected }
  return Swift.abs(actual - expected)
    <= atol + rtol * Swift.max(Swift.abs(actual), Swift.abs(expected))
}

/// Expects equal counts and every pair to match by ``lossValuesMatch(_:_:atol:rtol:)``,
/// reporting the first that does not, under `what`.
func expectLossValues(
  _ what: String, _ actual: [Double], _ expected: [Double], atol: Double, rtol: Double,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
    sourceLocation: sourceLocation)
  for (i, (a, e)) in zip(actual, expected).enumerated()
  where !lossValuesMatch(a, e, atol: atol, rtol: rtol) {
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

/// Expects a one-element tensor to match `expected` by ``lossValuesMatch(_:_:atol:rtol:)``.
func expectLossClose(
  _ actual: Tensor, _ expected: Double, atol: Double = 0, rtol: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectLossValues(
    "value", actual.scalars, [expected], atol: atol, rtol: rtol, sourceLocation: sourceLocation)
}
