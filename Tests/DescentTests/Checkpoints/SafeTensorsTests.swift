import Foundation
import Testing

@testable import Descent

/// Bytes from hex such as `"ff 00 7b"` (spaces ignored).
func bytes(hex: String) -> Data {
  let digits = Array(hex.filter { !$0.isWhitespace })
  return Data(
    stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! })
}

/// A file made of `header` (JSON text, unpadded) and `data`.
func safeTensorsFile(header: String, data: [UInt8] = []) -> Data {
  var file = Data()
  withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { file.append(contentsOf: $0) }
  file.append(contentsOf: Array(header.utf8))
  file.append(contentsOf: data)
  return file
}

/// The error decoding `data` throws, or nil when it decodes.
func decodingError(_ data: Data) -> SafeTensorsError? {
  do {
    _ = try SafeTensors(decoding: data)
    return nil
  } catch {
    return error
  }
}

@Suite("safetensors: reading, writing, and refusing malformed files")
struct SafeTensorsTests {
  @Test("bug case safetensors-huge-header-length: every malformed prefix is an error")
  func bugCase() throws {
    let bugCase = try Fixtures.bugCase("safetensors-huge-header-length")
    let inputs = try #require((bugCase["case"] as? [String: Any])?["inputs"] as? [String: String])
    func input(_ key: String) -> Data {
      bytes(hex: String(inputs[key]!.prefix { $0 != "(" }))
    }
    #expect(decodingError(input("A")) == .headerTooLarge(length: .max, limit: 100_000_000))
    #expect(
      decodingError(input("B"))
        == .headerTooLarge(length: 0x7FFF_FFFF_FFFF_FFFF, limit: 100_000_000))
    #expect(decodingError(input("C")) == .headerTooLarge(length: 100_000_001, limit: 100_000_000))
    #expect(decodingError(input("D")) == .headerBeyondFile(length: 50, available: 2))
    #expect(decodingError(input("E")) == .fileTooSmall(byteCount: 3))
    #expect(decodingError(input("F")) == .emptyHeader)

