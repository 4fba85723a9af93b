import Foundation
import Testing

/// Runs the built `descent` executable, which `swift test` builds beside the test bundle.
struct CommandRunner {
  struct Result {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// The `descent` executable in the build folder that holds this test binary.
  static let executable: URL? = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("descent")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory = directory.deletingLastPathComponent()
    }
    return nil
  }()

  static func run(_ arguments: [String]) throws -> Result {
    let executable = try #require(
      Self.executable, "the descent executable was not found beside \(CommandLine.arguments[0])")
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain standard error on another thread while this one drains standard output, so that
    // neither pipe can fill up and block the child.
    let errorReader = PipeReader(error.fileHandleForReading)
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = errorReader.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      standardOutput: String(decoding: outData, as: UTF8.self),
      standardError: String(decoding: errData, as: UTF8.self))
  }

  /// Writes `contents` to a new temporary file named `name` and returns its path.
  static func temporaryFile(named name: String, contents: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("descent-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeReader: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  /// Everything the pipe carried, once it closed.
  func wait() -> Data {
    done.wait()
    return data
  }
}
