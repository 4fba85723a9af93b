/// An n-dimensional array of floating-point numbers, stored contiguously in row-major order,
/// that can record the operations applied to it for reverse-mode automatic differentiation.
///
/// A tensor has a ``shape`` (`[]` for a scalar, `[n]` for a vector, `[rows, columns]` for a
/// matrix, …) and a ``dtype`` (``DType/float32`` by default, or ``DType/float64``). Its
/// elements have value semantics: ops return new tensors and never change their operands.
///
///     let x = Tensor([[1, 2], [3, 4]])          // shape [2, 2], float32
///     var w = Tensor([0.5, -1], dtype: .float64)  // shape [2]
///     w.requiresGrad = true
///     let loss = (x * w).sum()                  // broadcasts w over the rows
///     loss.backward()
///     w.grad                                    // [4, 6], float64
///
/// A tensor whose ``requiresGrad`` is true, or that was computed from one while recording is
/// on (see ``withoutGradients(_:)``), carries a node of the computation graph.
/// ``backward(createGraph:)`` walks that graph from a scalar back to its leaves and adds
/// ∂output/∂leaf into each leaf's ``grad``. Copies of a leaf share its node, and so its `grad`.
///
/// Inside ``jvp(of:at:along:)-(_,Tensor,_)`` (forward mode), ops also carry a tangent
/// alongside each value, computed by the op's forward rule in the same pass.
/// ``gradient(of:at:)->Tensor``, ``vjp(of:at:)``, ``jacobian(of:at:mode:)``,
/// ``hessian(of:at:)`` and the check
/// ``gradientCheck(of:at:step:absoluteTolerance:relativeTolerance:seed:)-(_,Tensor,_,_,_,_)``
/// differentiate functions of tensors without touching any `grad`.
public struct Tensor: Sendable {
  /// The size of each axis. `[]` for a scalar.
  public let shape: [Int]

  @usableFromInline
  var storage: TensorStorage

  /// The computation-graph node: set for leaves that require gradients and for results of
  /// recorded ops; nil otherwise.
  var node: GradNode?

  init(storage: TensorStorage, shape: [Int], node: GradNode? = nil) {
    precondition(
      storage.count == Shape.count(shape),
      "Tensor: \(storage.count) elements do not fill shape \(shape)")
    self.storage = storage
    self.shape = shape
    self.node = node
  }

  /// The element type.
  public var dtype: DType { storage.dtype }

  /// The number of axes: 0 for a scalar.
  public var rank: Int { shape.count }

  /// The number of elements: the product of the shape (1 for a scalar).
  public var count: Int { storage.count }
}

// MARK: - Creation

extension Tensor {
  /// A tensor of the given shape whose elements are `scalars`, in row-major order.
  /// - Parameters:
  ///   - scalars: the elements; `scalars.count` must equal the product of `shape`.
  ///   - shape: the shape; defaults to `[scalars.count]`.
  ///   - dtype: the element type; default ``DType/float32`` (values are rounded to nearest).
  /// - Precondition: `scalars.count` equals the product of `shape`.
  public init(_ scalars: [Double], shape: [Int]? = nil, dtype: DType = .float32) {
    let shape = shape ?? [scalars.count]
    precondition(
      shape.allSatisfy { $0 >= 0 },
      "Tensor(_:shape:): negative size in shape \(shape)")
    precondition(
      scalars.count == Shape.count(shape),
      "Tensor(_:shape:): \(scalars.count) values do not fill shape \(shape)")
    switch dtype {
    case .float32: self.init(storage: .float32(scalars.map(Float.init)), shape: shape)
    case .float64: self.init(storage: .float64(scalars), shape: shape)
    }
  }

  /// A float32 tensor holding `scalars`, with shape `[scalars.count]` unless given.
  /// - Precondition: `scalars.count` equals the product of `shape`.
  public init(_ scalars: [Float], shape: [Int]? = nil) {
    let shape = shape ?? [scalars.count]
    precondition(
      scalars.count == Shape.count(shape),
      "Tensor(_:shape:): \(scalars.count) values do not fill shape \(shape)")
    self.init(storage: .float32(scalars), shape: shape)
  }

