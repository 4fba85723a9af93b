import Descent
import Foundation
import Testing

/// The in-place updates of SGD, Adam, AdamW, RMSProp and Adagrad: float32 results equal, bit for bit, the
/// formulas evaluated one operation at a time in `Float` (the order of the tensor-op versions
/// they replaced), on parameters small and large enough to be split across threads; and
/// copies taken before a step (of the model, of the optimizer's state) keep their values.
@Suite("In-place optimizer updates")
struct InPlaceUpdateTests {
  /// A parameter of `count` values and three gradients for it, all float32-exact.
  static func problem(count: Int) -> (start: [Float], gradients: [[Float]]) {
    var rng = RandomGenerator(seed: 11)
    let start = (0..<count).map { _ in Float(rng.nextStandardNormal()) }
    let gradients = (0..<3).map { step in
      (0..<count).map { i in
        // Some exact zeros and negative zeros, whose signs a reordering would change.
        i % 17 == 0 ? (step == 1 ? -0.0 : 0) : Float(rng.nextStandardNormal())
      }
    }
    return (start, gradients)
  }

  /// `p` after three steps of `optimizer` on `problem(count:)`, with `threads` threads.
  static func trained<O: Optimizer>(_ optimizer: O, count: Int, threads: Int) -> [Float] {
    let (start, gradients) = problem(count: count)
    var model = GradientProbe(start.map(Double.init), dtype: .float32)
    var optimizer = optimizer
    Threading.withCount(threads) {
      for g in gradients { model.step(&optimizer, gradient: g.map(Double.init)) }
    }
    return model.p.floats
  }

  /// Adam (or AdamW with `decoupled`) by its formula in `Float`, element by element.
  static func adamReference(
    count: Int, lr: Double, b1: Double, b2: Double, eps: Double, decay: Double,
    decoupled: Bool, amsgrad: Bool
  ) -> [Float] {
    var (p, gradients) = problem(count: count)
    var m = [Float](repeating: 0, count: count)
    var v = m
    var maxV = m
    for (t, g) in gradients.enumerated() {
      let step = Double(t + 1)
      let root = Float((1 - pow(b2, step)).squareRoot())
      let size = Float(lr / (1 - pow(b1, step)))
      let keep: Float = decoupled && decay != 0 ? Float(1 - lr * decay) : 1
      for i in 0..<count {
        let gi = !decoupled && decay != 0 ? g[i] + p[i] * Float(decay) : g[i]
        m[i] = t == 0 ? gi * Float(1 - b1) : m[i] * Float(b1) + gi * Float(1 - b1)
        v[i] = t == 0 ? gi * gi * Float(1 - b2) : v[i] * Float(b2) + gi * gi * Float(1 - b2)
        var source = v[i]
        if amsgrad {
          maxV[i] = t == 0 ? v[i] : Swift.max(maxV[i], v[i])
          source = maxV[i]
        }
        p[i] = p[i] * keep - m[i] / (source.squareRoot() / root + Float(eps)) * size
      }
    }
    return p
  }

  /// SGD by its formula in `Float`, element by element.
  static func sgdReference(
    count: Int, lr: Double, momentum: Double, dampening: Double, decay: Double, nesterov: Bool
  ) -> [Float] {
    var (p, gradients) = problem(count: count)
    var b = [Float](repeating: 0, count: count)
    let (mu, rate, lambda) = (Float(momentum), Float(lr), Float(decay))
    for (t, g) in gradients.enumerated() {
      for i in 0..<count {
        let gi = decay != 0 ? g[i] + p[i] * lambda : g[i]
        if momentum == 0 {
          p[i] = p[i] - gi * rate
          continue
        }
        b[i] =
          t == 0 ? gi : dampening == 0 ? b[i] * mu + gi : b[i] * mu + gi * Float(1 - dampening)
        p[i] = p[i] - (nesterov ? gi + b[i] * mu : b[i]) * rate
      }
    }
    return p
  }

