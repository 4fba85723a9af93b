import Descent
import Testing

/// A unary op, an input and the expected output (float64; values from the C library's
/// correctly rounded results, printed with Python's `repr`).
struct UnaryValueCase: Sendable, CustomTestStringConvertible {
  let name: String
  let apply: @Sendable (Tensor) -> Tensor
  let input: [Double]
  let expected: [Double]
  var testDescription: String { name }

  static let all: [UnaryValueCase] = [
    UnaryValueCase(
      name: "exp", apply: { $0.exp() }, input: [0, 1, -1, -1000],
      expected: [1, 2.718281828459045, 0.36787944117144233, 0]),
    UnaryValueCase(
      name: "log", apply: { $0.log() }, input: [1, 2.718281828459045, 0, -1, 0.5],
      expected: [0, 1, -.infinity, .nan, -0.6931471805599453]),
    UnaryValueCase(
      name: "sqrt", apply: { $0.sqrt() }, input: [4, 2, 0, -1],
      expected: [2, 1.4142135623730951, 0, .nan]),
    UnaryValueCase(
      name: "abs", apply: { $0.abs() }, input: [-2.5, 0, 3], expected: [2.5, 0, 3]),
    UnaryValueCase(
      name: "relu", apply: { $0.relu() }, input: [-1.5, 0, 2, .nan], expected: [0, 0, 2, .nan]),
    UnaryValueCase(
      name: "sigmoid", apply: { $0.sigmoid() }, input: [0, 1, -1, 1000, -1000],
      expected: [0.5, 0.7310585786300049, 0.2689414213699951, 1, 0]),
    UnaryValueCase(
      name: "tanh", apply: { $0.tanh() }, input: [0, 1, -1, 50],
      expected: [0, 0.7615941559557649, -0.7615941559557649, 1]),
    UnaryValueCase(
      name: "sign", apply: { $0.sign() }, input: [-2, 0, 3, .nan], expected: [-1, 0, 1, .nan]),
    UnaryValueCase(name: "negate", apply: { -$0 }, input: [-2, 0, 3], expected: [2, 0, -3]),
  ]
}

@Suite("Forward values of elementwise functions")
struct ElementwiseTests {
  @Test("each function gives the known values, edge cases included", arguments: UnaryValueCase.all)
  func values(_ c: UnaryValueCase) {
    let x = Tensor(c.input, dtype: .float64)
    let y = c.apply(x)
    #expect(y.shape == x.shape)
    #expect(y.dtype == .float64)
    expectClose(y.scalars, c.expected, rtol: 1e-15)
  }

  @Test(
    "each function keeps the float32 dtype and agrees with float64 to float32 precision",
    arguments: UnaryValueCase.all)
  func float32(_ c: UnaryValueCase) {
    let y = c.apply(Tensor(c.input, dtype: .float32))
    #expect(y.dtype == .float32)
    expectClose(y.scalars, c.expected, atol: 1e-7, rtol: 1e-6)
  }

  @Test(
    "sigmoid stays finite and in [0, 1] for huge inputs of either sign", arguments: DType.allCases)
  func sigmoidExtremes(_ dtype: DType) {
    let y = Tensor([-1e30, -500, 500, 1e30], dtype: dtype).sigmoid().scalars
    #expect(y.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
    // σ(−500) = e^−500 ≈ 7.1e−218 in float64 and underflows to 0 in float32.
    #expect(y[0] == 0 && y[1] < 1e-200 && y[2] == 1 && y[3] == 1)
  }

  @Test("functions apply to every element of any shape, a scalar included")
  func shapes() {
    #expect(Tensor(scalar: 4, dtype: .float64).sqrt().item == 2)
    let m = Tensor([[1, 4], [9, 16]], dtype: .float64).sqrt()
    #expect(m.shape == [2, 2])
    #expect(m.scalars == [1, 2, 3, 4])
    #expect(Tensor.zeros(shape: [0, 2]).exp().shape == [0, 2])
  }
}
