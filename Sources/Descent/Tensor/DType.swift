/// The element type of a ``Tensor``.
///
/// Mixing dtypes in a binary op promotes to the wider one (float32 with float64 gives
/// float64), as PyTorch does.
public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
  /// IEEE 754 binary32, Swift's `Float`. The default.
  case float32
  /// IEEE 754 binary64, Swift's `Double`.
  case float64

  /// The wider of two dtypes: float64 if either is float64.
  public static func promoted(_ a: DType, _ b: DType) -> DType {
    a == .float64 || b == .float64 ? .float64 : .float32
  }

  /// Bytes per element: 4 or 8.
  public var byteCount: Int { self == .float32 ? 4 : 8 }

  /// `float32` or `float64`.
  public var description: String { rawValue }
}