  /// A matrix, shape `[rows.count, rows[0].count]`, from its rows.
  /// - Precondition: every row has the same length.
  public init(_ rows: [[Double]], dtype: DType = .float32) {
    let columns = rows.first?.count ?? 0
    for (i, row) in rows.enumerated() {
      precondition(
        row.count == columns,
        "Tensor(_ rows:): row \(i) has \(row.count) values, row 0 has \(columns)")
    }
    self.init(rows.flatMap { $0 }, shape: [rows.count, columns], dtype: dtype)
  }

  /// A scalar tensor (shape `[]`).
  public init(scalar: Double, dtype: DType = .float32) {
    self.init([scalar], shape: [], dtype: dtype)
  }

  /// A tensor of `shape` with every element equal to `value`.
  public init(repeating value: Double, shape: [Int], dtype: DType = .float32) {
    precondition(
      shape.allSatisfy { $0 >= 0 }, "Tensor(repeating:shape:): negative size in \(shape)")
    self.init(
      storage: .repeating(value, count: Shape.count(shape), dtype: dtype), shape: shape)
  }

  /// A tensor of zeros.
  public static func zeros(shape: [Int], dtype: DType = .float32) -> Tensor {
    Tensor(repeating: 0, shape: shape, dtype: dtype)
  }

  /// A tensor of ones.
  public static func ones(shape: [Int], dtype: DType = .float32) -> Tensor {
    Tensor(repeating: 1, shape: shape, dtype: dtype)
  }

  /// Independent normal draws with the given mean and standard deviation, from `rng`.
  /// - Parameters:
  ///   - shape: the result's shape.
  ///   - mean: the distribution's mean; default 0.
  ///   - standardDeviation: default 1; must be ≥ 0.
  ///   - dtype: the element type; default float32.
  ///   - rng: the caller's seeded generator; the same seed gives the same tensor.
  public static func randomNormal(
    shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32,
    using rng: inout RandomGenerator
  ) -> Tensor {
    precondition(standardDeviation >= 0, "randomNormal: negative standard deviation")
    let values = (0..<Shape.count(shape)).map { _ in
      mean + standardDeviation * rng.nextStandardNormal()
    }
    return Tensor(values, shape: shape, dtype: dtype)
  }

  /// Independent uniform draws from `[lowerBound, upperBound)`, from `rng`.
  /// - Precondition: `lowerBound <= upperBound`.
  public static func randomUniform(
    shape: [Int], lowerBound: Double = 0, upperBound: Double = 1, dtype: DType = .float32,
    using rng: inout RandomGenerator
  ) -> Tensor {
    precondition(lowerBound <= upperBound, "randomUniform: lowerBound > upperBound")
    let values = (0..<Shape.count(shape)).map { _ in
      lowerBound + (upperBound - lowerBound) * rng.nextUnitInterval()
    }
    return Tensor(values, shape: shape, dtype: dtype)
  }
}

// MARK: - Reading elements

extension Tensor {
  /// The elements in row-major order, widened to `Double` (exact for both dtypes).
  public var scalars: [Double] { storage.doubles }

  /// The elements as `Float`s, in row-major order (float64 values are rounded).
  public var floats: [Float] {
    switch storage {
    case .float32(let a): a
    case .float64(let a): a.map(Float.init)
    }
  }

  /// The value of a one-element tensor.
  /// - Precondition: `count == 1`.
  public var item: Double {
    precondition(count == 1, "item: needs a tensor with one element, got shape \(shape)")
    return switch storage {
    case .float32(let a): Double(a[0])
    case .float64(let a): a[0]
    }
  }

  /// The element at a multi-index, one index per axis.
  /// - Precondition: one in-range index per axis.
  public subscript(_ indices: Int...) -> Double {
    precondition(
      indices.count == rank, "Tensor subscript: \(indices.count) indices for shape \(shape)")
    var offset = 0
    let strides = Shape.strides(shape)
    for (axis, i) in indices.enumerated() {
      precondition(
        i >= 0 && i < shape[axis],
        "Tensor subscript: index \(i) out of range for axis \(axis) of shape \(shape)")
      offset += i * strides[axis]
    }
    return switch storage {
    case .float32(let a): Double(a[offset])
    case .float64(let a): a[offset]
    }
  }
}
