import RealModule

/// The element types a ``Tensor`` stores: `Float` (``DType/float32``) and `Double`
/// (``DType/float64``). Kernels are written once, generic over this protocol, and
/// specialized by the compiler for each.
public protocol TensorScalar: BinaryFloatingPoint, Real, Sendable
where Self.RawSignificand: FixedWidthInteger {
  /// The dtype of tensors holding this scalar type.
  static var dtype: DType { get }
}

extension Float: TensorScalar {
  /// ``DType/float32``.
  public static var dtype: DType { .float32 }
}

extension Double: TensorScalar {
  /// ``DType/float64``.
  public static var dtype: DType { .float64 }
}
