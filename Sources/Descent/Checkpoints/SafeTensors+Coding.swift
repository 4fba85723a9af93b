import Foundation

extension SafeTensors {
  /// Reads the safetensors file at `path` (see ``init(decoding:)`` for the checks).
  /// - Throws: ``SafeTensorsError/io(path:reason:)`` when the file cannot be read, else
  ///   ``SafeTensorsError/inFile(path:_:)`` wrapping what is wrong with it.
  public init(contentsOfFile path: String) throws(SafeTensorsError) {
    let data = try Self.mappedContents(of: path)
    do {
      try self.init(decoding: data)
    } catch {
      throw .inFile(path: path, error)
    }
  }

  /// Decodes the bytes of a safetensors file.
  ///
  /// Checked, in order: at least 8 bytes; the header length N at most
  /// ``maximumHeaderLength`` and at most the bytes after it (compared as unsigned 64-bit
  /// integers before any conversion or allocation); a non-empty UTF-8 JSON object; string
  /// metadata; for each tensor a known dtype, a shape of non-negative integers whose element
  /// count and byte length do not overflow, and offsets `[begin, end]` inside the data whose
  /// length matches the shape; and that the tensors tile the data exactly, with no overlap
  /// and no gap.
  /// - Throws: the ``SafeTensorsError`` case that names the first problem found.
  public init(decoding data: Data) throws(SafeTensorsError) {
    let (header, headerEnd) = try Self.header(of: data)
    let dataSection = data[headerEnd...]
    let dataLength = dataSection.count

    // Each entry on its own, then the tiling.
    var ranges: [(name: String, begin: Int, end: Int)] = []
    var checked: [(String, SafeTensorsDType, [Int], Int, Int)] = []
    for (name, raw) in header.tensors {
      guard let dtype = SafeTensorsDType(rawValue: raw.dtype) else {
        throw .unknownDType(name: name, dtype: raw.dtype)
      }
      guard raw.shape.allSatisfy({ $0 >= 0 }) else {
        throw .invalidEntry(name: name, reason: "shape \(raw.shape) has a negative dimension")
      }
      var count = 1
      for dimension in raw.shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard !overflow else { throw .shapeOverflow(name: name, shape: raw.shape) }
        count = product
      }
      let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.byteWidth)
      guard !overflow else { throw .shapeOverflow(name: name, shape: raw.shape) }
      guard raw.offsets.count == 2 else {
        throw .invalidEntry(
          name: name, reason: "data_offsets must be [begin, end], got \(raw.offsets)")
      }
      let (begin, end) = (raw.offsets[0], raw.offsets[1])
      guard begin >= 0, begin <= end else {
        throw .invalidEntry(
          name: name, reason: "data_offsets [\(begin), \(end)] must have 0 ≤ begin ≤ end")
      }
      guard end <= dataLength else {
        throw .offsetsOutOfBounds(name: name, begin: begin, end: end, dataLength: dataLength)
      }
      guard end - begin == byteCount else {
        throw .byteLengthMismatch(
          name: name, shape: raw.shape, dtype: dtype.rawValue, expected: byteCount,
          actual: end - begin)
      }
      ranges.append((name, begin, end))
      checked.append((name, dtype, raw.shape, begin, end))
    }
    ranges.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
    var covered = 0
    var previous: String?
    for range in ranges {
      if range.begin < covered { throw .overlappingTensors(previous ?? "", range.name) }
      if range.begin > covered { throw .gapInData(offset: covered, dataLength: dataLength) }
      if range.end > range.begin { previous = range.name }
      covered = range.end
    }
    if covered < dataLength { throw .gapInData(offset: covered, dataLength: dataLength) }

    self.init(metadata: header.metadata)
    let base = dataSection.startIndex
    for (name, dtype, shape, begin, end) in checked.sorted(by: { ($0.3, $0.0) < ($1.3, $1.0) }) {
      try add(
        name, Entry(dtype: dtype, shape: shape, bytes: Array(data[(base + begin)..<(base + end)])))
    }
  }

  /// The metadata (`__metadata__`) of the safetensors file at `path`, from its header alone:
  /// the tensors' data is neither read nor checked (the file is mapped, so only the header's
  /// pages are touched).
  /// - Throws: as ``init(contentsOfFile:)`` for the header's checks.
  public static func metadata(contentsOfFile path: String) throws(SafeTensorsError)
    -> [String: String]
  {
    let data = try mappedContents(of: path)
    do {
      return try header(of: data).header.metadata
    } catch {
      throw .inFile(path: path, error)
    }
  }

  /// The bytes of the file at `path`, memory-mapped where possible.
  private static func mappedContents(of path: String) throws(SafeTensorsError) -> Data {
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
    } catch {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      let reason =
        !exists
        ? "no such file"
        : isDirectory.boolValue
          ? "it is a directory, not a file" : "cannot read the file (\(error.localizedDescription))"
      throw .io(path: path, reason: reason)
    }
  }

  /// The checked header of a file's bytes and the index where its data section starts: the
  /// 8-byte length (against the cap and the bytes that follow, before any conversion), UTF-8,
  /// a non-empty JSON object of string metadata and tensor entries.
  private static func header(of data: Data) throws(SafeTensorsError) -> (
    header: Header, headerEnd: Data.Index
  ) {
    guard data.count >= 8 else { throw .fileTooSmall(byteCount: data.count) }
    let length = data.prefix(8).enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard length <= UInt64(Self.maximumHeaderLength) else {
      throw .headerTooLarge(length: length, limit: Self.maximumHeaderLength)
    }
    guard length <= UInt64(data.count - 8) else {
      throw .headerBeyondFile(length: length, available: data.count - 8)
    }
    let headerEnd = data.startIndex + 8 + Int(length)
    let headerBytes = data[(data.startIndex + 8)..<headerEnd]
    guard let text = String(validating: headerBytes, as: UTF8.self) else { throw .headerNotUTF8 }
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw .emptyHeader }
    do {
      return (try JSONDecoder().decode(Header.self, from: Data(headerBytes)), headerEnd)
    } catch let error as SafeTensorsError {
      throw error
    } catch {
      throw .invalidHeader(Self.reason(error))
    }
  }

  /// The file's bytes: the header (metadata first, then the tensors in ``names`` order, their
  /// data laid out in the same order), padded with spaces to a multiple of 8 bytes so the
  /// data is aligned, then the data.
  public func encoded() -> Data {
    var fields: [(String, JSONValue)] = []
    if !metadata.isEmpty {
      fields.append(
        (
          "__metadata__",
          .object(metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        ))
    }
    var offset = 0
    for name in names {
      let entry = self[name]!
      fields.append(
        (
          name,
          .object([
            ("dtype", .string(entry.dtype.rawValue)),
            ("shape", .array(entry.shape.map { .int($0) })),
            ("data_offsets", .array([.int(offset), .int(offset + entry.bytes.count)])),
          ])
        ))
      offset += entry.bytes.count
    }
    var header = Array(JSONValue.object(fields).text.utf8)
    header += Array(repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
    var data = Data(capacity: 8 + header.count + offset)
    withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
    data.append(contentsOf: header)
    for name in names { data.append(contentsOf: self[name]!.bytes) }
    return data
  }

  /// Writes the file atomically: to a temporary file in the same folder, flushed, then renamed
  /// over `path`, so a crash leaves either the previous file or the new one.
  /// - Throws: ``SafeTensorsError/io(path:reason:)`` naming the reason.
  public func write(toFile path: String) throws(SafeTensorsError) {
    if let reason = writeDataAtomically(encoded(), toFile: path) {
      throw .io(path: path, reason: "cannot write: \(reason)")
    }
  }

  /// A short reason from a JSON decoding error.
  private static func reason(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context):
      return context.codingPath.isEmpty
        ? "invalid JSON" : "invalid value at \(path(context.codingPath))"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      return "\(path(context.codingPath)): \(context.debugDescription)"
    case DecodingError.keyNotFound(let key, let context):
      return "\(path(context.codingPath)) has no \"\(key.stringValue)\""
    default:
      return "invalid JSON"
    }
  }

  private static func path(_ codingPath: [any CodingKey]) -> String {
    codingPath.isEmpty ? "the header" : codingPath.map(\.stringValue).joined(separator: ".")
  }
}

/// The decoded header: the metadata and each tensor's raw entry.
private struct Header: Decodable {
  var metadata: [String: String] = [:]
  var tensors: [(String, RawEntry)] = []

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    for key in container.allKeys {
      if key.stringValue == "__metadata__" {
        do {
          metadata = try container.decode([String: String].self, forKey: key)
        } catch {
          throw SafeTensorsError.invalidHeader("__metadata__ must map strings to strings")
        }
      } else {
        do {
          tensors.append((key.stringValue, try container.decode(RawEntry.self, forKey: key)))
        } catch {
          throw SafeTensorsError.invalidEntry(
            name: key.stringValue,
            reason: "expected {\"dtype\": string, \"shape\": [integers], \"data_offsets\": "
              + "[begin, end]}")
        }
      }
    }
  }
}

/// One tensor's header entry, unchecked.
private struct RawEntry: Decodable {
  var dtype: String
  var shape: [Int]
  var offsets: [Int]

  enum CodingKeys: String, CodingKey {
    case dtype
    case shape
    case offsets = "data_offsets"
  }
}
