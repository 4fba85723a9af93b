/// `text` as one CSV field (RFC 4180): as it is, or in double quotes with each quote doubled
/// when it holds a comma, a quote or a line break.
public func csvField(_ text: String) -> String {
  guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
    return text
  }
  return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
