import Descent
import Testing

/// A model with two parameters whose gradients a test chooses: Σ c₁ ⊙ a + Σ c₂ ⊙ b has
/// gradients c₁ and c₂.
private struct TwoParameters: Module {
  var a: Tensor
  var b: Tensor

  init(dtype: DType = .float64) {
    a = Tensor([0, 0], dtype: dtype)
    a.requiresGrad = true
    b = Tensor([0], dtype: dtype)
    b.requiresGrad = true
  }

  func callAsFunction(_ input: Tensor) -> Tensor { input }

  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "a", &a)
    body(prefix + "b", &b)
  }

  /// Gives `a` the gradient `ga` and `b` the gradient `gb`.
  func backward(_ ga: [Double], _ gb: [Double]) {
    let loss = (Tensor(ga, dtype: a.dtype) * a).sum() + (Tensor(gb, dtype: b.dtype) * b).sum()
    loss.backward()
  }
}

@Suite("Gradient clipping")
struct GradientClippingTests {
  @Test("clipGradientNorm scales by maxNorm/(‖g‖ + 1e-6) and returns ‖g‖")
  func clipsNorm() throws {
    var model = TwoParameters()
    model.backward([3, 0], [4])  // ‖g‖ = 5
    let norm = clipGradientNorm(&model, maxNorm: 1)
    #expect(norm == 5)
    let scale = 1 / (5 + 1e-6)
    let a = try #require(model.a.grad).scalars
    let b = try #require(model.b.grad).scalars
    #expect(Swift.abs(a[0] - 3 * scale) < 1e-15 && a[1] == 0)
    #expect(Swift.abs(b[0] - 4 * scale) < 1e-15)
  }

  @Test("clipGradientNorm leaves a gradient within maxNorm alone")
  func keepsSmallNorm() throws {
    var model = TwoParameters()
    model.backward([0.3, 0], [0.4])
    #expect(Swift.abs(clipGradientNorm(&model, maxNorm: 1) - 0.5) < 1e-15)
    #expect(try #require(model.a.grad).scalars == [0.3, 0])
    #expect(try #require(model.b.grad).scalars == [0.4])
  }

  @Test("clipGradientNorm keeps float32 gradients float32 and skips missing gradients")
  func float32AndMissing() throws {
    var model = TwoParameters(dtype: .float32)
    #expect(clipGradientNorm(&model, maxNorm: 1) == 0)
    model.backward([6, 8], [0])
    #expect(clipGradientNorm(&model, maxNorm: 2) == 10)
    let a = try #require(model.a.grad)
    #expect(a.dtype == .float32)
    #expect(Swift.abs(a.scalars[0] - 1.2) < 1e-6 && Swift.abs(a.scalars[1] - 1.6) < 1e-6)
  }

  @Test("clipGradientValues clamps each element to [−v, v]")
  func clipsValues() throws {
    var model = TwoParameters()
    model.backward([-3, 0.25], [2])
    clipGradientValues(&model, maxValue: 0.5)
    #expect(try #require(model.a.grad).scalars == [-0.5, 0.25])
    #expect(try #require(model.b.grad).scalars == [0.5])
  }
}