    // G: a valid file whose header ends in two spaces of padding.
    let file = try SafeTensors(decoding: input("G_valid_hex"))
    #expect(Set(file.names) == ["b", "w"])
    let b = try file.tensor("b")
    #expect(b.shape == [1] && b.dtype == .float32 && b.scalars == [3])
    let w = try file.tensor("w")
    #expect(w.shape == [2, 2] && w.scalars == [1, -2, 0.5, 4])
  }

  @Test("PyTorch's file: every dtype reads to the values written")
  func pytorchReference() throws {
    let file = try SafeTensors(decoding: try Fixtures.data("reference.safetensors"))
    #expect(file.metadata["format"] == "pt")
    let values = [1.0, -2.0, 0.5, 65504.0, 0x1p-24, 0.0]
    let f64 = try file.tensor("f64")
    #expect(f64.dtype == .float64 && f64.scalars == values + [1e300])
    let f32 = try file.tensor("f32")
    #expect(f32.dtype == .float32 && f32.shape == [2, 3] && f32.scalars == values)
    #expect(try file.tensor("f16").scalars == values)
    #expect(try file.tensor("f16", dtype: .float64).dtype == .float64)
    #expect(
      try file.tensor("bf16").scalars == [
        1, -2, 0.5, Double(Float(3.0e38).bf16Rounded), 0x1p-133, 0,
      ])
    #expect(try file.integers("i64") == [-(1 << 62), -1, 0, 7])
    #expect(try file.integers("i32") == [-5, 1 << 24, 3, 0])
    #expect(try file.integers("i16") == [-300, 300])
    #expect(try file.integers("i8") == [-128, 127])
    #expect(try file.integers("u8") == [0, 255])
    #expect(try file.tensor("i32").scalars == [-5, 16_777_216, 3, 0])
    let scalar = try file.tensor("scalar")
    #expect(scalar.shape == [] && scalar.scalars == [3.25])
    #expect(try file.tensor("empty").shape == [0, 4])
    #expect(throws: SafeTensorsError.integerNotRepresentable(name: "i64", value: -(1 << 62))) {
      try file.tensor("i64")
    }
    #expect(
      throws: SafeTensorsError.wrongKind(name: "f32", dtype: "F32", expected: "an integer dtype")
    ) {
      try file.integers("f32")
    }
    #expect {
      try file.tensor("nope")
    } throws: { error in
      (error as? SafeTensorsError)?.description.hasPrefix(
        "no tensor named \"nope\"; the file has \"i64\"") == true
    }
  }

  @Test("half-precision bit patterns widen exactly")
  func halfPrecision() {
    #expect(floatFromHalfBits(0x3C00) == 1)
    #expect(floatFromHalfBits(0xC000) == -2)
    #expect(floatFromHalfBits(0x7BFF) == 65504)
    #expect(floatFromHalfBits(0x0001) == 0x1p-24)
    #expect(floatFromHalfBits(0x03FF) == 1023 * 0x1p-24)
    #expect(floatFromHalfBits(0x0400) == 0x1p-14)
    #expect(floatFromHalfBits(0x8000).sign == .minus && floatFromHalfBits(0x8000) == 0)
    #expect(floatFromHalfBits(0x7C00) == .infinity && floatFromHalfBits(0xFC00) == -.infinity)
    #expect(floatFromHalfBits(0x7E00).isNaN)
    #expect(floatFromBFloat16Bits(0x3F80) == 1 && floatFromBFloat16Bits(0xC000) == -2)
  }

  @Test(
    "write then read gives back every tensor, bit for bit, with the metadata",
    arguments: DType.allCases)
  func roundTrip(dtype: DType) throws {
    var file = SafeTensors(metadata: ["format": "pt", "descent": #"{"version":1}"#])
    let w = Tensor([1, -0.0, .infinity, 1e-40, 3.5, -7], shape: [2, 3], dtype: dtype)
    try file.add("0.weight", w)
    try file.add("0.bias", Tensor([0.25], shape: [1], dtype: dtype))
    try file.add("step", integers: [42, -1], shape: [2])
    try file.add("empty", Tensor.zeros(shape: [0, 3], dtype: dtype))
    #expect(throws: SafeTensorsError.duplicateName("0.bias")) { try file.add("0.bias", w) }
    let data = file.encoded()
    #expect(file.headerLength % 8 == 0)
    let read = try SafeTensors(decoding: data)
    #expect(read.metadata == file.metadata)
    #expect(read.names == ["0.weight", "0.bias", "step", "empty"])
    let back = try read.tensor("0.weight")
    #expect(back.dtype == dtype && back.shape == [2, 3])
    #expect(zip(back.scalars, w.scalars).allSatisfy { $0.bitPattern == $1.bitPattern })
    #expect(try read.integers("step") == [42, -1])
    #expect(try read.tensor("empty").shape == [0, 3])
  }

  @Test("write replaces the file atomically; a missing folder is a named error")
  func writeFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "descent-st-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("m.safetensors").path
    var file = SafeTensors()
    try file.add("x", Tensor([1, 2]))
    try file.write(toFile: path)
    try file.add("y", Tensor([3]))
    try file.write(toFile: path)
    #expect(try SafeTensors(contentsOfFile: path).names == ["x", "y"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.safetensors"])
    let missing = folder.appendingPathComponent("no/such/m.safetensors").path
    #expect {
      try file.write(toFile: missing)
    } throws: { error in
      "\(error)".contains("does not exist")
    }
    #expect(throws: SafeTensorsError.io(path: missing, reason: "no such file")) {
      try SafeTensors(contentsOfFile: missing)
    }
  }

  @Test(
    "each malformed header or data layout has its own error",
    arguments: [
      (
        #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 4, "outside the 4 bytes of data"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8,
        "needs 12 bytes, but its offsets cover 8"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#,
        6, "overlap"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
        12, "gap"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, 8,
        "no tensor covers the data at byte 4 of 8"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8,
        "no tensor covers the data at byte 0"
      ),
      (
        #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#, 0,
        "whose size overflows"
      ),
      (#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#, 0, "negative dimension"),
      (
        #"{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#, 8,
        #"dtype "C64", which Descent does not read"#
      ),
      (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, 4, "0 ≤ begin ≤ end"),
      (
        #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, 4,
        "data_offsets must be [begin, end]"
      ),
      (#"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, 4, "expected {\"dtype\""),
      (#"{"a":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}}"#, 4, "expected {\"dtype\""),
      (#"{"a":{"shape":[1],"data_offsets":[0,4]}}"#, 4, "expected {\"dtype\""),
      (#"{"__metadata__":{"format":1}}"#, 0, "__metadata__ must map strings to strings"),
      (#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#, 4, "invalid JSON"),
      (#"[1,2]"#, 0, "not a valid safetensors header"),
      (#"   "#, 0, "the header is empty"),
    ])
  func malformed(header: String, dataLength: Int, message: String) {
    let error = decodingError(
      safeTensorsFile(header: header, data: Array(repeating: 0, count: dataLength)))
    #expect(error?.description.contains(message) == true, "\(String(describing: error))")
  }

  @Test("a header that is not UTF-8 is refused")
  func notUTF8() {
    var file = Data([4, 0, 0, 0, 0, 0, 0, 0])
    file.append(contentsOf: [0x7B, 0xFF, 0xFE, 0x7D])
    #expect(decodingError(file) == .headerNotUTF8)
  }

  /// Rounds of the fuzz test: 3,000, or `DESCENT_FUZZ_ROUNDS` (the long run is
  /// `DESCENT_FUZZ_ROUNDS=100000 swift test --filter SafeTensorsTests/fuzz`).
  static let fuzzRounds =
    ProcessInfo.processInfo.environment["DESCENT_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 3000

  @Test("seeded fuzz: mutated and random files decode or throw, never trap")
  func fuzz() throws {
    var valid = SafeTensors(metadata: ["format": "pt"])
    try valid.add("0.weight", Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3]))
    try valid.add("0.bias", Tensor([1, 2], shape: [2], dtype: .float64))
    try valid.add("n", integers: [1], shape: [])
    let seed = Array(valid.encoded())
    var rng = RandomGenerator(seed: 11)
    var decoded = 0
    for round in 0..<Self.fuzzRounds {
      var bytes = seed
      if round % 10 == 9 {
        bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
      } else {
        for _ in 0...(rng.next() % 4) {
          let i = Int(rng.next() % UInt64(bytes.count))
          switch rng.next() % 4 {
          case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
          case 1: bytes[i] = Array("0123456789[]{},:\"-".utf8)[Int(rng.next() % 18)]
          case 2: bytes.removeSubrange(i..<min(bytes.count, i + Int(rng.next() % 8)))
          default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
          }
          if bytes.isEmpty { break }
        }
      }
      if let file = try? SafeTensors(decoding: Data(bytes)) {
        decoded += 1
        for name in file.names {
          _ = try? file.tensor(name)
          _ = try? file.integers(name)
        }
      }
    }
    // Some mutations (in the padding or the data) still decode.
    #expect(decoded > 0 && decoded < Self.fuzzRounds)
  }
}

extension SafeTensors {
  /// N, the header length of the encoded file (padding included).
  fileprivate var headerLength: Int {
    Int(
      encoded().prefix(8).enumerated().reduce(UInt64(0)) {
        $0 | UInt64($1.element) << (8 * UInt64($1.offset))
      })
  }
}

extension Float {
  /// The value rounded to bfloat16 (round to nearest even), as PyTorch stores it.
  fileprivate var bf16Rounded: Float {
    let bits = bitPattern
    let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
    return Float(bitPattern: rounded & 0xFFFF_0000)
  }
}

@Suite("safetensors: metadata from the header alone")
struct SafeTensorsMetadataTests {
  @Test("metadata(contentsOfFile:) reads the header and ignores a damaged data section")
  func metadataOnly() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var file = SafeTensors(metadata: ["format": "pt", "descent": "{}"])
    try file.add("w", Tensor([1, 2, 3, 4], shape: [2, 2]))
    let path = folder.appendingPathComponent("m.safetensors").path
    var bytes = file.encoded()
    bytes.removeLast(4)  // a truncated data section: decoding fails, the header is whole
    try bytes.write(to: URL(fileURLWithPath: path))
    #expect(try SafeTensors.metadata(contentsOfFile: path) == ["format": "pt", "descent": "{}"])
    #expect(throws: SafeTensorsError.self) { try SafeTensors(contentsOfFile: path) }
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
    #expect(throws: SafeTensorsError.inFile(path: path, .fileTooSmall(byteCount: 3))) {
      try SafeTensors.metadata(contentsOfFile: path)
    }
  }
}