  /// RMSProp by its formula in `Float`, element by element.
  static func rmspropReference(
    count: Int, lr: Double, alpha: Double, eps: Double, decay: Double, momentum: Double,
    centered: Bool
  ) -> [Float] {
    var (p, gradients) = problem(count: count)
    var (s, m, b) = (
      [Float](repeating: 0, count: count), [Float](repeating: 0, count: count),
      [Float](repeating: 0, count: count)
    )
    let (a, keep) = (Float(alpha), Float(1 - alpha))
    for (t, g) in gradients.enumerated() {
      for i in 0..<count {
        let gi = decay != 0 ? g[i] + p[i] * Float(decay) : g[i]
        s[i] = t == 0 ? gi * gi * keep : s[i] * a + gi * gi * keep
        var variance = s[i]
        if centered {
          m[i] = t == 0 ? gi * keep : m[i] * a + gi * keep
          variance = s[i] - m[i] * m[i]
        }
        var direction = gi / (variance.squareRoot() + Float(eps))
        if momentum != 0 {
          b[i] = t == 0 ? direction : b[i] * Float(momentum) + direction
          direction = b[i]
        }
        p[i] = p[i] - direction * Float(lr)
      }
    }
    return p
  }

  /// Adagrad by its formula in `Float`, element by element.
  static func adagradReference(
    count: Int, lr: Double, lrDecay: Double, decay: Double, initial: Double, eps: Double
  ) -> [Float] {
    var (p, gradients) = problem(count: count)
    var s = [Float](repeating: Float(initial), count: count)
    for (t, g) in gradients.enumerated() {
      let rate = Float(lr / (1 + Double(t) * lrDecay))
      for i in 0..<count {
        let gi = decay != 0 ? g[i] + p[i] * Float(decay) : g[i]
        s[i] = s[i] + gi * gi
        p[i] = p[i] - gi / (s[i].squareRoot() + Float(eps)) * rate
      }
    }
    return p
  }

