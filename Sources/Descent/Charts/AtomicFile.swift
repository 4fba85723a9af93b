import Foundation

/// Writes `text` as UTF-8 to `path` so that a reader never sees a half-written file: the
/// bytes go to a temporary file in the same folder, flushed with `fsync`, then renamed over
/// `path`.
/// - Throws: ``ChartError/cannotWrite(path:reason:)`` naming the path and the reason (a missing
///   folder, no permission).
public func writeFileAtomically(_ text: String, toFile path: String) throws {
  if let reason = writeDataAtomically(Data(text.utf8), toFile: path) {
    throw ChartError.cannotWrite(path: path, reason: reason)
  }
}

/// Writes `data` to `path` so that a reader never sees a half-written file and a crash never
/// loses the previous file: the bytes go to a new temporary file in the same folder
/// (`.name.tmp-<UUID>`), which is flushed to disk (`fsync`) and then renamed over `path`
/// (`rename(2)`, atomic within one file system). On failure the temporary file is removed and
/// `path` is left as it was.
///
/// For crash tests only: when the environment variable `DESCENT_PAUSE_BEFORE_RENAME` holds a
/// number of seconds, the writer prints `paused before rename: <temporary path>` to standard
/// error and sleeps that long between the flush and the rename.
/// - Returns: nil on success, else the reason (a missing folder, no permission, a full disk).
func writeDataAtomically(_ data: Data, toFile path: String) -> String? {
  let url = URL(fileURLWithPath: path)
  let folder = url.deletingLastPathComponent()
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
    isDirectory.boolValue
  else {
    return "the folder \(folder.path) does not exist"
  }
  let temporary = folder.appendingPathComponent(
    ".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
  let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
  guard descriptor >= 0 else { return String(cString: strerror(errno)) }
  var failure: String?
  data.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count {
      let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        failure = String(cString: strerror(errno))
        return
      }
      offset += written
    }
  }
  if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
  if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
  if let failure {
    unlink(temporary.path)
    return failure
  }
  if let pause = ProcessInfo.processInfo.environment["DESCENT_PAUSE_BEFORE_RENAME"],
    let seconds = Double(pause), seconds > 0
  {
    FileHandle.standardError.write(Data("paused before rename: \(temporary.path)\n".utf8))
    Thread.sleep(forTimeInterval: seconds)
  }
  if rename(temporary.path, url.path) != 0 {
    let reason = String(cString: strerror(errno))
    unlink(temporary.path)
    return reason
  }
  return nil
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
