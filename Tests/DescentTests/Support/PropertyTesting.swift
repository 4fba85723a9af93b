import Descent
import Foundation
import PropertyBased
import Testing

/// Seeded, deterministic property testing on top of swift-property-based's generators.
///
/// The package's `propertyCheck` draws a fresh random seed on every run (a fixed one only
/// through its `.fixedSeed` trait, which always records an issue and runs one case), so the
/// suite drives the generators itself: case `i` of a property seeded with `seed` is drawn
/// from `Xoshiro(seed: (seed, i, …))`, the same on every machine and every run, and a failure
/// names the case index, which reproduces it alone (`PropertyCases.only`).
enum PropertyCases {
  /// Cases per op family: `DESCENT_PROPERTY_CASES`, default 10,000 (the long run used
  /// 1,000,000; see scripts/fuzz-long.sh).
  static let count =
    ProcessInfo.processInfo.environment["DESCENT_PROPERTY_CASES"].flatMap { Int($0) } ?? 10_000

  /// When set (`DESCENT_PROPERTY_CASE=1234`), only that case index of every property runs:
  /// for reproducing a reported failure.
  static let only = ProcessInfo.processInfo.environment["DESCENT_PROPERTY_CASE"].flatMap {
    Int($0)
  }

  /// Failures recorded per property before it stops (the first one is the useful one).
  static let failureLimit = 3
}

/// Runs `body` on `count` values drawn from `generator`, case `i` from a generator seeded with
/// `(seed, i)`; `body` returns nil when the property holds, else a sentence saying what failed.
/// Records an issue naming the property, the case index, the input and the sentence for the
/// first few failures. Returns the number of cases run.
@discardableResult
func forAllCases<Value>(
  _ property: String, seed: UInt64, count: Int = PropertyCases.count,
  _ generator: Generator<Value, some Sequence>,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ body: (Value, inout Xoshiro) -> String?
) -> Int {
  var failures = 0
  let indices = PropertyCases.only.map { [$0] } ?? Array(0..<count)
  for i in indices {
    var rng = Xoshiro(seed: (seed, UInt64(i), 0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03))
    let value = generator.run(using: &rng)
    if let problem = body(value, &rng) {
      failures += 1
      Issue.record(
        Comment(
          rawValue:
            "\(property), case \(i) (seed \(seed); rerun alone with DESCENT_PROPERTY_CASE=\(i)): "
            + "\(problem)\n  input: \(value)"),
        sourceLocation: sourceLocation)
      if failures >= PropertyCases.failureLimit { break }
    }
  }
  return indices.count
}

// MARK: - Generators

/// Generators of shapes and values for the op families.
enum TensorGen {
  /// A dimension: mostly 1…4, sometimes 1 (to broadcast) or 0 (empty).
  static let dimension = Gen<Int>.frequency(
    (weight: 6, gen: Gen.int(in: 1...4)),
    (weight: 2, gen: Gen.always(1)),
    (weight: 1, gen: Gen.always(0)))

  /// A dimension that is never 0.
  static let nonEmptyDimension = Gen.int(in: 1...4)

  /// A shape of rank 0…3.
  static let shape = Generator<[Int], Shrink.None<[Int]>> { rng in
    let rank = Gen.int(in: 0...3).run(using: &rng)
    return (0..<rank).map { _ in dimension.run(using: &rng) }
  }

  /// A shape of rank 1…3 with no empty dimension.
  static let nonEmptyShape = Generator<[Int], Shrink.None<[Int]>> { rng in
    let rank = Gen.int(in: 1...3).run(using: &rng)
    return (0..<rank).map { _ in nonEmptyDimension.run(using: &rng) }
  }

