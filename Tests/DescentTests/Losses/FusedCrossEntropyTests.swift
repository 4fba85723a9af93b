import Testing

@testable import Descent

/// Cross-entropy without weights or smoothing runs as one op; its values and gradients must be
/// those of the separate ops (log-softmax, the labels' entries, negation, mean or sum) bit for
/// bit, and its second derivatives and forward-mode tangents those of the separate ops too.
@Suite("Fused cross-entropy")
struct FusedCrossEntropyTests {
  static let labels = [2, 0, 1, 1, 3]

  /// Logits with a masked class (−∞), a row with a +∞ and a row with two tied +∞.
  static func logits(dtype: DType) -> Tensor {
    var rng = RandomGenerator(seed: 8)
    var values = (0..<20).map { _ in 3 * rng.nextStandardNormal() }
    values[1] = -.infinity
    values[7] = .infinity
    values[12] = .infinity
    values[13] = .infinity
    return Tensor(values, shape: [5, 4], dtype: dtype)
  }

  /// The separate ops, as `crossEntropy` ran them before.
  static func separate(_ logits: Tensor, _ reduction: Reduction) -> Tensor {
    negativeLogLikelihood(
      logProbabilities: logSoftmaxRows(logits), labels: labels, reduction: reduction)
  }

  static func bits(_ t: Tensor?) -> [UInt64] { t?.scalars.map(\.bitPattern) ?? [] }

  @Test(
    "loss and gradient equal the separate ops' bit for bit",
    arguments: [DType.float32, .float64], [Reduction.mean, .sum])
  func sameBits(dtype: DType, reduction: Reduction) {
    var x = Self.logits(dtype: dtype)
    x.requiresGrad = true
    let fused = crossEntropy(logits: x, labels: Self.labels, reduction: reduction)
    (fused * 3).backward()
    let fusedGradient = x.grad
    x.zeroGrad()
    let separate = Self.separate(x, reduction)
    (separate * 3).backward()
    #expect(Self.bits(fused) == Self.bits(separate))
    #expect(Self.bits(fusedGradient) == Self.bits(x.grad))
    #expect(!Self.bits(fusedGradient).isEmpty)
  }

  @Test("second derivatives and tangents equal the separate ops'")
  func higherOrder() {
    let x = Self.logits(dtype: .float64) * 0 + Tensor([[1, 2, 0.5, -1]], dtype: .float64)
    let f = { (x: Tensor) in crossEntropy(logits: x, labels: Self.labels) }
    let g = { (x: Tensor) in Self.separate(x, .mean) }
    expectClose(hessian(of: f, at: x).scalars, hessian(of: g, at: x).scalars)
    let v = Tensor.ones(shape: x.shape, dtype: .float64)
    expectClose(
      jvp(of: f, at: x, along: v).tangent.scalars, jvp(of: g, at: x, along: v).tangent.scalars)
  }
}
