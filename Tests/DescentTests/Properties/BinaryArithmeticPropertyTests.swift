import Descent
import Foundation
import PropertyBased
import Testing

/// A differentiable elementwise function of two broadcasting tensors.
struct BinaryOpProperty: Sendable, CustomStringConvertible {
  var name: String
  var apply: @Sendable (Tensor, Tensor) -> Tensor
  /// The same function on one pair of elements, as Swift computes it: the oracle for values.
  var scalar: @Sendable (Double, Double) -> Double
  /// The function in Float80 (whose exponent range holds any product or quotient of
  /// float64s): where its magnitude is at most half of float64's largest, the op's value must
  /// be finite. Nil for ops not checked this way.
  var extended: (@Sendable (Float80, Float80) -> Float80)?
  /// Magnitudes for the derivative check of each operand, and whether they are positive.
  var smoothA: ClosedRange<Double> = 0.5...2
  var smoothB: ClosedRange<Double> = 0.5...2
  var positiveA = false
  var positiveB = false
  /// Whether the two operands' values must differ by at least 0.05 (for maximum and minimum,
  /// whose derivative jumps where they are equal).
  var separated = false

  var description: String { name }

  static let all: [BinaryOpProperty] = [
    BinaryOpProperty(name: "add", apply: { $0 + $1 }, scalar: { $0 + $1 }, extended: { $0 + $1 }),
    BinaryOpProperty(
      name: "subtract", apply: { $0 - $1 }, scalar: { $0 - $1 }, extended: { $0 - $1 }),
    BinaryOpProperty(
      name: "multiply", apply: { $0 * $1 }, scalar: { $0 * $1 }, extended: { $0 * $1 }),
    BinaryOpProperty(
      name: "divide", apply: { $0 / $1 }, scalar: { $0 / $1 },
      extended: { $1 == 0 ? .nan : $0 / $1 }),
    BinaryOpProperty(
      name: "pow", apply: { $0.pow($1) }, scalar: { Foundation.pow($0, $1) }, smoothA: 0.5...2,
      smoothB: 0...2.5, positiveA: true),
    BinaryOpProperty(
      name: "maximum", apply: { Tensor.maximum($0, $1) },
      scalar: { $0 >= $1 || $0.isNaN ? $0 : $1 }, extended: { Swift.max($0, $1) },
      separated: true),
    BinaryOpProperty(
      name: "minimum", apply: { Tensor.minimum($0, $1) },
      scalar: { $0 <= $1 || $0.isNaN ? $0 : $1 }, extended: { Swift.min($0, $1) },
      separated: true),
    BinaryOpProperty(
      name: "xlogy", apply: { Tensor.xlogy($0, $1) },
      scalar: { $0 == 0 && !$1.isNaN ? 0 : $0 * Foundation.log($1) }, smoothB: 0.5...3,
      positiveB: true),
  ]
}

@Suite("Property: binary arithmetic with broadcasting")
struct BinaryArithmeticPropertyTests {
  static let cases = zip(
    Gen.element(of: BinaryOpProperty.all).map { $0 ?? BinaryOpProperty.all[0] },
    TensorGen.broadcastingShapes)

  /// The op applied element by element to the broadcast operands, with `scalar`.
  static func reference(
    _ op: BinaryOpProperty, _ a: Tensor, _ b: Tensor, shape: [Int]
  ) -> [Double] {
    let (x, y) = (a.scalars, b.scalars)
    return multiIndices(shape).map { index in
      op.scalar(
        x[broadcastSource(index, of: shape, in: a.shape)],
        y[broadcastSource(index, of: shape, in: b.shape)])
    }
  }

  /// The shape two shapes broadcast to (they are generated to broadcast).
  static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = Swift.max(a.count, b.count)
    let a = [Int](repeating: 1, count: rank - a.count) + a
    let b = [Int](repeating: 1, count: rank - b.count) + b
    return zip(a, b).map { $0 == 1 ? $1 : $0 }
  }

  @Test("reverse mode matches central differences and forward mode; gradients have operand shapes")
  func derivatives() {
    forAllCases("binary derivatives", seed: 11, Self.cases) { input, rng in
      let (op, (shapeA, shapeB)) = input
      func operand(_ shape: [Int], _ range: ClosedRange<Double>, _ positive: Bool) -> Tensor {
        positive
          ? TensorGen.tensor(shape, Gen.double(in: range), &rng)
          : TensorGen.tensor(shape, TensorGen.signed(range.lowerBound, range.upperBound), &rng)
      }
      var a = operand(shapeA, op.smoothA, op.positiveA)
      let b = operand(shapeB, op.smoothB, op.positiveB)
      if op.separated {
        // Push every element of a at least 0.05 away from every element of b it meets.
        let bValues = b.scalars
        a = Tensor(
          a.scalars.map { x in
            var x = x
            while bValues.contains(where: { Swift.abs($0 - x) < 0.05 }) { x += 0.1 }
            return x
          }, shape: a.shape, dtype: .float64)
      }
      return DerivativeCheck().problem({ op.apply($0[0], $0[1]) }, at: [a, b], rng: &rng).map {
        "\(op) of \(a.scalars) \(a.shape) and \(b.scalars) \(b.shape): \($0)"
      }
    }
  }

  @Test("values broadcast as NumPy does and are finite where the math is, at extreme inputs")
  func values() {
    forAllCases("binary values", seed: 12, Self.cases) { input, rng in
      let (op, (shapeA, shapeB)) = input
      let a = TensorGen.tensor(shapeA, TensorGen.extremeValue, &rng)
      let b = TensorGen.tensor(shapeB, TensorGen.extremeValue, &rng)
      let shape = Self.broadcastShape(shapeA, shapeB)
      let y = op.apply(a, b)
      guard y.shape == shape else { return "\(op): shape \(y.shape), expected \(shape)" }
      let expected = Self.reference(op, a, b, shape: shape)
      let actual = y.scalars
      if op.name != "pow", !sameValues(actual, expected) {
        return "\(op): got \(actual), element by element \(expected)"
      }
      guard let extended = op.extended else { return nil }
      let (x, z) = (a.scalars, b.scalars)
      for (index, value) in zip(multiIndices(shape), actual) {
        let exact = extended(
          Float80(x[broadcastSource(index, of: shape, in: shapeA)]),
          Float80(z[broadcastSource(index, of: shape, in: shapeB)]))
        if Swift.abs(exact) <= Float80(Double.greatestFiniteMagnitude / 2), !value.isFinite {
          return "\(op) at \(index) is \(value), but the exact result \(exact) is finite"
        }
      }
      return nil
    }
  }
}
