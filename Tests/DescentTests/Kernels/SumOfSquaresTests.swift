import Testing

@testable import Descent

/// The vectorized, blocked Σ x² behind gradient norms and clipping.
@Suite("Sum of squares")
struct SumOfSquaresTests {
  static func values(_ count: Int) -> [Double] {
    var rng = RandomGenerator(seed: 5)
    return (0..<count).map { _ in rng.nextStandardNormal() }
  }

  @Test(
    "matches the sum in element order to rounding, for both dtypes",
    arguments: [0, 1, 15, 16, 17, 1000, 16_384, 16_385, 100_003])
  func matchesSequentialSum(count: Int) {
    let x = Self.values(count)
    let floats = x.map(Float.init)
    let expected32 = floats.reduce(0.0) { $0 + Double($1) * Double($1) }
    let expected64 = x.reduce(0.0) { $0 + $1 * $1 }
    let got32 = TensorStorage.float32(floats).sumOfSquares
    let got64 = TensorStorage.float64(x).sumOfSquares
    #expect(Swift.abs(got32 - expected32) <= 1e-12 * Swift.max(1, expected32))
    #expect(Swift.abs(got64 - expected64) <= 1e-12 * Swift.max(1, expected64))
  }

  @Test("is the same, bit for bit, for 1, 2 and 3 threads")
  func threadCountIndependent() {
    let x = Self.values(200_001)
    let storages: [TensorStorage] = [.float32(x.map(Float.init)), .float64(x)]
    for storage in storages {
      let single = Threading.withCount(1) { storage.sumOfSquares }
      for threads in [2, 3] {
        #expect(
          Threading.withCount(threads) { storage.sumOfSquares }.bitPattern == single.bitPattern)
      }
    }
  }

  @Test("is NaN or infinite when an element is")
  func nonFinite() {
    for bad in [Float.nan, .infinity, -.infinity] {
      for index in [0, 20, 40_000] {
        var x = [Float](repeating: 1, count: 50_000)
        x[index] = bad
        #expect(!TensorStorage.float32(x).sumOfSquares.isFinite)
      }
    }
  }
}
