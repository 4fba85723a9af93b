/// A layer or model: a differentiable function of a tensor with named, trainable parameters.
///
/// Parameters have stable names in PyTorch's style, so optimizers, checkpoints and parameter
/// groups can address them: a ``Linear`` has `weight` and `bias`; inside a ``Sequential`` they
/// become `0.weight`, `0.bias`, `2.weight`, … by the layer's position.
///
/// Modules are values: copying one copies its parameter values. Copies share their
/// parameters' gradient accumulators (each parameter's `grad`), as the graph refers to them.
public protocol Module: Sendable {
  /// Applies the module to `input`.
  func callAsFunction(_ input: Tensor) -> Tensor

  /// Calls `body` with each parameter's full name (prefixed by `prefix`) and the parameter
  /// itself, in a fixed order, letting it replace the parameter's value.
  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void)
}

extension Module {
  /// A module without parameters visits nothing.
  public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {}

  /// The parameters in a fixed order, with their full names (`0.weight`, `0.bias`, …).
  public var namedParameters: [(name: String, tensor: Tensor)] {
    var copy = self
    var result: [(name: String, tensor: Tensor)] = []
    copy.visitParameters(prefix: "") { name, tensor in result.append((name, tensor)) }
    return result
  }

  /// The parameters, in the order of ``namedParameters``.
  public var parameters: [Tensor] { namedParameters.map(\.tensor) }

  /// The number of trainable scalars over all parameters.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  /// Clears every parameter's accumulated gradient.
  public func zeroGrad() {
    var copy = self
    copy.visitParameters(prefix: "") { _, parameter in parameter.zeroGrad() }
  }
}
