import RealModule

/// A seeded pseudo-random number generator: xoshiro256** (Blackman and Vigna, 2018), its
/// 256-bit state filled from the seed by SplitMix64.
///
/// Descent has no global random state: every random draw (initialization, shuffling, splits)
/// takes a generator that the caller owns, so the same seed gives the same numbers, whatever
/// else the program draws elsewhere.
///
///     var rng = RandomGenerator(seed: 0)
///     let w = Tensor.randomNormal(shape: [3, 2], using: &rng)
///
/// Source: D. Blackman, S. Vigna, "Scrambled Linear Pseudorandom Number Generators",
/// ACM TOMS 47(4), 2021; https://prng.di.unimi.it/xoshiro256starstar.c.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable {
  /// The generator's 256-bit state.
  public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

  /// Creates a generator whose state is derived from `seed` by SplitMix64.
  /// - Parameter seed: any value; equal seeds give equal sequences.
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotateLeft(state.3, 45)
    return result
  }

  /// A uniform double in `[0, 1)`, from the top 53 bits of `next()`.
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform integer in `0..<upperBound`, by Lemire's multiply-and-reject method, so the
  /// sequence does not depend on the standard library's version.
  /// - Precondition: `upperBound > 0`.
  public mutating func nextIndex(below upperBound: Int) -> Int {
    precondition(upperBound > 0, "nextIndex(below:) needs a positive bound, got \(upperBound)")
    let bound = UInt64(upperBound)
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold {
        product = next().multipliedFullWidth(by: bound)
      }
    }
    return Int(product.high)
  }

  /// A standard normal draw (mean 0, standard deviation 1) by the Box–Muller transform.
  public mutating func nextStandardNormal() -> Double {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    let u1 = 1 - nextUnitInterval()
    let u2 = nextUnitInterval()
    return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
  }

  /// Shuffles `elements` in place by the Fisher–Yates algorithm, drawing from this generator.
  public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ elements: inout C)
  where C.Index == Int {
    guard elements.count > 1 else { return }
    let start = elements.startIndex
    for i in stride(from: elements.count - 1, to: 0, by: -1) {
      let j = nextIndex(below: i + 1)
      elements.swapAt(start + i, start + j)
    }
  }

  /// Equal when the states are equal, so the two will produce the same sequence.
  public static func == (lhs: RandomGenerator, rhs: RandomGenerator) -> Bool {
    lhs.state == rhs.state
  }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
  (x << k) | (x >> (64 - k))
}
