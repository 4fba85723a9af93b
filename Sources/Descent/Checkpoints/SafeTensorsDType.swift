/// The element types of the safetensors format that Descent reads, by their names in a file's
/// header (`"F32"`, …).
///
/// Source: the safetensors format, https://github.com/huggingface/safetensors (README,
/// "Format").
public enum SafeTensorsDType: String, Sendable, CaseIterable {
  /// IEEE 754 binary64.
  case float64 = "F64"
  /// IEEE 754 binary32.
  case float32 = "F32"
  /// IEEE 754 binary16 (half precision).
  case float16 = "F16"
  /// bfloat16: the upper 16 bits of a binary32.
  case bfloat16 = "BF16"
  /// Two's-complement signed 64-bit integer.
  case int64 = "I64"
  /// Two's-complement signed 32-bit integer.
  case int32 = "I32"
  /// Two's-complement signed 16-bit integer.
  case int16 = "I16"
  /// Two's-complement signed 8-bit integer.
  case int8 = "I8"
  /// Unsigned 8-bit integer.
  case uint8 = "U8"

  /// Bytes per element.
  public var byteWidth: Int {
    switch self {
    case .float64, .int64: 8
    case .float32, .int32: 4
    case .float16, .bfloat16, .int16: 2
    case .int8, .uint8: 1
    }
  }

  /// Whether the elements are floating-point numbers.
  public var isFloatingPoint: Bool {
    switch self {
    case .float64, .float32, .float16, .bfloat16: true
    case .int64, .int32, .int16, .int8, .uint8: false
    }
  }

  /// The safetensors dtype that stores a tensor of `dtype` exactly.
  public init(_ dtype: DType) {
    switch dtype {
    case .float32: self = .float32
    case .float64: self = .float64
    }
  }
}
