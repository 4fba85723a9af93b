import Descent
import Foundation
import Testing

/// A float64 vector.
private func vector(_ values: [Double]) -> Tensor { Tensor(values, dtype: .float64) }

/// The standard error of an exit test's child process, as text.
private func standardError(_ result: ExitTest.Result?) -> String {
  String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}

/// (x·y, x + y², sin x) of the vector (x, y): a map R² → R³ with a Jacobian known by hand,
///
///     J = [[y, x], [1, 2y], [cos x, 0]]
private func curve(_ v: Tensor) -> Tensor {
  let x = v.slice(axis: 0, 0..<1)
  let y = v.slice(axis: 0, 1..<2)
  return Tensor.concatenate([x * y, x + y * y, x.sin()])
}

@Suite("gradient, valueWithGradient, vjp and jacobian")
struct DifferentiationTests {
  @Test("gradient of Σx² is 2x, and valueWithGradient returns Σx² with it")
  func gradientOfSquares() {
    let x = vector([3, -1, 0.5])
    #expect(gradient(of: { ($0 * $0).sum() }, at: x).scalars == [6, -2, 1])
    let (value, g) = valueWithGradient(of: { ($0 * $0).sum() }, at: x)
    #expect(value.item == 10.25)
    #expect(g.scalars == [6, -2, 1])
    #expect(!value.requiresGrad && !g.requiresGrad)
  }

  @Test("the gradients of a function of several tensors, with zeros for an unused one")
  func severalInputs() {
    let a = vector([1, 2])
    let b = vector([3, 4])
    let unused = Tensor([7], dtype: .float32)
    let (value, g) = valueWithGradient(of: { ($0[0] * $0[1]).sum() }, at: [a, b, unused])
    #expect(value.item == 11)
    #expect(g[0].scalars == [3, 4])
    #expect(g[1].scalars == [1, 2])
    #expect(g[2].scalars == [0] && g[2].dtype == .float32)
    #expect(gradient(of: { ($0[0] * $0[1]).sum() }, at: [a, b])[1].scalars == [1, 2])
  }

  @Test("gradient(of:at:) leaves the grad of parameters the function captures alone")
  func capturedParameters() {
    let w = leaf([2, -3])
    let g = gradient(of: { ($0 * w).sum() }, at: vector([1, 1]))
    #expect(g.scalars == [2, -3])
    #expect(w.grad == nil)
  }

  @Test("the gradient of a float32 function is float32")
  func float32Gradient() {
    let g = gradient(of: { $0.exp().sum() }, at: Tensor([0, 1]))
    #expect(g.dtype == .float32)
    expectClose(g.scalars, [1, Foundation.exp(1)], rtol: 1e-6)
  }

  @Test("vjp's pullback gives uᵀJ for any cotangent, as often as asked")
  func pullback() {
    let (value, pullback) = vjp(of: curve, at: vector([1, 2]))
    expectClose(value.scalars, [2, 5, Foundation.sin(1)])
    #expect(pullback(vector([1, 0, 0])).scalars == [2, 1])
    #expect(pullback(vector([0, 1, 0])).scalars == [1, 4])
    expectClose(pullback(vector([1, 1, 1])).scalars, [3 + Foundation.cos(1), 5])
  }

