import Foundation
import Testing

/// Files in `Tests/DescentTests/Fixtures`, bundled with the tests (see its README for sources).
enum Fixtures {
  /// The contents of fixture `name` (such as `"bugcases.json"`).
  static func data(_ name: String) throws -> Data {
    let url = try #require(
      Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil),
      "fixture \(name) is missing from the test bundle")
    return try Data(contentsOf: url)
  }

  /// The case with `id` from `bugcases.json`, as parsed JSON.
  static func bugCase(_ id: String) throws -> [String: Any] {
    let all = try #require(
      try JSONSerialization.jsonObject(with: data("bugcases.json")) as? [[String: Any]])
    return try #require(all.first { $0["id"] as? String == id }, "no bug case \(id)")
  }
}

extension Fixtures {
  /// A number from a fixture's JSON: a JSON number, or one of the strings "inf", "-inf",
  /// "nan" (how bugcases.json writes the values JSON cannot hold).
  static func number(_ value: Any?) throws -> Double {
    if let n = value as? NSNumber { return n.doubleValue }
    switch value as? String {
    case "inf": return .infinity
    case "-inf": return -.infinity
    case "nan": return .nan
    default: throw FixtureError(description: "not a number: \(String(describing: value))")
    }
  }

  /// A list of numbers from a fixture's JSON (see ``number(_:)``).
  static func numbers(_ value: Any?) throws -> [Double] {
    let list = try #require(value as? [Any], "not a list: \(String(describing: value))")
    return try list.map(number)
  }
}

/// A fixture value that is not what the test expected.
struct FixtureError: Error, CustomStringConvertible {
  let description: String
}
