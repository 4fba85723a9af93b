import Descent
import Testing

@Suite("Gradients in float32 agree with float64")
struct Float32GradientTests {
  @Test(
    "each unary op's float32 gradient is the float64 one to float32 precision",
    arguments: UnaryCase.all)
  func unary(_ op: UnaryCase) throws {
    let x64 = leaf(op.domain.sample([2, 3], seed: 1).scalars, shape: [2, 3])
    var x32 = x64.detached().converted(to: .float32)
    x32.requiresGrad = true
    weightedSum(op.apply(x64)).backward()
    weightedSum(op.apply(x32)).backward()
    let g32 = try #require(x32.grad)
    #expect(g32.dtype == .float32)
    expectClose(g32.scalars, try #require(x64.grad).scalars, atol: 1e-6, rtol: 1e-5)
  }

  @Test(
    "each binary op's float32 gradients are the float64 ones to float32 precision",
    arguments: BinaryCase.all, ShapePair.all)
  func binary(_ op: BinaryCase, _ shapes: ShapePair) throws {
    let a64 = leaf(op.domains.0.sample(shapes.a, seed: 2).scalars, shape: shapes.a)
    let b64 = leaf(op.domains.1.sample(shapes.b, seed: 3).scalars, shape: shapes.b)
    var a32 = a64.detached().converted(to: .float32)
    var b32 = b64.detached().converted(to: .float32)
    a32.requiresGrad = true
    b32.requiresGrad = true
    weightedSum(op.apply(a64, b64)).backward()
    weightedSum(op.apply(a32, b32)).backward()
    for (g32, g64) in [(a32.grad, a64.grad), (b32.grad, b64.grad)] {
      let g32 = try #require(g32)
      #expect(g32.dtype == .float32)
      #expect(g32.shape == g64?.shape)
      expectClose(g32.scalars, try #require(g64).scalars, atol: 1e-6, rtol: 1e-5)
    }
  }
}