  /// Two shapes that broadcast together: each a suffix of a common shape (a random number of
  /// leading axes dropped) with random sizes replaced by 1.
  static let broadcastingShapes = Generator<([Int], [Int]), Shrink.None<([Int], [Int])>> { rng in
    let full = shape.run(using: &rng)
    func operand(_ rng: inout any SeededRandomNumberGenerator) -> [Int] {
      let dropped = Gen.int(in: 0...full.count).run(using: &rng)
      return full.dropFirst(dropped).map { Gen<Bool>.bool(0.3).run(using: &rng) ? 1 : $0 }
    }
    let a = operand(&rng)
    return (a, operand(&rng))
  }

  /// A value from the edges of float64 as well as the middle: ±0, subnormals, the smallest
  /// and largest normals, huge and tiny magnitudes, and ordinary values.
  static let extremeValue = Gen<Double>.frequency(
    (weight: 1, gen: Gen.element(of: [0.0, -0.0, 1, -1]).map { $0 ?? 0 }),
    (
      weight: 1,
      gen: Gen.element(of: [
        Double.leastNonzeroMagnitude, -Double.leastNonzeroMagnitude, Double.leastNormalMagnitude,
        -Double.leastNormalMagnitude, Double.greatestFiniteMagnitude,
        -Double.greatestFiniteMagnitude,
      ]).map { $0 ?? 0 }
    ),
    // Subnormals: a random significand below the smallest normal.
    (
      weight: 1,
      gen: zip(Gen<UInt64>.uint64(in: 1...(1 << 52 - 1)), Gen<Bool>.bool).map { bits, negative in
        let x = Double(bitPattern: bits)
        return negative ? -x : x
      }
    ),
    // Any magnitude: 10^e for e in −320…308, with a random sign and significand.
    (
      weight: 3,
      gen: zip(Gen.double(in: -320...308), Gen<Bool>.bool).map { e, negative in
        let x = Foundation.pow(10, e)
        return negative ? -x : x
      }
    ),
    (weight: 2, gen: Gen.double(in: -10...10)))

  /// `count` values from `value`.
  static func values(
    _ count: Int, _ value: Generator<Double, some Sequence>, _ rng: inout Xoshiro
  ) -> [Double] {
    (0..<count).map { _ in value.run(using: &rng) }
  }

  /// A float64 tensor of `shape` with values from `value`.
  static func tensor(
    _ shape: [Int], _ value: Generator<Double, some Sequence>, _ rng: inout Xoshiro
  ) -> Tensor {
    Tensor(values(shape.reduce(1, *), value, &rng), shape: shape, dtype: .float64)
  }

  /// A value with |x| uniform in [lower, upper] and a random sign.
  static func signed(_ lower: Double, _ upper: Double) -> Generator<
    Double, some Sequence & SendableMetatype
  > {
    zip(Gen.double(in: lower...upper), Gen<Bool>.bool).map { x, negative in negative ? -x : x }
  }
}

// MARK: - Derivative checks

/// Central differences, forward mode and reverse mode compared on one function at one point.
///
/// With a random direction `v` (one tensor per input) and a random cotangent `w` (of the
/// output's shape), three numbers must agree:
///
///     forward  = ⟨w, J v⟩      by jvp(of:at:along:)
///     reverse  = ⟨Jᵀw, v⟩      by gradient(of: ⟨w, f⟩), one backward pass
///     numeric  = (⟨w, f(x + h v)⟩ − ⟨w, f(x − h v)⟩) / 2h,   h = 1e-6, in float64
///
/// forward and reverse to 1e-10 of the magnitude of their terms (they are the same sums in a
/// different order), reverse and numeric to `atol + rtol·max(|a|, |b|)` plus the rounding
/// error of the difference quotient, ε·Σ|w·f| / h. The gradients must have the inputs' shapes.
/// This is JAX's `check_grads` (a JVP against central differences along a random direction,
/// and the ⟨u, J v⟩ = ⟨Jᵀu, v⟩ identity), one direction per case instead of one per element.
struct DerivativeCheck {
  var h = 1e-6
  var atol = 1e-6
  var rtol = 1e-5

