import Foundation

/// A number as messages and reports print it, to 6 significant digits: `381.319` (not
/// `381.31850200229223`), `0.002`, `1e-07`, `4.44089e-16`; from 10⁶ to 10¹⁵ in whole
/// digits, `26000000` and `31107290` (rounded to the unit), so that a large value never turns
/// into `2.6e+07`; `nan`, `inf` and `-inf` as Swift prints them.
///
/// For prose only: values to be read back (JSON, CSV, a model file) keep every digit.
///
///     readableNumber(381.31850200229223)  // "381.319"
///     readableNumber(0.02 / 10)           // "0.002"
///     readableNumber(31107289.852948487)  // "31107290"
public func readableNumber(_ value: Double) -> String {
  guard value.isFinite else { return "\(value)" }
  let magnitude = Swift.abs(value)
  if magnitude >= 1e6, magnitude < 1e15 { return String(format: "%.0f", value) }
  return String(format: "%.6g", value)
}
