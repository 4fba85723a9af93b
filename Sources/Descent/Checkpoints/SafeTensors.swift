import Foundation

/// The tensors and metadata of a safetensors file, the format PyTorch and the Hugging Face
/// libraries use to store weights without running code when they load.
///
/// A file is an 8-byte little-endian header length N, then N bytes of JSON (padded with
/// spaces), then the raw little-endian data:
///
///     {"__metadata__": {"format": "pt"},
///      "0.weight": {"dtype": "F32", "shape": [16, 4], "data_offsets": [0, 256]}, …}
///
/// where each tensor's `data_offsets` are byte offsets into the data section. Reading checks
/// everything before trusting it (the header length against the file and a 100,000,000-byte
/// cap, every shape, dtype and offset, that the tensors tile the data with no gap or overlap),
/// so that any input gives a value or a thrown ``SafeTensorsError``, never a trap or an
/// allocation larger than the file.
///
///     var file = SafeTensors(metadata: ["format": "pt"])
///     try file.add("w", Tensor([1, 2, 3, 4], shape: [2, 2]))
///     try file.write(toFile: "model.safetensors")
///     let w = try SafeTensors(contentsOfFile: "model.safetensors").tensor("w")
///
/// Source: the safetensors format, https://github.com/huggingface/safetensors (README).
public struct SafeTensors: Sendable {
  /// One stored tensor: its dtype, shape and raw little-endian bytes.
  public struct Entry: Sendable, Equatable {
    /// The element type.
    public var dtype: SafeTensorsDType
    /// The dimensions; `[]` for a scalar.
    public var shape: [Int]
    /// The elements, row-major, little-endian; `shape`'s product × `dtype.byteWidth` bytes.
    public var bytes: [UInt8]
  }

  /// The largest header this reader accepts: 100,000,000 bytes (as the reference
  /// implementation).
  public static let maximumHeaderLength = 100_000_000

  /// The string-to-string metadata (`__metadata__`); PyTorch writes `"format": "pt"`.
  public var metadata: [String: String]
  /// The tensor names, in the order of their data.
  public private(set) var names: [String] = []
  private var entries: [String: Entry] = [:]

  /// An empty file with `metadata`.
  public init(metadata: [String: String] = [:]) {
    self.metadata = metadata
  }

  /// The entry named `name`, or nil.
  public subscript(name: String) -> Entry? { entries[name] }

  /// Adds `tensor` (its values, not its gradient) as F32 or F64, as its dtype.
  /// - Throws: ``SafeTensorsError/duplicateName(_:)`` when `name` is taken, or
  ///   ``SafeTensorsError/invalidHeader(_:)`` for the reserved name `__metadata__`.
  public mutating func add(_ name: String, _ tensor: Tensor) throws(SafeTensorsError) {
    var bytes: [UInt8] = []
    switch tensor.storage {
    case .float32(let values):
      bytes.reserveCapacity(values.count * 4)
      for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    case .float64(let values):
      bytes.reserveCapacity(values.count * 8)
      for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    }
    try add(name, Entry(dtype: SafeTensorsDType(tensor.dtype), shape: tensor.shape, bytes: bytes))
  }

  /// Adds 64-bit integers of `shape` as I64 (optimizer step counts, say).
  /// - Throws: as ``add(_:_:)-(_,Tensor)``.
  /// - Precondition: `values.count` is the product of `shape`.
  public mutating func add(_ name: String, integers values: [Int64], shape: [Int])
    throws(SafeTensorsError)
  {
    precondition(
      values.count == shape.reduce(1, *),
      "SafeTensors.add: \(values.count) integers for shape \(shape)")
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count * 8)
    for v in values { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    try add(name, Entry(dtype: .int64, shape: shape, bytes: bytes))
  }