  /// nil when the three agree and the gradient shapes are right; else what went wrong.
  func problem(
    _ f: ([Tensor]) -> Tensor, at inputs: [Tensor], rng: inout Xoshiro
  ) -> String? {
    let y = f(inputs)
    let directions = inputs.map { TensorGen.tensor($0.shape, Gen.double(in: -1...1), &rng) }
    let w = TensorGen.tensor(y.shape, Gen.double(in: -1...1), &rng)
    let wValues = w.scalars
    func pairing(_ y: Tensor) -> (value: Double, magnitude: Double) {
      zip(wValues, y.scalars).reduce((0, 0)) { ($0.0 + $1.0 * $1.1, $0.1 + Swift.abs($1.0 * $1.1)) }
    }

    let (jvpValue, tangent) = jvp(of: f, at: inputs, along: directions)
    if jvpValue.shape != y.shape || tangent.shape != y.shape {
      return "jvp gave value \(jvpValue.shape) and tangent \(tangent.shape), output is \(y.shape)"
    }
    let gradients = gradient(of: { xs in (f(xs) * w).sum() }, at: inputs)
    for (k, (g, x)) in zip(gradients, inputs).enumerated() where g.shape != x.shape {
      return "gradient \(k) has shape \(g.shape), its input \(x.shape)"
    }
    let forward = pairing(tangent)
    var reverse = 0.0
    var reverseMagnitude = 0.0
    for (g, v) in zip(gradients, directions) {
      for (gi, vi) in zip(g.scalars, v.scalars) {
        reverse += gi * vi
        reverseMagnitude += Swift.abs(gi * vi)
      }
    }
    let step = { (sign: Double) in
      zip(inputs, directions).map { x, v in
        Tensor(
          zip(x.scalars, v.scalars).map { $0 + sign * h * $1 }, shape: x.shape, dtype: .float64)
      }
    }
    let plus = pairing(f(step(1)))
    let minus = pairing(f(step(-1)))
    let numeric = (plus.value - minus.value) / (2 * h)
    let rounding = 1e-15 * Swift.max(plus.magnitude, minus.magnitude) / h

    let identityTolerance = 1e-10 * (1 + forward.magnitude + reverseMagnitude)
    if !(Swift.abs(forward.value - reverse) <= identityTolerance) {
      return "forward mode ⟨w, J v⟩ = \(forward.value) but reverse mode ⟨Jᵀw, v⟩ = \(reverse)"
    }
    let tolerance = atol + rounding + rtol * Swift.max(Swift.abs(reverse), Swift.abs(numeric))
    if !(Swift.abs(reverse - numeric) <= tolerance) {
      return "reverse mode ⟨Jᵀw, v⟩ = \(reverse) but central differences give \(numeric) "
        + "(tolerance \(tolerance))"
    }
    return nil
  }
}

/// Whether every element is finite.
func allFinite(_ x: Tensor) -> Bool { x.scalars.allSatisfy(\.isFinite) }

/// Whether `a` and `b` hold the same values, bit for bit except that any NaN equals any NaN.
func sameValues(_ a: [Double], _ b: [Double]) -> Bool {
  a.count == b.count
    && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
}

/// The row-major flat index in `shape` of the element a broadcast result at multi-index
/// `index` (of `resultShape`) reads: axes aligned from the right, size-1 axes pinned to 0.
func broadcastSource(_ index: [Int], of resultShape: [Int], in shape: [Int]) -> Int {
  var flat = 0
  let offset = resultShape.count - shape.count
  for axis in 0..<shape.count {
    let i = shape[axis] == 1 ? 0 : index[axis + offset]
    flat = flat * shape[axis] + i
  }
  return flat
}

/// Every multi-index of `shape`, row-major.
func multiIndices(_ shape: [Int]) -> [[Int]] {
  var result: [[Int]] = [[]]
  for size in shape {
    result = result.flatMap { prefix in (0..<size).map { prefix + [$0] } }
  }
  return result
}
