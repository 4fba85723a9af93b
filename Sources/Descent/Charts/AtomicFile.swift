import Foundation

/// Writes `text` as UTF-8 to `path` so that a reader never sees a half-written file: the text
/// goes to a new temporary file in the same folder (`.name.tmp-<UUID>`), which is then renamed
/// over `path` (`rename(2)`, atomic within one file system). On failure the temporary file is
/// removed and `path` is left as it was.
/// - Throws: ``ChartError/cannotWrite(path:reason:)`` naming the path and the reason (a missing
///   folder, no permission).
public func writeFileAtomically(_ text: String, toFile path: String) throws {
  let url = URL(fileURLWithPath: path)
  let folder = url.deletingLastPathComponent()
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
    isDirectory.boolValue
  else {
    throw ChartError.cannotWrite(path: path, reason: "the folder \(folder.path) does not exist")
  }
  let temporary = folder.appendingPathComponent(
    ".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
  do {
    try Data(text.utf8).write(to: temporary)
  } catch {
    throw ChartError.cannotWrite(path: path, reason: "\(error.localizedDescription)")
  }
  if rename(temporary.path, url.path) != 0 {
    let reason = String(cString: strerror(errno))
    try? FileManager.default.removeItem(at: temporary)
    throw ChartError.cannotWrite(path: path, reason: reason)
  }
}

/// Why a chart or graph could not be drawn or saved.
public enum ChartError: Error, Equatable, CustomStringConvertible {
  /// The file at `path` could not be written.
  case cannotWrite(path: String, reason: String)
  /// A file name whose extension is not one the writer knows, with the ones it does.
  case unsupportedExtension(path: String, supported: [String])

  /// One sentence naming the file and the reason.
  public var description: String {
    switch self {
    case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
    case .unsupportedExtension(let path, let supported):
      "cannot tell the format of \(path) from its extension; use "
        + supported.map { "." + $0 }.joined(separator: " or ")
    }
  }
}
