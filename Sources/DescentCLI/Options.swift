import ArgumentParser
import Descent

extension Activation: ExpressibleByArgument {}
extension TaskSelection: ExpressibleByArgument {}
extension ModelKind: ExpressibleByArgument {}
extension MissingValuePolicy: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}

/// Parses `64` or `64,32` into layer widths.
func parseSizes(_ text: String) throws -> [Int] {
  let parts = text.split(separator: ",", omittingEmptySubsequences: false)
  var sizes: [Int] = []
  for part in parts {
    let trimmed = part.trimmingCharacters(in: .whitespaces)
    guard let size = Int(trimmed), size > 0 else {
      throw CommandError(
        "--hidden takes positive layer widths separated by commas (e.g. 64,32), got \"\(text)\"")
    }
    sizes.append(size)
  }
  return sizes
}

/// Splits `a,b , c` into trimmed, non-empty column names; nil gives none.
func columnList(_ text: String?) -> [String] {
  guard let text else { return [] }
  return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
    !$0.isEmpty
  }
}
extension ValidationMetric: ExpressibleByArgument {}
