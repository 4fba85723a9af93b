/// The activation functions a network can use between layers.
public enum Activation: String, Sendable, CaseIterable {
  /// max(x, 0).
  case relu
  /// 1 / (1 + e^−x).
  case sigmoid
  /// tanh x.
  case tanh

  /// The activation as a module.
  public var module: any Module {
    switch self {
    case .relu: ReLU()
    case .sigmoid: Sigmoid()
    case .tanh: Tanh()
    }
  }

  /// The weight initialization that suits it: He for ReLU, Xavier otherwise.
  public var suggestedInitialization: WeightInitialization {
    self == .relu ? .he : .xavier
  }
}

/// Rectified linear unit, max(x, 0), elementwise; any shape. See ``Tensor/relu()``.
public struct ReLU: Module {
  /// Creates the layer (it has no parameters).
  public init() {}
  /// max(x, 0), elementwise.
  public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}

/// The logistic function 1 / (1 + e^−x), elementwise; any shape. See ``Tensor/sigmoid()``.
public struct Sigmoid: Module {
  /// Creates the layer (it has no parameters).
  public init() {}
  /// σ(x), elementwise.
  public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// The hyperbolic tangent, elementwise; any shape. See ``Tensor/tanh()``.
public struct Tanh: Module {
  /// Creates the layer (it has no parameters).
  public init() {}
  /// tanh x, elementwise.
  public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}
