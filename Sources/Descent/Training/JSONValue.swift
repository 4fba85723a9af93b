/// A JSON value that keeps its object keys in the order given, for machine-readable
/// progress lines (`--json`). Numbers print in Swift's shortest round-trip form, always with a
/// fraction or exponent (`1.0`, `1e-05`), so readers see them as floating-point.
public enum JSONValue: Sendable, Equatable {
  /// An integer.
  case int(Int)
  /// A floating-point number.
  case number(Double)
  /// A string, escaped on output: in double quotes, with quotes, backslashes and control
  /// characters escaped, so it stays on one line (error messages quote values this way).
  case string(String)
  /// `true` or `false`.
  case bool(Bool)
  /// An array.
  case array([JSONValue])
  /// An object whose keys keep the order given.
  case object([(String, JSONValue)])
  /// `null`: a figure that is undefined, such as R² on fewer than two rows.
  case null

  /// Compact JSON text. A non-finite number, which JSON cannot hold, is written as `null`.
  public var text: String {
    switch self {
    case .int(let v): String(v)
    case .number(let v): v.isFinite ? "\(v)" : "null"
    case .string(let s): JSONValue.quote(s)
    case .bool(let b): b ? "true" : "false"
    case .null: "null"
    case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
    case .object(let fields):
      "{" + fields.map { JSONValue.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
    }
  }

  private static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        out +=
          "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// Equal when the JSON texts are equal.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }
}
