import Descent
import Testing

/// The elements of `a` op `b` under NumPy broadcasting, computed the slow way: each output
/// multi-index, aligned at the last axis, read from each operand with size-1 axes pinned to 0.
private func broadcastReference(
  _ a: Tensor, _ b: Tensor, shape: [Int], _ op: (Double, Double) -> Double
) -> [Double] {
  func offset(_ index: [Int], in shape: [Int]) -> Int {
    let skip = index.count - shape.count
    var offset = 0
    for (axis, size) in shape.enumerated() {
      offset = offset * size + (size == 1 ? 0 : index[skip + axis])
    }
    return offset
  }
  let count = shape.reduce(1, *)
  var result: [Double] = []
  for flat in 0..<count {
    var index = [Int](repeating: 0, count: shape.count)
    var rest = flat
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      index[axis] = rest % shape[axis]
      rest /= shape[axis]
    }
    result.append(op(a.scalars[offset(index, in: a.shape)], b.scalars[offset(index, in: b.shape)]))
  }
  return result
}

/// Two operand shapes and the shape they broadcast to.
struct BroadcastCase: Sendable, CustomTestStringConvertible {
  let a: [Int]
  let b: [Int]
  let result: [Int]
  var testDescription: String { "\(a) with \(b) → \(result)" }

  static let all: [BroadcastCase] = [
    BroadcastCase(a: [2, 3], b: [2, 3], result: [2, 3]),
    BroadcastCase(a: [2, 3], b: [3], result: [2, 3]),
    BroadcastCase(a: [3], b: [2, 3], result: [2, 3]),
    BroadcastCase(a: [2, 1], b: [1, 3], result: [2, 3]),
    BroadcastCase(a: [4, 1, 3], b: [2, 3], result: [4, 2, 3]),
    BroadcastCase(a: [], b: [2, 3], result: [2, 3]),
    BroadcastCase(a: [2, 3], b: [], result: [2, 3]),
    BroadcastCase(a: [1], b: [3, 1], result: [3, 1]),
    BroadcastCase(a: [3, 1, 1], b: [1, 2, 1], result: [3, 2, 1]),
    BroadcastCase(a: [2, 1, 4], b: [3, 1], result: [2, 3, 4]),
    BroadcastCase(a: [5, 1], b: [0], result: [5, 0]),
    BroadcastCase(a: [1, 1], b: [2], result: [1, 2]),
  ]
}

@Suite("Elementwise arithmetic, broadcasting and dtype promotion")
struct ArithmeticTests {
  static let a = Tensor([1, 2, 3, 4], shape: [2, 2], dtype: .float64)
  static let b = Tensor([2, -4, 0.5, 8], shape: [2, 2], dtype: .float64)

  @Test("+, −, × and ÷ of equal shapes work element by element")
  func sameShape() {
    #expect((Self.a + Self.b).scalars == [3, -2, 3.5, 12])
    #expect((Self.a - Self.b).scalars == [-1, 6, 2.5, -4])
    #expect((Self.a * Self.b).scalars == [2, -8, 1.5, 32])
    #expect((Self.a / Self.b).scalars == [0.5, -0.5, 6, 0.5])
    #expect((-Self.a).scalars == [-1, -2, -3, -4])
  }

  @Test("the scalar forms apply the Swift number to every element, on either side")
  func scalarForms() {
    let x = Tensor([1, 2, 4], dtype: .float64)
    #expect((x + 1).scalars == [2, 3, 5])
    #expect((1 + x).scalars == [2, 3, 5])
    #expect((x - 1).scalars == [0, 1, 3])
    #expect((1 - x).scalars == [0, -1, -3])
    #expect((x * 3).scalars == [3, 6, 12])
    #expect((3 * x).scalars == [3, 6, 12])
    #expect((x / 2).scalars == [0.5, 1, 2])
    #expect((2 / x).scalars == [2, 1, 0.5])
  }