  /// Adds a raw entry.
  /// - Throws: as ``add(_:_:)``.
  /// - Precondition: `entry.bytes.count` is the product of the shape times the dtype's width.
  public mutating func add(_ name: String, _ entry: Entry) throws(SafeTensorsError) {
    precondition(
      entry.bytes.count == entry.shape.reduce(1, *) * entry.dtype.byteWidth,
      "SafeTensors.add: \(entry.bytes.count) bytes for shape \(entry.shape) of \(entry.dtype)")
    if name == "__metadata__" {
      throw .invalidHeader("\"__metadata__\" is reserved and cannot name a tensor")
    }
    if entries[name] != nil { throw .duplicateName(name) }
    entries[name] = entry
    names.append(name)
  }

  /// The tensor named `name` as a ``Tensor`` of `dtype`: F32, F16 and BF16 load as float32
  /// and F64 as float64 unless `dtype` says otherwise; integer kinds convert when every value
  /// is exactly representable.
  /// - Throws: ``SafeTensorsError/missingTensor(name:available:)``;
  ///   ``SafeTensorsError/integerNotRepresentable(name:value:)`` for an integer beyond 2²⁴
  ///   (float32) or 2⁵³ (float64).
  public func tensor(_ name: String, dtype: DType? = nil) throws(SafeTensorsError) -> Tensor {
    let entry = try self.entry(name)
    let target = dtype ?? (entry.dtype == .float64 || entry.dtype == .int64 ? .float64 : .float32)
    let count = entry.bytes.count / entry.dtype.byteWidth
    var values = [Double](repeating: 0, count: count)
    var unrepresentable: Int64?
    entry.bytes.withUnsafeBytes { raw in
      for i in 0..<count {
        let offset = i * entry.dtype.byteWidth
        switch entry.dtype {
        case .float64:
          values[i] = Double(
            bitPattern: UInt64(
              littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        case .float32:
          values[i] = Double(
            Float(
              bitPattern: UInt32(
                littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
        case .float16:
          values[i] = Double(
            floatFromHalfBits(
              UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
        case .bfloat16:
          values[i] = Double(
            floatFromBFloat16Bits(
              UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
        default:
          let integer = Self.integer(raw, at: offset, entry.dtype)
          let limit: Int64 = target == .float32 ? 1 << 24 : 1 << 53
          guard integer.magnitude <= limit.magnitude else {
            unrepresentable = integer
            return
          }
          values[i] = Double(integer)
        }
      }
    }
    if let unrepresentable { throw .integerNotRepresentable(name: name, value: unrepresentable) }
    return Tensor(values, shape: entry.shape, dtype: target)
  }

  /// The integers of the tensor named `name` (I64, I32, I16, I8 or U8), row-major.
  /// - Throws: ``SafeTensorsError/missingTensor(name:available:)``, or
  ///   ``SafeTensorsError/wrongKind(name:dtype:expected:)`` for a floating-point tensor.
  public func integers(_ name: String) throws(SafeTensorsError) -> [Int64] {
    let entry = try self.entry(name)
    guard !entry.dtype.isFloatingPoint else {
      throw .wrongKind(name: name, dtype: entry.dtype.rawValue, expected: "an integer dtype")
    }
    let width = entry.dtype.byteWidth
    return entry.bytes.withUnsafeBytes { raw in
      (0..<(entry.bytes.count / width)).map { Self.integer(raw, at: $0 * width, entry.dtype) }
    }
  }

  private func entry(_ name: String) throws(SafeTensorsError) -> Entry {
    guard let entry = entries[name] else {
      throw .missingTensor(name: name, available: names)
    }
    return entry
  }

  private static func integer(
    _ raw: UnsafeRawBufferPointer, at offset: Int, _ dtype: SafeTensorsDType
  )
    -> Int64
  {
    switch dtype {
    case .int64: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
    case .int32:
      Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
    case .int16:
      Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
    case .int8: Int64(raw.loadUnaligned(fromByteOffset: offset, as: Int8.self))
    case .uint8: Int64(raw.loadUnaligned(fromByteOffset: offset, as: UInt8.self))
    default: preconditionFailure("SafeTensors: \(dtype) is not an integer dtype")
    }
  }
}
