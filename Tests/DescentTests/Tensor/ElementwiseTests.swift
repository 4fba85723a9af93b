import Descent
import Testing

/// A unary op, an input and the expected output (float64; values from the C library's
/// correctly rounded results, printed with Python's `repr`; softplus and log-sigmoid from
/// Python's `math.log1p` and `math.exp` in the stable form, agreeing with PyTorch 2.15's
/// `softplus` and `logsigmoid` in float64).
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
    UnaryValueCase(
      name: "sin", apply: { $0.sin() }, input: [0, 0.5, -1.2, 2],
      expected: [0, 0.479425538604203, -0.9320390859672263, 0.9092974268256817]),
    UnaryValueCase(
      name: "cos", apply: { $0.cos() }, input: [0, 0.5, -1.2, 2],
      expected: [1, 0.8775825618903728, 0.3623577544766736, -0.4161468365471424]),
    UnaryValueCase(
      name: "tan", apply: { $0.tan() }, input: [0, 0.5, -1.2, 2],
      expected: [0, 0.5463024898437905, -2.5721516221263188, -2.185039863261519]),
    UnaryValueCase(
      name: "log1p", apply: { $0.log1p() }, input: [0, 1e-20, 2, -0.5, -1, -2],
      expected: [0, 1e-20, 1.0986122886681096, -0.6931471805599453, -.infinity, .nan]),
    UnaryValueCase(
      name: "expm1", apply: { $0.expm1() }, input: [0, 1e-20, 1, -0.5, -.infinity, 1000],
      expected: [0, 1e-20, 1.718281828459045, -0.3934693402873666, -1, .infinity]),
    UnaryValueCase(
      name: "softplus", apply: { $0.softplus() },
      input: [0, 1, -1, 50, -50, 1e4, -1e4, .infinity, -.infinity, .nan],
      expected: [
        0.6931471805599453, 1.3132616875182228, 0.31326168751822286, 50,
        1.9287498479639178e-22, 1e4, 0, .infinity, 0, .nan,
      ]),
    UnaryValueCase(
      name: "logSigmoid", apply: { $0.logSigmoid() },
      input: [0, 1, -1, 50, -50, 1e4, -1e4, .infinity, -.infinity, .nan],
      expected: [
        -0.6931471805599453, -0.31326168751822286, -1.3132616875182228,
        -1.9287498479639178e-22, -50, 0, -1e4, 0, -.infinity, .nan,
      ]),
    UnaryValueCase(
      name: "square", apply: { $0.square() }, input: [-3, 0, 1.5, .infinity],
      expected: [9, 0, 2.25, .infinity]),
    UnaryValueCase(
      name: "reciprocal", apply: { $0.reciprocal() }, input: [2, -0.8, 0, -0.0, .infinity],
      expected: [0.5, -1.25, .infinity, -.infinity, 0]),
    UnaryValueCase(
      name: "clamp(min: −1, max: 1)", apply: { $0.clamp(min: -1, max: 1) },
      input: [-2, -1, 0, 0.5, 1, 2, .nan], expected: [-1, -1, 0, 0.5, 1, 1, .nan]),
    UnaryValueCase(
      name: "clamp(min: 0)", apply: { $0.clamp(min: 0) }, input: [-1, 0, 3, -.infinity],
      expected: [0, 0, 3, 0]),
    UnaryValueCase(
      name: "clamp(max: 0.25)", apply: { $0.clamp(max: 0.25) }, input: [-1, 0.25, 3],
      expected: [-1, 0.25, 0.25]),
    // With min > max every element becomes max, as torch.clamp.
    UnaryValueCase(
      name: "clamp(min: 1, max: 0)", apply: { $0.clamp(min: 1, max: 0) },
      input: [-1, 0.5, 2], expected: [0, 0, 0]),
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