  @Test("a cotangent of the wrong shape traps, naming both shapes")
  func pullbackShapeTraps() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      let (_, pullback) = vjp(of: { $0 * 2 }, at: Tensor([1, 2, 3]))
      _ = pullback(Tensor([1, 1]))
    }
    let message = standardError(result)
    #expect(message.contains("cotangent has shape [2]"))
    #expect(message.contains("output has shape [3]"))
  }

  @Test(
    "the Jacobian of (xy, x + y², sin x) at (1, 2) is [[2, 1], [1, 4], [cos 1, 0]]",
    arguments: DifferentiationMode.allCases)
  func jacobianByHand(_ mode: DifferentiationMode) {
    let j = jacobian(of: curve, at: vector([1, 2]), mode: mode)
    expectClose(j, shape: [3, 2], [2, 1, 1, 4, Foundation.cos(1), 0])
  }

  @Test("forward and reverse Jacobians agree, for inputs and outputs of any shape")
  func jacobianModesAgree() {
    let x = Domain.real.sample([2, 3], seed: 300)
    let w = Domain.real.sample([3, 4], seed: 301)
    let functions: [(String, (Tensor) -> Tensor)] = [
      ("matrix → matrix", { $0.matmul(w).tanh() }),
      ("matrix → scalar", { $0.sin().sum() }),
      ("matrix → vector", { $0.exp().sum(axis: 0) }),
    ]
    for (name, f) in functions {
      let forward = jacobian(of: f, at: x, mode: .forward)
      let reverse = jacobian(of: f, at: x, mode: .reverse)
      let automatic = jacobian(of: f, at: x)
      #expect(forward.shape == reverse.shape, "\(name)")
      expectClose(forward.scalars, reverse.scalars, atol: 1e-12, rtol: 1e-12)
      expectClose(automatic.scalars, reverse.scalars, atol: 1e-12, rtol: 1e-12)
    }
    // A scalar input gives one column; a scalar output one row.
    #expect(
      jacobian(of: { Tensor.stack([$0, $0 * $0]) }, at: vector([3]).reshaped([])).shape == [2, 1])
    #expect(jacobian(of: { $0.sum() }, at: x).shape == [1, 6])
  }

  @Test("the second derivative of x³ is 6x by gradient of gradient, by jvp of jvp and mixed")
  func nesting() {
    let x = vector([1.5])
    let cube = { (t: Tensor) in t * t * t }
    let reverseOverReverse = gradient(of: { gradient(of: { cube($0).sum() }, at: $0).sum() }, at: x)
    let forwardOverForward = jvp(
      of: { jvp(of: cube, at: $0, along: vector([1])).tangent }, at: x, along: vector([1]))
    let forwardOverReverse = jvp(
      of: { gradient(of: { cube($0).sum() }, at: $0) }, at: x, along: vector([1]))
    let reverseOverForward = gradient(
      of: { jvp(of: cube, at: $0, along: vector([1])).tangent.sum() }, at: x)
    #expect(reverseOverReverse.scalars == [9])
    #expect(forwardOverForward.tangent.scalars == [9])
    #expect(forwardOverReverse.tangent.scalars == [9])
    #expect(reverseOverForward.scalars == [9])
  }

  /// Siskind and Pearlmutter, "Perturbation confusion and referential transparency" (2005):
  /// d/dx [x · d/dy (x + y)] = d/dx [x · 1] = 1; an implementation that does not tell the
  /// inner perturbation from the outer one gives 2.
  @Test("nested jvps keep their perturbations apart (no perturbation confusion)")
  func perturbationConfusion() {
    let one = vector([1])
    let outer = jvp(
      of: { x in x * jvp(of: { y in x + y }, at: one, along: one).tangent }, at: one, along: one)
    #expect(outer.tangent.scalars == [1])
    let reverse = gradient(
      of: { x in (x * gradient(of: { y in (x + y).sum() }, at: one)).sum() }, at: one)
    #expect(reverse.scalars == [1])
  }

  @Test("an inner derivative that closes over the outer variable is differentiated through")
  func closingOverOuterVariable() {
    // d/dw [d/dx (x·w)] = d/dw w = 1, and d/dw [jvp of x·w along 1] = 1: never a silent 0.
    let x0 = vector([2])
    let byGradient = gradient(
      of: { w in gradient(of: { x in (x * w).sum() }, at: x0).sum() }, at: vector([3]))
    let byJVP = gradient(
      of: { w in jvp(of: { x in x * w }, at: x0, along: vector([1])).tangent.sum() },
      at: vector([3]))
    #expect(byGradient.scalars == [1])
    #expect(byJVP.scalars == [1])
  }
}
