/// Why a safetensors file could not be read or written. Each message names the problem and the
/// values involved.
public indirect enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
  /// Fewer than the 8 bytes of the header length.
  case fileTooSmall(byteCount: Int)
  /// The header length is above the limit (100,000,000 bytes); nothing was allocated for it.
  case headerTooLarge(length: UInt64, limit: Int)
  /// The header length is more than the bytes that follow it.
  case headerBeyondFile(length: UInt64, available: Int)
  /// The header is empty (length 0) or only padding.
  case emptyHeader
  /// The header is not valid UTF-8.
  case headerNotUTF8
  /// The header is not a JSON object of the expected form.
  case invalidHeader(String)
  /// A tensor's header entry is malformed.
  case invalidEntry(name: String, reason: String)
  /// A tensor's dtype is not one Descent reads.
  case unknownDType(name: String, dtype: String)
  /// A shape whose element count or byte length overflows.
  case shapeOverflow(name: String, shape: [Int])
  /// The byte range of a tensor disagrees with its shape and dtype.
  case byteLengthMismatch(name: String, shape: [Int], dtype: String, expected: Int, actual: Int)
  /// A tensor's byte range runs past the end of the data.
  case offsetsOutOfBounds(name: String, begin: Int, end: Int, dataLength: Int)
  /// Two tensors' byte ranges overlap.
  case overlappingTensors(String, String)
  /// Bytes of the data section that no tensor covers, at `offset`.
  case gapInData(offset: Int, dataLength: Int)
  /// No tensor of that name; `available` lists the names present.
  case missingTensor(name: String, available: [String])
  /// A floating-point tensor was asked for integers, or the other way round.
  case wrongKind(name: String, dtype: String, expected: String)
  /// An integer too large for the floating-point type asked for, without rounding.
  case integerNotRepresentable(name: String, value: Int64)
  /// A tensor name used twice when writing.
  case duplicateName(String)
  /// The file could not be read or written.
  case io(path: String, reason: String)
  /// Another error, in the file at `path`.
  case inFile(path: String, SafeTensorsError)

  /// Whether the error says the bytes are not a safetensors file at all, rather than a
  /// malformed one: fewer than 8 bytes, a header length beyond the file or the limit (the
  /// first 8 bytes of a text file read as a length give an absurd one), or a header that is
  /// not UTF-8 JSON of the expected form.
  var meansNotSafeTensors: Bool {
    switch self {
    case .fileTooSmall, .headerTooLarge, .headerBeyondFile, .emptyHeader, .headerNotUTF8,
      .invalidHeader:
      true
    case .inFile(_, let error): error.meansNotSafeTensors
    default: false
    }
  }

  /// One sentence naming the problem and its values.
  public var description: String {
    switch self {
    case .fileTooSmall(let count):
      "the file has \(count) bytes, fewer than the 8-byte header length of a safetensors file"
    case .headerTooLarge(let length, let limit):
      "the header length \(length) is larger than the limit of \(limit) bytes"
    case .headerBeyondFile(let length, let available):
      "the header length \(length) is more than the \(available) bytes after it: the file is "
        + "truncated or not a safetensors file"
    case .emptyHeader: "the header is empty (length 0); a safetensors header is a JSON object"
    case .headerNotUTF8: "the header is not valid UTF-8"
    case .invalidHeader(let reason): "the header is not a valid safetensors header: \(reason)"
    case .invalidEntry(let name, let reason): "tensor \"\(name)\": \(reason)"
    case .unknownDType(let name, let dtype):
      "tensor \"\(name)\" has dtype \"\(dtype)\", which Descent does not read (it reads "
        + SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ") + ")"
    case .shapeOverflow(let name, let shape):
      "tensor \"\(name)\" has shape \(shape), whose size overflows"
    case .byteLengthMismatch(let name, let shape, let dtype, let expected, let actual):
      "tensor \"\(name)\" of shape \(shape) and dtype \(dtype) needs \(expected) bytes, but its "
        + "offsets cover \(actual)"
    case .offsetsOutOfBounds(let name, let begin, let end, let length):
      "tensor \"\(name)\" has offsets [\(begin), \(end)] outside the \(length) bytes of data"
    case .overlappingTensors(let a, let b): "tensors \"\(a)\" and \"\(b)\" overlap in the data"
    case .gapInData(let offset, let length):
      "no tensor covers the data at byte \(offset) of \(length): the offsets leave a gap"
    case .missingTensor(let name, let available):
      "no tensor named \"\(name)\"; the file has "
        + (available.isEmpty ? "none" : available.map { "\"\($0)\"" }.joined(separator: ", "))
    case .wrongKind(let name, let dtype, let expected):
      "tensor \"\(name)\" has dtype \(dtype), not \(expected)"
    case .integerNotRepresentable(let name, let value):
      "tensor \"\(name)\" holds \(value), which a floating-point tensor cannot hold exactly"
    case .duplicateName(let name): "the tensor name \"\(name)\" is used twice"
    case .io(let path, let reason): "\(path): \(reason)"
    case .inFile(let path, let error): "\(path): \(error.description)"
    }
  }
}
