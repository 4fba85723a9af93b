import Descent
import Testing

/// `Linear` (and `Linear` followed by `ReLU` in a `Sequential`) runs as one op; its values and
/// gradients must be those of `matmul`, `+` and `relu()` one after another, bit for bit, and
/// it must work in forward mode and under higher-order differentiation.
@Suite("Fused Linear and ReLU")
struct FusedLinearTests {
  /// 5 → 8 → ReLU → 4 → ReLU → 3, so that the last layer is not followed by ReLU.
  static func model(dtype: DType) -> Sequential {
    var rng = RandomGenerator(seed: 21)
    return Sequential(
      Linear(inputSize: 5, outputSize: 8, dtype: dtype, using: &rng), ReLU(),
      Linear(inputSize: 8, outputSize: 4, dtype: dtype, using: &rng), ReLU(),
      Linear(inputSize: 4, outputSize: 3, dtype: dtype, using: &rng))
  }

  /// A batch with negative values and exact zeros.
  static func input(dtype: DType) -> Tensor {
    var rng = RandomGenerator(seed: 4)
    let values = (0..<35).map { i in i % 6 == 0 ? 0 : rng.nextStandardNormal() }
    return Tensor(values, shape: [7, 5], dtype: dtype)
  }

  /// The model applied with the separate ops.
  static func unfused(_ model: Sequential, _ x: Tensor) -> Tensor {
    var h = x
    for layer in model.layers {
      if let linear = layer as? Linear {
        h = Tensor.matmul(h, linear.weight, transposeB: true) + linear.bias
      } else {
        h = layer(h)
      }
    }
    return h
  }

  static func bits(_ t: Tensor) -> [UInt64] { t.scalars.map(\.bitPattern) }

  @Test(
    "values and parameter gradients equal the separate ops' bit for bit",
    arguments: [
      DType.float32, .float64,
    ])
  func sameValuesAndGradients(dtype: DType) {
    let model = Self.model(dtype: dtype)
    let x = Self.input(dtype: dtype)
    let fused = model(x)
    let separate = Self.unfused(model, x)
    #expect(Self.bits(fused) == Self.bits(separate))

    model.zeroGrad()
    crossEntropy(logits: model(x), labels: [0, 1, 2, 0, 1, 2, 0]).backward()
    let fusedGradients = model.parameters.map { $0.grad.map(Self.bits) ?? [] }
    model.zeroGrad()
    crossEntropy(logits: Self.unfused(model, x), labels: [0, 1, 2, 0, 1, 2, 0]).backward()
    let separateGradients = model.parameters.map { $0.grad.map(Self.bits) ?? [] }
    #expect(fusedGradients == separateGradients)
    #expect(fusedGradients.allSatisfy { !$0.isEmpty })
  }

  @Test("the input's gradient, its forward-mode tangent and a Hessian-vector product agree")
  func derivativesWithRespectToTheInput() {
    let model = Self.model(dtype: .float64)
    let x = Self.input(dtype: .float64)
    let v = Tensor.ones(shape: x.shape, dtype: .float64) * 0.5
    let f = { (x: Tensor) in (model(x) * model(x)).sum() }
    let g = { (x: Tensor) in (Self.unfused(model, x) * Self.unfused(model, x)).sum() }
    #expect(Self.bits(gradient(of: f, at: x)) == Self.bits(gradient(of: g, at: x)))
    let tangents = (
      jvp(of: { model($0) }, at: x, along: v), jvp(of: { Self.unfused(model, $0) }, at: x, along: v)
    )
    #expect(Self.bits(tangents.0.value) == Self.bits(tangents.1.value))
    expectClose(tangents.0.tangent.scalars, tangents.1.tangent.scalars)
    expectClose(
      hessianVectorProduct(of: f, at: x, along: v).scalars,
      hessianVectorProduct(of: g, at: x, along: v).scalars)
  }

  @Test("a layer whose input has another dtype promotes, as matmul and + do")
  func mixedDtypes() {
    var rng = RandomGenerator(seed: 2)
    let layer = Linear(inputSize: 3, outputSize: 2, dtype: .float64, using: &rng)
    let x = Tensor([[1, -2, 0.5]])
    let y = layer(x)
    #expect(y.dtype == .float64)
    #expect(y.scalars == (Tensor.matmul(x, layer.weight, transposeB: true) + layer.bias).scalars)
  }
}
