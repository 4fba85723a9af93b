import Descent
import Testing

@Suite("RMSProp")
struct RMSPropTests {
  @Test("one step is η·g/(√s + ε) with s = (1 − α)·g² and ε outside the root")
  func oneStep() {
    var model = GradientProbe([1, -2])
    var rmsProp = RMSProp(learningRate: 0.1, alpha: 0.75, epsilon: 0.1)
    model.step(&rmsProp, gradient: [2, -4])
    // s = 0.25·[4, 16] = [1, 4]; √s + ε = [1.1, 2.1].
    expectClose(rmsProp.states["p"]?.meanSquare.scalars ?? [], [1, 4])
    expectClose(model.p.scalars, [1 - 0.1 * 2 / 1.1, -2 + 0.1 * 4 / 2.1])
  }

  @Test("centered divides by √(s − ḡ²) + ε")
  func centered() {
    var model = GradientProbe([1, -2])
    var rmsProp = RMSProp(learningRate: 0.1, alpha: 0.75, epsilon: 0.1, centered: true)
    model.step(&rmsProp, gradient: [2, -4])
    // s = [1, 4], ḡ = [0.5, −1]; s − ḡ² = [0.75, 3].
    expectClose(
      model.p.scalars,
      [1 - 0.2 / (0.75.squareRoot() + 0.1), -2 + 0.4 / (3.0.squareRoot() + 0.1)], rtol: 1e-14)
  }

  @Test("momentum keeps b = μ·b + g/d and steps by η·b; weight decay adds λ·p to g")
  func momentumAndWeightDecay() {
    var model = GradientProbe([1])
    var rmsProp = RMSProp(
      learningRate: 0.1, alpha: 0.5, epsilon: 0.5, weightDecay: 1, momentum: 0.5)
    model.step(&rmsProp, gradient: [1])
    // g = 1 + 1 = 2; s = 2; d = √2 + 0.5; b = 2/d; p = 1 − 0.1·b.
    let b1 = 2 / (2.0.squareRoot() + 0.5)
    let p1 = 1 - 0.1 * b1
    expectClose(model.p.scalars, [p1], rtol: 1e-14)
    model.step(&rmsProp, gradient: [1])
    let g2 = 1 + p1
    let s2 = 0.5 * 2 + 0.5 * g2 * g2
    let b2 = 0.5 * b1 + g2 / (s2.squareRoot() + 0.5)
    expectClose(model.p.scalars, [p1 - 0.1 * b2], rtol: 1e-14)
  }
}
