import Descent
import Testing

@Suite("Activation layers")
struct ActivationTests {
  @Test("each activation module applies its tensor function", arguments: Activation.allCases)
  func modules(_ activation: Activation) {
    let x = Tensor([-2, -0.5, 0, 1.5], dtype: .float64)
    let expected =
      switch activation {
      case .relu: x.relu()
      case .sigmoid: x.sigmoid()
      case .tanh: x.tanh()
      }
    #expect(activation.module(x).scalars == expected.scalars)
    #expect(activation.module.namedParameters.isEmpty)
  }

  @Test("ReLU suggests He initialization; sigmoid and tanh suggest Xavier")
  func suggestedInitialization() {
    #expect(Activation.relu.suggestedInitialization == .he)
    #expect(Activation.sigmoid.suggestedInitialization == .xavier)
    #expect(Activation.tanh.suggestedInitialization == .xavier)
  }

  @Test("the concrete layers agree with the tensor functions")
  func concreteLayers() {
    let x = Tensor([-1, 0, 2], dtype: .float64)
    #expect(ReLU()(x).scalars == [0, 0, 2])
    #expect(Sigmoid()(x).scalars == x.sigmoid().scalars)
    #expect(Tanh()(x).scalars == x.tanh().scalars)
  }
}
