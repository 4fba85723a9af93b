import Descent
import Testing

/// A comparison operator and what it gives for [1, 2, 3] against [2, 2, 2].
struct ComparisonCase: Sendable, CustomTestStringConvertible {
  let name: String
  let apply: @Sendable (Tensor, Tensor) -> Tensor
  let expected: [Double]
  var testDescription: String { name }

  static let all: [ComparisonCase] = [
    ComparisonCase(name: ".==", apply: { $0 .== $1 }, expected: [0, 1, 0]),
    ComparisonCase(name: ".!=", apply: { $0 .!= $1 }, expected: [1, 0, 1]),
    ComparisonCase(name: ".<", apply: { $0 .< $1 }, expected: [1, 0, 0]),
    ComparisonCase(name: ".<=", apply: { $0 .<= $1 }, expected: [1, 1, 0]),
    ComparisonCase(name: ".>", apply: { $0 .> $1 }, expected: [0, 0, 1]),
    ComparisonCase(name: ".>=", apply: { $0 .>= $1 }, expected: [0, 1, 1]),
  ]
}

@Suite("Comparisons give 0 or 1 and no gradient")
struct ComparisonTests {
  @Test("each comparison gives 1 where it holds and 0 elsewhere", arguments: ComparisonCase.all)
  func values(_ c: ComparisonCase) {
    var a = Tensor([1, 2, 3], dtype: .float64)
    a.requiresGrad = true
    let b = Tensor([2, 2, 2], dtype: .float64)
    let result = c.apply(a, b)
    #expect(result.scalars == c.expected)
    #expect(result.shape == [3])
    #expect(!result.requiresGrad)
    #expect(c.apply(a, Tensor(scalar: 2, dtype: .float64)).scalars == c.expected)
  }

  @Test("the Swift-number forms compare every element with the number")
  func swiftNumbers() {
    let a = Tensor([1, 2, 3])
    #expect((a .== 2).scalars == [0, 1, 0])
    #expect((a .< 2).scalars == [1, 0, 0])
    #expect((a .> 2).scalars == [0, 0, 1])
    #expect((a .> 2).dtype == .float32)
  }

  @Test("comparisons broadcast")
  func broadcasting() {
    let column = Tensor([[1], [3]], dtype: .float64)
    let row = Tensor([2, 3], dtype: .float64)
    let less = column .< row
    #expect(less.shape == [2, 2])
    #expect(less.scalars == [1, 1, 0, 0])
  }

  @Test("NaN is unequal to everything, itself included")
  func nan() {
    let x = Tensor([.nan, 1], dtype: .float64)
    #expect((x .== x).scalars == [0, 1])
    #expect((x .!= x).scalars == [1, 0])
    #expect((x .< 2).scalars == [0, 1])
  }
}
