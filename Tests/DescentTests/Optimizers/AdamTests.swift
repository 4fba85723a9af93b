import Descent
import Testing

@Suite("Adam and AdamW")
struct AdamTests {
  @Test("one Adam step is η·m̂/(√v̂ + ε) with m̂ = g and v̂ = g² exactly")
  func adamOneStep() {
    var model = GradientProbe([1, -2])
    var adam = Adam(learningRate: 0.1)
    model.step(&adam, gradient: [0.5, 1])
    // m = 0.1·g, v = 0.001·g²; bias-corrected m̂ = g, v̂ = g², so the step is η·g/(|g| + ε).
    expectClose(model.p.scalars, [1 - 0.1 * 0.5 / (0.5 + 1e-8), -2 - 0.1 / (1 + 1e-8)])
    expectClose(adam.states["p"]?.firstMoment.scalars ?? [], [0.05, 0.1])
    expectClose(adam.states["p"]?.secondMoment.scalars ?? [], [0.00025, 0.001])
    #expect(adam.states["p"]?.step == 1)
  }

  @Test("AMSGrad divides by the running maximum of v, bias-corrected")
  func amsgradTwoSteps() {
    var model = GradientProbe([0])
    var adam = Adam(learningRate: 0.1, beta1: 0.5, beta2: 0.5, epsilon: 0.25, amsgrad: true)
    model.step(&adam, gradient: [2])
    // m = 1, v = 2, vmax = 2; m̂ = 2, v̂ = 4: step 0.1·2/(2 + 0.25).
    let p1 = -0.2 / 2.25
    expectClose(model.p.scalars, [p1])
    model.step(&adam, gradient: [0])
    // m = 0.5, v = 1, vmax = 2; m̂ = 0.5/0.75, v̂max = 2/0.75.
    expectClose(adam.states["p"]?.maxSecondMoment?.scalars ?? [], [2])
    let p2 = p1 - 0.1 * (0.5 / 0.75) / ((2 / 0.75).squareRoot() + 0.25)
    expectClose(model.p.scalars, [p2])
  }

  @Test("one AdamW step shrinks p by 1 − η·λ, then takes the Adam step on the data gradient")
  func adamWOneStep() {
    var model = GradientProbe([1, -2])
    var adamW = AdamW(learningRate: 0.1, weightDecay: 0.5)
    model.step(&adamW, gradient: [0.5, 1])
    // p·(1 − 0.05) = [0.95, −1.9], then −η·g/(|g| + ε).
    expectClose(model.p.scalars, [0.95 - 0.1 * 0.5 / (0.5 + 1e-8), -1.9 - 0.1 / (1 + 1e-8)])
  }

  @Test("AdamW's default weight decay is 0.01, as PyTorch's")
  func adamWDefaults() {
    let adamW = AdamW()
    #expect(adamW.weightDecay == 0.01 && adamW.learningRate == 1e-3)
    #expect(adamW.beta1 == 0.9 && adamW.beta2 == 0.999 && adamW.epsilon == 1e-8)
    #expect(Adam().weightDecay == 0)
  }

  @Test(
    "bug case adam-epsilon-after-bias-correction: ε is added after √v̂", arguments: ["A", "B", "C"])
  func epsilonAfterBiasCorrection(_ input: String) throws {
    let bug = try Fixtures.bugCase("adam-epsilon-after-bias-correction")
    let inputs = try #require((bug["case"] as? [String: Any])?["inputs"] as? [String: Any])
    let values = try #require(inputs[input] as? [String: Any])
    let expectedAll = try #require(bug["expected"] as? [String: Any])
    let expected = try Fixtures.numbers(expectedAll["\(input)_theta_after_each_step"])
    let tolerance = try #require(bug["tolerance"] as? [String: Any])
    let rtol = try Fixtures.number(tolerance["rel"])
    var adam = Adam(
      learningRate: try Fixtures.number(values["lr"]), beta1: try Fixtures.number(values["beta1"]),
      beta2: try Fixtures.number(values["beta2"]), epsilon: try Fixtures.number(values["eps"]))
    var model = GradientProbe([try Fixtures.number(values["theta0"])])
    var thetas: [Double] = []
    for g in try Fixtures.numbers(values["grads"]) {
      model.step(&adam, gradient: [g])
      thetas.append(model.p.item)
    }
    expectClose(thetas, expected, rtol: rtol)
    if input == "A" {
      let wrong = try Fixtures.numbers(expectedAll["A_WRONG_eps_before_correction"])
      #expect(!isApproximatelyEqual(thetas[0], wrong[0], atol: 1e-3, rtol: 0))
    }
  }

  @Test("bug case adam-l2-vs-decoupled-weight-decay: Adam adds λ·p to g, AdamW decays p")
  func l2VersusDecoupled() throws {
    let bug = try Fixtures.bugCase("adam-l2-vs-decoupled-weight-decay")
    let inputs = try #require((bug["case"] as? [String: Any])?["inputs"] as? [String: Any])
    let expected = try #require(bug["expected"] as? [String: Any])
    let rtol = try Fixtures.number((bug["tolerance"] as? [String: Any])?["rel"])

    func run<O: Optimizer>(_ optimizer: O, grads: [Double]) -> [Double] {
      var optimizer = optimizer
      var model = GradientProbe([1])
      return grads.map { g in
        model.step(&optimizer, gradient: [g])
        return model.p.item
      }
    }
    let adam = Adam(learningRate: 0.1, weightDecay: 0.1)
    let adamW = AdamW(learningRate: 0.1, weightDecay: 0.1)
    let abGrads = try Fixtures.numbers(inputs["a_b_data_grads"])
    let cGrads = try Fixtures.numbers(inputs["c_data_grads"])
    let dGrads = try Fixtures.numbers(inputs["d_data_grads"])
    expectClose(run(adam, grads: abGrads), try Fixtures.numbers(expected["a_adam_l2"]), rtol: rtol)
    expectClose(run(adamW, grads: abGrads), try Fixtures.numbers(expected["b_adamw"]), rtol: rtol)
    expectClose(run(adam, grads: cGrads), try Fixtures.numbers(expected["c_adam_l2"]), rtol: rtol)
    expectClose(run(adamW, grads: cGrads), try Fixtures.numbers(expected["c_adamw"]), rtol: rtol)
    expectClose(
      run(SGD(learningRate: 0.1, weightDecay: 0.1), grads: dGrads),
      try Fixtures.numbers(expected["d_sgd_both"]), rtol: rtol)
  }
}
