/// How a ``Linear`` layer's weights are drawn.
public enum WeightInitialization: String, Sendable, CaseIterable {
  /// He (Kaiming) normal: N(0, 2/in). Suits ReLU layers.
  /// Source: K. He et al., "Delving Deep into Rectifiers", ICCV 2015.
  case he
  /// Xavier (Glorot) uniform: U(−a, a) with a = √(6/(in + out)). Suits tanh and sigmoid.
  /// Source: X. Glorot, Y. Bengio, "Understanding the difficulty of training deep
  /// feedforward neural networks", AISTATS 2010.
  case xavier
}

/// A fully connected layer: y = x·Wᵀ + b.
///
/// Shapes: input `[batch, inputSize]` → output `[batch, outputSize]`; ``weight`` is
/// `[outputSize, inputSize]` (PyTorch's layout), ``bias`` is `[outputSize]`. Parameter names:
/// `weight` and `bias`. The bias starts at zero; the weight is drawn as ``WeightInitialization``
/// says, from the caller's generator, so the same seed gives the same layer.
///
///     var rng = RandomGenerator(seed: 0)
///     let layer = Linear(inputSize: 4, outputSize: 3, using: &rng)
///     let y = layer(Tensor.zeros(shape: [8, 4]))   // [8, 3]
public struct Linear: Module {
  /// `[outputSize, inputSize]`.
  public var weight: Tensor
  /// `[outputSize]`.
  public var bias: Tensor

  /// Input features per sample.
  public var inputSize: Int { weight.shape[1] }
  /// Output features per sample.
  public var outputSize: Int { weight.shape[0] }

  /// A layer with freshly initialized parameters that require gradients.
  /// - Precondition: both sizes are positive.
  public init(
    inputSize: Int, outputSize: Int, initialization: WeightInitialization = .he,
    dtype: DType = .float32, using rng: inout RandomGenerator
  ) {
    precondition(
      inputSize > 0 && outputSize > 0,
      "Linear: sizes must be positive, got inputSize \(inputSize), outputSize \(outputSize)")
    let shape = [outputSize, inputSize]
    switch initialization {
    case .he:
      weight = .randomNormal(
        shape: shape, standardDeviation: (2 / Double(inputSize)).squareRoot(), dtype: dtype,
        using: &rng)
    case .xavier:
      let a = (6 / Double(inputSize + outputSize)).squareRoot()
      weight = .randomUniform(
        shape: shape, lowerBound: -a, upperBound: a, dtype: dtype, using: &rng)
    }
    bias = .zeros(shape: [outputSize], dtype: dtype)
    weight.requiresGrad = true
    bias.requiresGrad = true
  }

  /// A layer with the given parameters (made leaves that require gradients).
  /// - Precondition: `weight` is `[out, in]` and `bias` is `[out]`.
  public init(weight: Tensor, bias: Tensor) {
    precondition(
      weight.rank == 2 && bias.shape == [weight.shape.first ?? -1],
      "Linear: weight \(weight.shape) must be [out, in] and bias \(bias.shape) must be [out]")
    self.weight = weight
    self.bias = bias
    self.weight.requiresGrad = true
    self.bias.requiresGrad = true
  }

  /// x·Wᵀ + b: `[batch, inputSize]` → `[batch, outputSize]`.
  /// - Precondition: `input` is `[batch, inputSize]`.
  public func callAsFunction(_ input: Tensor) -> Tensor {
    precondition(
      input.rank == 2 && input.shape[1] == inputSize,
      "Linear: input of shape \(input.shape) does not fit a layer of inputSize \(inputSize); "
        + "expected [batch, \(inputSize)]")
    return Tensor.matmul(input, weight, transposeB: true) + bias
  }

  /// Visits `weight` then `bias`, named `prefix + "weight"` and `prefix + "bias"`.
  public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "weight", &weight)
    body(prefix + "bias", &bias)
  }
}
