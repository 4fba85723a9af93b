import Descent
import Testing

@Suite("Adagrad")
struct AdagradTests {
  @Test("two steps: s = s₀ + Σg², step ηₜ·g/(√s + ε) with ηₜ = η/(1 + (t − 1)·δ)")
  func twoSteps() {
    var model = GradientProbe([1, -2])
    var adagrad = Adagrad(
      learningRate: 0.1, learningRateDecay: 0.5, initialAccumulatorValue: 1, epsilon: 0.5)
    model.step(&adagrad, gradient: [3, 4])
    // s = 1 + [9, 16] = [10, 17].
    let p1 = [1 - 0.1 * 3 / (10.0.squareRoot() + 0.5), -2 - 0.1 * 4 / (17.0.squareRoot() + 0.5)]
    expectClose(adagrad.states["p"]?.sumOfSquares.scalars ?? [], [10, 17])
    expectClose(model.p.scalars, p1, rtol: 1e-14)
    model.step(&adagrad, gradient: [3, 4])
    // s = [19, 33]; η₂ = 0.1/1.5.
    let rate = 0.1 / 1.5
    expectClose(
      model.p.scalars,
      [
        p1[0] - rate * 3 / (19.0.squareRoot() + 0.5),
        p1[1] - rate * 4 / (33.0.squareRoot() + 0.5),
      ], rtol: 1e-14)
  }

  @Test("weight decay adds λ·p to the gradient before accumulating it")
  func weightDecay() {
    var model = GradientProbe([2])
    var adagrad = Adagrad(learningRate: 0.1, weightDecay: 0.5, epsilon: 1)
    model.step(&adagrad, gradient: [2])
    // g = 2 + 1 = 3; s = 9; p = 2 − 0.1·3/(3 + 1).
    expectClose(model.p.scalars, [2 - 0.3 / 4], rtol: 1e-14)
  }
}
