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
    callAsFunction(input, relu: false)
  }

  /// x·Wᵀ + b, then max(·, 0) when `relu` is true, as one op (see `affine(_:relu:)`).
  /// - Precondition: `input` is `[batch, inputSize]`.
  func callAsFunction(_ input: Tensor, relu: Bool) -> Tensor {
    precondition(
      input.rank == 2 && input.shape[1] == inputSize,
      "Linear: input of shape \(input.shape) does not fit a layer of inputSize \(inputSize); "
        + "expected [batch, \(inputSize)]")
    return affine(input, relu: relu)
  }

  /// Visits `weight` then `bias`, named `prefix + "weight"` and `prefix + "bias"`.
  public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "weight", &weight)
    body(prefix + "bias", &bias)
  }
}

extension Linear {
  /// x·Wᵀ + b, followed by ReLU when `relu` is true, as one op of the graph (`linear` or
  /// `linearReLU`): the product's result is written over with the bias and the activation in
  /// place, so one array and one graph node stand for three of each. Values and gradients are
  /// those of `matmul`, `+` and `relu()` one after another, bit for bit (the same kernels and
  /// the same order of operations; ReLU's derivative is read from the output, which is
  /// positive exactly where its input is). Operands of mixed dtypes take the separate ops.
  /// - Precondition: `input` is `[batch, inputSize]` (checked by the callers).
  func affine(_ input: Tensor, relu: Bool) -> Tensor {
    guard input.dtype == weight.dtype, bias.dtype == weight.dtype else {
      let y = Tensor.matmul(input, weight, transposeB: true) + bias
      return relu ? y.relu() : y
    }
    let (m, k, n) = (input.shape[0], inputSize, outputSize)
    let out: TensorStorage =
      switch (input.storage, weight.storage, bias.storage) {
      case (.float32(let x), .float32(let w), .float32(let b)):
        .float32(affineForward(x, w, b, m: m, k: k, n: n, relu: relu))
      case (.float64(let x), .float64(let w), .float64(let b)):
        .float64(affineForward(x, w, b, m: m, k: k, n: n, relu: relu))
      default: preconditionFailure("unreachable: operands of one dtype")
      }
    return .result(
      out, shape: [m, n], op: relu ? "linearReLU" : "linear", inputs: [input, weight, bias],
      rule: { g, inputs, y in
        let (x, w, b) = (inputs[0], inputs[1], inputs[2])
        // As the separate ops: relu passes g·step, add passes it on to the product and (summed
        // over the batch) to the bias, and matmul gives G·W and Gᵀ·x.
        let (g, biasGradient) = affineGradients(g, output: y, relu: relu, bias: b.requiresGrad)
        return [
          x.requiresGrad ? Tensor.matmul(g, w) : nil,
          w.requiresGrad ? Tensor.matmul(g, x, transposeA: true) : nil,
          biasGradient,
        ]
      },
      // d(x·Wᵀ + b) = dx·Wᵀ + x·dWᵀ + db, masked by ReLU's derivative.
      forward: { t, inputs, y in
        let (x, w) = (inputs[0], inputs[1])
        let terms = [
          t[0].map { Tensor.matmul($0, w, transposeB: true) },
          t[1].map { Tensor.matmul(x, $0, transposeB: true) }, t[2],
        ].compactMap { $0 }
        guard var sum = terms.first else { return nil }
        for term in terms.dropFirst() { sum = sum + term }
        return relu ? sum * y.unary(.step) : sum
      })
  }
}

/// The gradient reaching the product, `g` times ReLU's derivative when `relu` (ReLU's own
/// backward rule, read from the `output`, which is positive exactly where the input is), and,
/// when `bias`, the bias's gradient, that gradient summed over the rows (`sumToShape`, which
/// accumulates float32 in `Double`, row after row), in one pass without the sum's intermediate
/// tensors when the backward pass does not record.
private func affineGradients(_ g: Tensor, output y: Tensor, relu: Bool, bias: Bool) -> (
  Tensor, Tensor?
) {
  let masked = relu ? UnaryOp.relu.backward(g, y, y)! : g
  guard bias else { return (masked, nil) }
  guard !isRecordingGradients, masked.rank == 2 else {
    return (masked, masked.sumToShape([y.shape[1]]))
  }
  let (rows, columns) = (masked.shape[0], masked.shape[1])
  func run<T: TensorScalar>(_ g: [T]) -> [T] {
    var sums = [Double](repeating: 0, count: columns)
    if !g.isEmpty {
      g.withUnsafeBufferPointer { g in
        sums.withUnsafeMutableBufferPointer { sums in
          sumRows(g.baseAddress!, rows: rows, columns: columns, into: sums.baseAddress!)
        }
      }
    }
    // float64 sums in Double are the reduction's own; float32 ones round once at the end.
    return sums.map { T($0) }
  }
  let sums: TensorStorage =
    switch masked.storage {
    case .float32(let a): .float32(run(a))
    case .float64(let a): .float64(run(a))
    }
  return (masked, Tensor(storage: sums, shape: [columns]))
}

/// x·Wᵀ + b (`x` `[m, k]`, `w` `[n, k]`, `b` `[n]`), then ReLU when `relu`: the product, with
/// the bias added to each row and the activation applied in place, rows split across threads
/// when there are many.
private func affineForward<T: TensorScalar>(
  _ x: [T], _ w: [T], _ b: [T], m: Int, k: Int, n: Int, relu: Bool
) -> [T] {
  var y = matrixProduct(x, w, m: m, k: k, n: n, transposeA: false, transposeB: true)
  if m == 0 || n == 0 { return y }
  y.withUnsafeMutableBufferPointer { y in
    b.withUnsafeBufferPointer { b in
      let (y, b) = (y.baseAddress!, b.baseAddress!)
      forEachPart(count: m, minimumPerPart: Swift.max(1, elementwisePartSize / n)) { rows in
        addBias(b, to: y, rows: rows, columns: n, relu: relu)
      }
    }
  }
  return y
}

/// Adds the row `b` to each row in `rows` of the `columns`-wide matrix at `y`, then applies
/// ReLU when `relu`. A function of its own so that the loop reads its bounds and pointers from
/// arguments, not from a closure's context (which a store through `y` might alias, and which
/// then keeps the loop from being vectorized).
@inline(__always)
private func addBias<T: TensorScalar>(
  _ b: UnsafePointer<T>, to y: UnsafeMutablePointer<T>, rows: Range<Int>, columns n: Int,
  relu: Bool
) {
  for row in rows {
    let r = y + row * n
    if relu {
      // relu's `v > 0 ? v : (v.isNaN ? v : 0)`: Swift.max(v, 0) is `0 >= v ? 0 : v`, the
      // same values (NaN kept, −0 to 0) in one comparison, which vectorizes.
      for j in 0..<n { r[j] = Swift.max(r[j] + b[j], 0) }
    } else {
      for j in 0..<n { r[j] = r[j] + b[j] }
    }
  }
}

/// Adds each of `rows` rows of the `columns`-wide matrix at `x` into `sums`, row after row,
/// each element widened to `Double` (the order and precision of `sum(axes: [0])`).
@inline(__always)
private func sumRows<T: TensorScalar>(
  _ x: UnsafePointer<T>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Double>
) {
  for row in 0..<rows {
    let r = x + row * columns
    for j in 0..<columns { sums[j] = sums[j] + Double(r[j]) }
  }
}
