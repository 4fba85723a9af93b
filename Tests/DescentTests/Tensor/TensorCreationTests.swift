import Descent
import Testing

@Suite("Creating tensors and reading their elements")
struct TensorCreationTests {
  @Test("a flat array becomes a vector unless a shape is given")
  func fromArray() {
    let v = Tensor([1, 2, 3, 4, 5, 6], dtype: .float64)
    #expect(v.shape == [6])
    #expect(v.rank == 1)
    #expect(v.count == 6)
    let m = Tensor([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float64)
    #expect(m.shape == [2, 3])
    #expect(m[1, 0] == 4)
    #expect(m.scalars == [1, 2, 3, 4, 5, 6])
  }

  @Test("rows become a matrix; float32 is the default dtype and rounds")
  func fromRows() {
    let m = Tensor([[1, 2], [3, 4], [5, 6.1]])
    #expect(m.shape == [3, 2])
    #expect(m.dtype == .float32)
    #expect(m[2, 1] == Double(Float(6.1)))
    #expect(m.floats == [1, 2, 3, 4, 5, Float(6.1)])
  }

  @Test("a scalar has shape [] and one element")
  func scalar() {
    let s = Tensor(scalar: 2.5, dtype: .float64)
    #expect(s.shape == [])
    #expect(s.rank == 0)
    #expect(s.count == 1)
    #expect(s.item == 2.5)
  }

  @Test("zeros, ones and repeating fill every element", arguments: DType.allCases)
  func filled(_ dtype: DType) {
    #expect(Tensor.zeros(shape: [2, 2], dtype: dtype).scalars == [0, 0, 0, 0])
    #expect(Tensor.ones(shape: [3], dtype: dtype).scalars == [1, 1, 1])
    let r = Tensor(repeating: 0.5, shape: [2, 1], dtype: dtype)
    #expect(r.shape == [2, 1])
    #expect(r.dtype == dtype)
    #expect(r.scalars == [0.5, 0.5])
    #expect(Tensor.zeros(shape: [0, 3], dtype: dtype).count == 0)
  }

  @Test("a new tensor does not require gradients and has no grad")
  func noGradient() {
    let x = Tensor([1, 2])
    #expect(!x.requiresGrad)
    #expect(x.grad == nil)
    #expect(x.isLeaf)
  }

  @Test("the same seed gives the same random tensor, another seed a different one")
  func seededRandom() {
    var rng1 = RandomGenerator(seed: 7)
    var rng2 = RandomGenerator(seed: 7)
    var rng3 = RandomGenerator(seed: 8)
    let a = Tensor.randomNormal(shape: [4, 4], dtype: .float64, using: &rng1)
    let b = Tensor.randomNormal(shape: [4, 4], dtype: .float64, using: &rng2)
    let c = Tensor.randomNormal(shape: [4, 4], dtype: .float64, using: &rng3)
    #expect(a.scalars == b.scalars)
    #expect(a.scalars != c.scalars)
  }

  @Test("uniform draws stay in [lowerBound, upperBound)")
  func uniformRange() {
    var rng = RandomGenerator(seed: 1)
    let u = Tensor.randomUniform(
      shape: [1000], lowerBound: -0.5, upperBound: 0.25, dtype: .float64, using: &rng)
    #expect(u.scalars.allSatisfy { $0 >= -0.5 && $0 < 0.25 })
  }

  @Test("normal draws have about the asked mean and standard deviation")
  func normalMoments() {
    var rng = RandomGenerator(seed: 2)
    let n = Tensor.randomNormal(
      shape: [20_000], mean: 1, standardDeviation: 2, dtype: .float64, using: &rng)
    let mean = n.mean().item
    let std = ((n - mean) * (n - mean)).mean().item.squareRoot()
    #expect(Swift.abs(mean - 1) < 0.05)
    #expect(Swift.abs(std - 2) < 0.05)
  }

  @Test("nextIndex(below:) stays in range and reaches every value", arguments: [1, 2, 7])
  func nextIndex(_ bound: Int) {
    var rng = RandomGenerator(seed: 3)
    let draws = (0..<500).map { _ in rng.nextIndex(below: bound) }
    #expect(draws.allSatisfy { (0..<bound).contains($0) })
    #expect(Set(draws).count == bound)
  }
}
