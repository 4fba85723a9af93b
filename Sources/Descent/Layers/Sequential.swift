/// Modules applied one after another: y = layers[n−1](…layers[1](layers[0](x))).
///
/// Parameter names are prefixed with the layer's position, as in PyTorch's `nn.Sequential`:
/// `0.weight`, `0.bias`, `2.weight`, …
///
///     var rng = RandomGenerator(seed: 0)
///     let model = Sequential(
///       Linear(inputSize: 64, outputSize: 32, using: &rng), ReLU(),
///       Linear(inputSize: 32, outputSize: 10, using: &rng))
public struct Sequential: Module {
  /// The layers, in the order they are applied.
  public var layers: [any Module]

  /// A model of `layers`, applied in order.
  public init(_ layers: [any Module]) {
    self.layers = layers
  }

  /// A model of `layers`, applied in order.
  public init(_ layers: any Module...) {
    self.layers = layers
  }

  /// Applies each layer in turn. A ``Linear`` layer followed by ``ReLU`` runs as one op
  /// (the same values and gradients, with one array and one graph node for the pair).
  public func callAsFunction(_ input: Tensor) -> Tensor {
    var x = input
    var i = 0
    while i < layers.count {
      if let linear = layers[i] as? Linear, i + 1 < layers.count, layers[i + 1] is ReLU {
        x = linear.callAsFunction(x, relu: true)
        i += 2
      } else {
        x = layers[i](x)
        i += 1
      }
    }
    return x
  }

  /// Visits each layer's parameters in order, prefixed by its index (`0.`, `1.`, …).
  public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    for i in layers.indices {
      layers[i].visitParameters(prefix: "\(prefix)\(i).", body)
    }
  }
}

extension Sequential {
  /// A multi-layer perceptron: `Linear` layers of the given sizes with `activation` between
  /// them (none after the last), initialized as suits the activation.
  ///
  /// `sizes` lists every width from input to output, e.g. `[64, 64, 10]` is 64 → 64 → 10,
  /// with parameters `0.weight` `[64, 64]`, `0.bias`, `2.weight` `[10, 64]`, `2.bias`.
  /// - Precondition: at least two sizes, all positive.
  public static func multilayerPerceptron(
    sizes: [Int], activation: Activation = .relu, dtype: DType = .float32,
    using rng: inout RandomGenerator
  ) -> Sequential {
    precondition(
      sizes.count >= 2, "multilayerPerceptron: needs input and output sizes, got \(sizes)")
    var layers: [any Module] = []
    for i in 0..<(sizes.count - 1) {
      let isLast = i == sizes.count - 2
      layers.append(
        Linear(
          inputSize: sizes[i], outputSize: sizes[i + 1],
          initialization: isLast ? .xavier : activation.suggestedInitialization, dtype: dtype,
          using: &rng))
      if !isLast { layers.append(activation.module) }
    }
    return Sequential(layers)
  }
}