  @Test(
    "RMSProp, centered or not, with momentum or not, matches its formula bit for bit",
    arguments: counts)
  func rmsprop(count: Int) {
    for (centered, momentum, decay) in [
      (false, 0.0, 0.0), (true, 0.0, 0.1), (false, 0.9, 0.0), (true, 0.5, 0.05),
    ] {
      let optimizer = RMSProp(
        learningRate: 0.01, alpha: 0.9, epsilon: 1e-6, weightDecay: decay, momentum: momentum,
        centered: centered)
      let expected = Self.rmspropReference(
        count: count, lr: 0.01, alpha: 0.9, eps: 1e-6, decay: decay, momentum: momentum,
        centered: centered)
      for threads in [1, 3] {
        let bits = Self.trained(optimizer, count: count, threads: threads).map(\.bitPattern)
        #expect(
          bits == expected.map(\.bitPattern), "centered \(centered), μ \(momentum), λ \(decay)")
      }
    }
  }

  @Test("Adagrad matches its formula bit for bit", arguments: counts)
  func adagrad(count: Int) {
    for (lrDecay, decay, initial) in [(0.0, 0.0, 0.0), (0.1, 0.05, 0.5)] {
      let optimizer = Adagrad(
        learningRate: 0.1, learningRateDecay: lrDecay, weightDecay: decay,
        initialAccumulatorValue: initial, epsilon: 1e-8)
      let expected = Self.adagradReference(
        count: count, lr: 0.1, lrDecay: lrDecay, decay: decay, initial: initial, eps: 1e-8)
      for threads in [1, 3] {
        let bits = Self.trained(optimizer, count: count, threads: threads).map(\.bitPattern)
        #expect(bits == expected.map(\.bitPattern), "δ \(lrDecay), λ \(decay), s₀ \(initial)")
      }
    }
  }

  /// Small, and large enough (≥ 2 · 2¹⁵ elements) to be split across threads.
  static let counts = [37, 70_001]

  @Test("Adam, with L2 decay and AMSGrad, matches its formula bit for bit", arguments: counts)
  func adam(count: Int) {
    for (decay, amsgrad) in [(0.0, false), (0.1, false), (0.0, true), (0.05, true)] {
      let optimizer = Adam(
        learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: decay,
        amsgrad: amsgrad)
      let expected = Self.adamReference(
        count: count, lr: 0.01, b1: 0.8, b2: 0.99, eps: 1e-6, decay: decay, decoupled: false,
        amsgrad: amsgrad)
      for threads in [1, 3] {
        let bits = Self.trained(optimizer, count: count, threads: threads).map(\.bitPattern)
        #expect(bits == expected.map(\.bitPattern), "λ \(decay), AMSGrad \(amsgrad), \(threads)")
      }
    }
  }

  @Test("AdamW matches its formula bit for bit", arguments: counts)
  func adamW(count: Int) {
    for amsgrad in [false, true] {
      let optimizer = AdamW(learningRate: 0.01, weightDecay: 0.2, amsgrad: amsgrad)
      let expected = Self.adamReference(
        count: count, lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, decay: 0.2, decoupled: true,
        amsgrad: amsgrad)
      for threads in [1, 3] {
        let bits = Self.trained(optimizer, count: count, threads: threads).map(\.bitPattern)
        #expect(bits == expected.map(\.bitPattern), "AMSGrad \(amsgrad), \(threads) threads")
      }
    }
  }

  @Test("SGD, plain and with momentum, matches its formula bit for bit", arguments: counts)
  func sgd(count: Int) {
    let settings: [(momentum: Double, dampening: Double, decay: Double, nesterov: Bool)] = [
      (0, 0, 0, false), (0, 0, 0.1, false), (0.9, 0, 0, false), (0.9, 0.3, 0.1, false),
      (0.8, 0, 0.05, true),
    ]
    for s in settings {
      let optimizer = SGD(
        learningRate: 0.05, momentum: s.momentum, dampening: s.dampening, weightDecay: s.decay,
        nesterov: s.nesterov)
      let expected = Self.sgdReference(
        count: count, lr: 0.05, momentum: s.momentum, dampening: s.dampening, decay: s.decay,
        nesterov: s.nesterov)
      for threads in [1, 3] {
        let bits = Self.trained(optimizer, count: count, threads: threads).map(\.bitPattern)
        #expect(bits == expected.map(\.bitPattern), "\(s), \(threads) threads")
      }
    }
  }

  @Test("a copy of the model and of the optimizer's state taken before a step keep their values")
  func copiesKeepTheirValues() {
    var model = GradientProbe([1, -2, 3], dtype: .float32)
    var adam = Adam(learningRate: 0.1)
    model.step(&adam, gradient: [0.5, 1, -1])
    let modelBefore = model
    let stateBefore = adam.stateDict()
    let values = model.p.scalars
    let moments = stateBefore["p.exp_avg"]?.scalars
    model.step(&adam, gradient: [1, 1, 1])
    #expect(modelBefore.p.scalars == values)
    #expect(stateBefore["p.exp_avg"]?.scalars == moments)
    #expect(model.p.scalars != values)
    #expect(adam.stateDict()["p.exp_avg"]?.scalars != moments)

    var sgd = SGD(learningRate: 0.1, momentum: 0.9)
    model.step(&sgd, gradient: [1, 2, 3])
    let buffer = sgd.momentumBuffers["p"]?.scalars
    let saved = sgd
    model.step(&sgd, gradient: [1, 2, 3])
    #expect(saved.momentumBuffers["p"]?.scalars == buffer)
  }

  @Test("AMSGrad turned on after some steps starts its running maximum at that step's v")
  func amsgradTurnedOnLater() {
    var model = GradientProbe([1, -2], dtype: .float32)
    var adam = Adam(learningRate: 0.1)
    model.step(&adam, gradient: [0.5, 1])
    adam.amsgrad = true
    model.step(&adam, gradient: [0.25, -1])
    let state = adam.states["p"]
    #expect(state?.maxSecondMoment?.scalars == state?.secondMoment.scalars)
    model.step(&adam, gradient: [0, 0])
    #expect(adam.states["p"]?.maxSecondMoment?.scalars == state?.secondMoment.scalars)
  }
}
