import Descent
import Foundation
import Testing

/// f(x, y) = x²y + 3y of the vector (x, y).
private func f(_ v: Tensor) -> Tensor {
  let x = v.slice(axis: 0, 0..<1)
  let y = v.slice(axis: 0, 1..<2)
  return (x * x * y + 3 * y).sum()
}

/// A two-layer tanh network's mean squared error on a fixed batch, as a function of all its
/// parameters in one float64 vector: 9 inputs, 91 hidden units, 1 output, so
/// 9·91 + 91 + 91 + 1 = 1,002 parameters.
private struct TanhNetworkLoss: Sendable {
  static let (inputSize, hiddenSize, batch) = (9, 91, 16)
  static let parameterCount = inputSize * hiddenSize + hiddenSize + hiddenSize + 1

  let inputs = Domain.real.sample([batch, inputSize], seed: 400)
  let targets = Domain.real.sample([batch, 1], seed: 401)

  func callAsFunction(_ theta: Tensor) -> Tensor {
    let (n, h) = (Self.inputSize, Self.hiddenSize)
    var start = 0
    func take(_ shape: [Int]) -> Tensor {
      let count = shape.reduce(1, *)
      defer { start += count }
      return theta.slice(axis: 0, start..<(start + count)).reshaped(shape)
    }
    let w1 = take([n, h])
    let b1 = take([h])
    let w2 = take([h, 1])
    let b2 = take([1])
    let hidden = (inputs.matmul(w1) + b1).tanh()
    let output = hidden.matmul(w2) + b2
    return (output - targets).square().mean()
  }

  /// Parameters of a typical scale: weights ~ N(0, 1/fan-in).
  func initialParameters() -> Tensor {
    var rng = RandomGenerator(seed: 402)
    let values = (0..<Self.parameterCount).map { i -> Double in
      let fanIn = i < Self.inputSize * Self.hiddenSize ? Self.inputSize : Self.hiddenSize
      return rng.nextStandardNormal() / Double(fanIn).squareRoot()
    }
    return Tensor(values, dtype: .float64)
  }
}

/// The Euclidean norm of a vector of numbers.
private func norm(_ values: [Double]) -> Double {
  values.reduce(0) { $0 + $1 * $1 }.squareRoot()
}

@Suite("hessian and hessianVectorProduct")
struct HessianTests {
  @Test("the Hessian of x²y + 3y at (1, 2) is [[2y, 2x], [2x, 0]] = [[4, 2], [2, 0]]")
  func hessianByHand() {
    let h = hessian(of: f, at: Tensor([1, 2], dtype: .float64))
    expectClose(h, shape: [2, 2], [4, 2, 2, 0])
  }

  @Test("Hv of x²y + 3y at (1, 2) along (3, 4) is [[4, 2], [2, 0]]·(3, 4) = (20, 6)")
  func hessianVectorProductByHand() {
    let hv = hessianVectorProduct(
      of: f, at: Tensor([1, 2], dtype: .float64), along: Tensor([3, 4], dtype: .float64))
    expectClose(hv, shape: [2], [20, 6])
  }

  @Test("the Hessian is symmetric, and Hv equals the Hessian times v", arguments: [0, 1, 2, 3])
  func hessianTimesVector(_ index: Int) {
    let cases: [(Tensor) -> Tensor] = [
      { ($0 * $0).sum().sin() + $0.prod3() },
      { $0.logSumExp(axis: 0) },
      { ($0.tanh() * $0.exp()).sum() },
      { Tensor.maximum($0 * $0, $0.cos()).sum() + $0.softplus().sum() },
    ]
    let g = cases[index]
    let x = Domain.real.sample([4], seed: 410)
    let v = Domain.real.sample([4], seed: 411)
    let h = hessian(of: g, at: x)
    let values = h.scalars
    for i in 0..<4 {
      for j in 0..<4 {
        #expect(
          isApproximatelyEqual(values[i * 4 + j], values[j * 4 + i], atol: 1e-12, rtol: 1e-12))
      }
    }
    let product = (0..<4).map { i in (0..<4).reduce(0.0) { $0 + values[i * 4 + $1] * v.scalars[$1] }
    }
    expectClose(
      hessianVectorProduct(of: g, at: x, along: v).scalars, product, atol: 1e-12, rtol: 1e-12)
  }

  /// The criterion: for a 1,000-parameter tanh network's loss in float64, Hv matches
  /// central differences of gradients, (∇f(θ + εv) − ∇f(θ − εv)) / 2ε, to
  /// ‖Δ‖ ≤ 1e-6·‖Hv‖. With ε = 1e-4 the truncation error is of order ε²·‖∇³f‖ ≈ 1e-8 and the
  /// rounding error ε_machine·‖∇f‖/ε ≈ 1e-12.
  @Test("Hv of a 1,002-parameter tanh network's loss matches central differences of gradients")
  func tanhNetwork() {
    let loss = TanhNetworkLoss()
    let theta = loss.initialParameters()
    #expect(theta.count == 1002)
    let v = Domain.real.sample([theta.count], seed: 403)
    let hv = hessianVectorProduct(of: loss.callAsFunction, at: theta, along: v)
    #expect(hv.shape == theta.shape)

    let epsilon = 1e-4
    let plus = gradient(of: loss.callAsFunction, at: theta + epsilon * v).scalars
    let minus = gradient(of: loss.callAsFunction, at: theta - epsilon * v).scalars
    let numeric = zip(plus, minus).map { ($0 - $1) / (2 * epsilon) }
    let difference = norm(zip(hv.scalars, numeric).map(-))
    #expect(norm(hv.scalars) > 0.1)
    #expect(
      difference <= 1e-6 * norm(hv.scalars), "‖Δ‖ = \(difference), ‖Hv‖ = \(norm(hv.scalars))")

    // Reverse over reverse, Hv = ∇(∇f · v), gives the same vector to rounding.
    let reverseOverReverse = gradient(
      of: { (gradient(of: loss.callAsFunction, at: $0) * v).sum() }, at: theta)
    let gap = norm(zip(hv.scalars, reverseOverReverse.scalars).map(-))
    #expect(gap <= 1e-12 * norm(hv.scalars), "‖Δ‖ = \(gap)")
  }
}

extension Tensor {
  /// The product of the first three elements of a vector, for a Hessian with mixed terms.
  fileprivate func prod3() -> Tensor {
    slice(axis: 0, 0..<1) * slice(axis: 0, 1..<2) * slice(axis: 0, 2..<3)
  }
}