  @Test("pow: integral exponents work for negative bases, others give NaN there")
  func power() {
    let x = Tensor([-2, -3, 4, 0, 2], dtype: .float64)
    #expect(x.pow(3).scalars == [-8, -27, 64, 0, 8])
    #expect(x.pow(2).scalars == [4, 9, 16, 0, 4])
    #expect(x.pow(0).scalars == [1, 1, 1, 1, 1])
    #expect(x.pow(-1).scalars == [-0.5, -1.0 / 3, 0.25, .infinity, 0.5])
    let roots = x.pow(0.5).scalars
    #expect(roots[0].isNaN && roots[1].isNaN)
    #expect(roots[2] == 2 && roots[3] == 0)
    #expect(Swift.abs(roots[4] - 1.4142135623730951) < 1e-15)
    let exponents = Tensor([2, 3, 0.5, 2, -2], dtype: .float64)
    #expect(x.pow(exponents).scalars == [4, -27, 2, 0, 0.25])
  }

  @Test("x ÷ 0 follows IEEE 754: ±∞, or NaN for 0 ÷ 0")
  func divisionByZero() {
    let q = (Tensor([1, -1, 0], dtype: .float64) / 0).scalars
    #expect(q[0] == .infinity && q[1] == -.infinity && q[2].isNaN)
  }

  @Test("shapes broadcast as NumPy says, with the right elements", arguments: BroadcastCase.all)
  func broadcasting(_ c: BroadcastCase) {
    let a = Tensor(
      (0..<c.a.reduce(1, *)).map { Double($0) + 1 }, shape: c.a, dtype: .float64)
    let b = Tensor(
      (0..<c.b.reduce(1, *)).map { 10 * Double($0) + 10 }, shape: c.b, dtype: .float64)
    let sum = a + b
    #expect(sum.shape == c.result)
    #expect(sum.scalars == broadcastReference(a, b, shape: c.result, +))
    #expect((a - b).scalars == broadcastReference(a, b, shape: c.result, -))
    #expect((b * a).scalars == broadcastReference(b, a, shape: c.result, *))
    #expect((b / a).scalars == broadcastReference(b, a, shape: c.result, /))
  }

  @Test("a bias row is added to every row of a matrix")
  func biasRow() {
    let m = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .float64)
    let bias = Tensor([10, 20, 30], dtype: .float64)
    #expect((m + bias).scalars == [11, 22, 33, 14, 25, 36])
    let column = Tensor([[1], [2]], dtype: .float64)
    #expect(
      (column * Tensor([[1, 10, 100]], dtype: .float64)).scalars == [1, 10, 100, 2, 20, 200])
  }

  @Test(
    "mixing float32 and float64 promotes to float64",
    arguments: [
      (DType.float32, DType.float32, DType.float32), (.float32, .float64, .float64),
      (.float64, .float32, .float64), (.float64, .float64, .float64),
    ])
  func promotion(_ left: DType, _ right: DType, _ expected: DType) {
    let a = Tensor([1.5, 2], dtype: left)
    let b = Tensor([0.25, 4], dtype: right)
    #expect((a + b).dtype == expected)
    #expect((a * b).dtype == expected)
    #expect(a.pow(b).dtype == expected)
    #expect((a .< b).dtype == expected)
    #expect(Tensor.matmul(a.reshaped([1, 2]), b.reshaped([2, 1])).dtype == expected)
    #expect(Tensor.where(a .> b, a, b).dtype == expected)
    #expect(DType.promoted(left, right) == expected)
  }

  @Test("float32 with float64 computes in float64, without rounding the float64 operand")
  func promotionIsExact() {
    let a = Tensor([0.5], dtype: .float32)
    let b = Tensor([0.1], dtype: .float64)
    #expect((a + b).scalars == [0.6])
  }

  @Test("a Swift Double does not promote a float32 tensor", arguments: [0.1, 2.5])
  func swiftScalarsKeepDtype(_ value: Double) {
    let x = Tensor([1, 2], dtype: .float32)
    let sum = x + value
    #expect(sum.dtype == .float32)
    #expect(sum.floats == [1 + Float(value), 2 + Float(value)])
    #expect((value * x).dtype == .float32)
    #expect((x / value).dtype == .float32)
    #expect(x.pow(value).dtype == .float32)
  }

  @Test("float32 arithmetic rounds each result to float32")
  func float32Rounding() {
    let x = Tensor([0.1, 0.2], dtype: .float32)
    let y = Tensor([0.2, 0.1], dtype: .float32)
    #expect((x + y).floats == [Float(0.1) + Float(0.2), Float(0.2) + Float(0.1)])
  }
}
