import Descent
import Testing

@Suite("Mean squared error")
struct MeanSquaredErrorTests {
  @Test("the loss is the mean of squared residuals, by hand", arguments: DType.allCases)
  func byHand(_ dtype: DType) {
    let loss = meanSquaredError(
      Tensor([1, 2, 3], dtype: dtype), Tensor([1, 0, 5], dtype: dtype))
    #expect(loss.shape == [])
    #expect(loss.dtype == dtype)
    expectClose(loss, 8.0 / 3, rtol: dtype == .float64 ? 1e-15 : 1e-7)
  }

  @Test("the gradient with respect to the predictions is 2(p − t)/n")
  func gradientByValue() throws {
    let p = leaf([1, 2, 3, 4], shape: [2, 2])
    meanSquaredError(p, Tensor([1, 0, 5, 3.5], shape: [2, 2], dtype: .float64)).backward()
    #expect(try #require(p.grad).scalars == [0, 1, -1, 0.25])
  }

  @Test("the gradients of predictions and targets match finite differences")
  func gradientCheck() {
    let p = Domain.real.sample([3, 2], seed: 64)
    let t = Domain.real.sample([3, 2], seed: 65)
    expectGradientsMatch([p, t]) { meanSquaredError($0[0], $0[1]) }
  }

  @Test("equal predictions and targets give 0")
  func zero() {
    let x = Domain.real.sample([5], seed: 66)
    #expect(meanSquaredError(x, x).item == 0)
  }
}
