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
