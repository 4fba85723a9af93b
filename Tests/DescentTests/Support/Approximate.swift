import Descent
import Testing

/// Whether `|a − b| ≤ atol + rtol·max(|a|, |b|)`. Equal infinities are close; NaN is close
/// only to NaN (so a test can expect NaN where NaN is the documented answer).
func isApproximatelyEqual(_ a: Double, _ b: Double, atol: Double, rtol: Double) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  if a == b { return true }
  // An infinity is close only to the same infinity (∞ ≤ atol + rtol·∞ would pass anything).
  if a.isInfinite || b.isInfinite { return false }
  return Swift.abs(a - b) <= atol + rtol * Swift.max(Swift.abs(a), Swift.abs(b))
}

/// Expects `actual` and `expected` to have the same length and every pair to be close in the
/// sense of ``isApproximatelyEqual(_:_:atol:rtol:)``, naming the first index that is not.
func expectClose(
  _ actual: [Double], _ expected: [Double], atol: Double = 0, rtol: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    actual.count == expected.count, "\(actual.count) values, expected \(expected.count)",
    sourceLocation: sourceLocation)
  for (i, (a, e)) in zip(actual, expected).enumerated()
  where !isApproximatelyEqual(a, e, atol: atol, rtol: rtol) {
    let message =
      "element \(i): got \(a), expected \(e) (atol \(atol), rtol \(rtol)); "
      + "all: \(actual) vs \(expected)"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    return
  }
}

/// Expects a one-element tensor's value to be close to `expected`.
func expectClose(
  _ actual: Tensor, _ expected: Double, atol: Double = 0, rtol: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectClose(actual.scalars, [expected], atol: atol, rtol: rtol, sourceLocation: sourceLocation)
}

/// Expects a tensor to have `shape` and elements close to `expected` (row-major).
func expectClose(
  _ actual: Tensor, shape: [Int], _ expected: [Double], atol: Double = 0, rtol: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.shape == shape, sourceLocation: sourceLocation)
  expectClose(actual.scalars, expected, atol: atol, rtol: rtol, sourceLocation: sourceLocation)
}
