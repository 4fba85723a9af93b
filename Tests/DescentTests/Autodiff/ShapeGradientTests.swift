import Descent
import Testing

/// Whether each operand of a matrix product is read transposed.
struct Transposition: Sendable, CustomTestStringConvertible {
  let a: Bool
  let b: Bool
  var testDescription: String { "\(a ? "Aᵀ" : "A")·\(b ? "Bᵀ" : "B")" }

  static let all = [false, true].flatMap { a in [false, true].map { Transposition(a: a, b: $0) } }
}

@Suite("Gradients of matrix products and shape ops match finite differences")
struct ShapeGradientTests {
  @Test("matmul has the right gradient for each transposition", arguments: Transposition.all)
  func matmul(_ t: Transposition) {
    // op(A) is [2, 3] and op(B) is [3, 4].
    let a = Domain.real.sample(t.a ? [3, 2] : [2, 3], seed: 20)
    let b = Domain.real.sample(t.b ? [4, 3] : [3, 4], seed: 21)
    expectGradientsMatch([a, b]) {
      weightedSum(Tensor.matmul($0[0], $0[1], transposeA: t.a, transposeB: t.b))
    }
  }

  @Test("the matmul method, chained, has the right gradient")
  func matmulChain() {
    let a = Domain.real.sample([2, 3], seed: 22)
    let b = Domain.real.sample([3, 3], seed: 23)
    let c = Domain.real.sample([3, 1], seed: 24)
    expectGradientsMatch([a, b, c]) { weightedSum($0[0].matmul($0[1]).matmul($0[2]).tanh()) }
  }

  @Test(
    "reshaped has the gradient reshaped back", arguments: [[3, -1], [6], [1, 2, 3], [-1, 1]])
  func reshaped(_ shape: [Int]) {
    let x = Domain.real.sample([2, 3], seed: 25)
    expectGradientsMatch([x]) { weightedSum($0[0].reshaped(shape).exp()) }
  }

  @Test("transposed has the gradient transposed back", arguments: [[-2, -1], [0, 2], [-1, 0]])
  func transposed(_ axes: [Int]) {
    let x = Domain.real.sample([2, 3, 4], seed: 26)
    expectGradientsMatch([x]) { weightedSum($0[0].transposed(axes[0], axes[1]).sigmoid()) }
  }

  @Test("the default transposition of a matrix has the right gradient")
  func transposedMatrix() {
    let x = Domain.real.sample([2, 3], seed: 27)
    expectGradientsMatch([x]) { weightedSum($0[0].transposed()) }
  }

  @Test(
    "expanded(to:) sums its gradient back to the original shape",
    arguments: [([3], [2, 3]), ([2, 1], [2, 3]), ([1, 3], [4, 2, 3]), ([], [2, 2])])
  func expanded(_ from: [Int], _ to: [Int]) {
    let x = Domain.real.sample(from, seed: 28)
    expectGradientsMatch([x]) { weightedSum($0[0].expanded(to: to)) }
  }

  @Test(
    "sumToShape has the gradient expanded back",
    arguments: [[3, 1], [4], [], [2, 1, 4], [1, 1, 1], [2, 3, 4]])
  func sumToShape(_ shape: [Int]) {
    let x = Domain.real.sample([2, 3, 4], seed: 29)
    expectGradientsMatch([x]) { weightedSum($0[0].sumToShape(shape)) }
  }

  @Test("gatherRows with repeated indices adds the gradients of repeated rows")
  func gatherRows() {
    let x = Domain.real.sample([3, 4], seed: 30)
    expectGradientsMatch([x]) { weightedSum($0[0].gatherRows([2, 0, 2, 1, 2])) }
  }

  @Test("scatterAddRows with repeated indices has the gathered gradient")
  func scatterAddRows() {
    let x = Domain.real.sample([3, 2], seed: 31)
    expectGradientsMatch([x]) { weightedSum($0[0].scatterAddRows([1, 0, 1], rowCount: 4)) }
  }

  @Test("Tensor.where sends the gradient to the chosen branch, broadcasting all three")
  func whereGradient() {
    let condition = Tensor([1, 0, 0, 1, 1, 0], shape: [2, 3], dtype: .float64)
    let a = Domain.real.sample([2, 3], seed: 32)
    let b = Domain.real.sample([3], seed: 33)
    expectGradientsMatch([a, b]) { weightedSum(Tensor.where(condition, $0[0], $0[1])) }
    let rowCondition = Tensor([0, 1, 1], dtype: .float64)
    let scalar = Domain.real.sample([], seed: 34)
    expectGradientsMatch([a, scalar]) { weightedSum(Tensor.where(rowCondition, $0[0], $0[1])) }
  }

  @Test(
    "concatenate gives each operand its slice of the gradient, along any axis",
    arguments: [0, 1, 2, -1, -3])
  func concatenate(_ axis: Int) {
    // Three operands of shape [2, 3, 4] except for sizes 1, 2 and 3 on `axis`.
    let a = axis < 0 ? axis + 3 : axis
    let shapes = [1, 2, 3].map { size in
      [2, 3, 4].enumerated().map { $0.offset == a ? size : $0.element }
    }
    let inputs = shapes.enumerated().map {
      Domain.real.sample($0.element, seed: 36 + UInt64($0.offset))
    }
    expectGradientsMatch(inputs) { weightedSum(Tensor.concatenate($0, axis: axis).tanh()) }
  }

  @Test("a tensor concatenated with itself gets both slices of the gradient")
  func concatenateRepeated() {
    let x = Domain.real.sample([2, 2], seed: 39)
    expectGradientsMatch([x]) {
      weightedSum(Tensor.concatenate([$0[0], $0[0].exp(), $0[0]], axis: 1))
    }
  }

  @Test("stack gives each operand its slice of the gradient, reshaped", arguments: [0, 1, 2, -1])
  func stack(_ axis: Int) {
    let inputs = (0..<3).map { Domain.real.sample([2, 3], seed: 41 + UInt64($0)) }
    expectGradientsMatch(inputs) { weightedSum(Tensor.stack($0, axis: axis).sigmoid()) }
  }

  @Test("stacking scalars gives each its element of the gradient")
  func stackScalars() {
    let inputs = (0..<3).map { Domain.real.sample([], seed: 44 + UInt64($0)) }
    expectGradientsMatch(inputs) { weightedSum(Tensor.stack($0).exp()) }
  }

  @Test(
    "slice puts the gradient back in place, zero elsewhere",
    arguments: [(0, 1..<2), (1, 0..<2), (1, 2..<3), (2, 1..<4), (-1, 0..<0), (-2, 0..<3)])
  func slice(_ axis: Int, _ range: Range<Int>) {
    let x = Domain.real.sample([2, 3, 4], seed: 45)
    expectGradientsMatch([x]) { weightedSum($0[0].slice(axis: axis, range).exp()) }
  }

  @Test(
    "padded passes back the slice of the gradient where the tensor sits", arguments: [0, 1, -1])
  func padded(_ axis: Int) {
    let x = Domain.real.sample([2, 3], seed: 46)
    expectGradientsMatch([x]) { weightedSum($0[0].padded(axis: axis, before: 2, after: 1).exp()) }
  }

  @Test("converted(to:) float64 → float64 is the identity for gradients")
  func convertedIdentity() {
    let x = Domain.real.sample([2, 3], seed: 35)
    expectGradientsMatch([x]) { weightedSum($0[0].converted(to: .float64).exp()) }
  }
}
