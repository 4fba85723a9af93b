import Descent
import Foundation
import PropertyBased
import Testing

/// A differentiable elementwise function of one tensor, with the inputs where its derivative
/// check is meaningful and the inputs where its value must be finite.
struct UnaryOpProperty: Sendable, CustomStringConvertible {
  var name: String
  var apply: @Sendable (Tensor) -> Tensor
  /// Magnitudes (with either sign, unless `positive`) for the derivative check: away from the
  /// op's kinks, poles and overflow.
  var smooth: ClosedRange<Double>
  var positive = false
  /// Whether the value is finite at this finite input, in float64 (where the math is).
  var finiteAt: @Sendable (Double) -> Bool = { _ in true }
  /// Whether the derivative is bounded, so the gradient must be finite at any finite input.
  var boundedDerivative = false

  var description: String { name }

  static let all: [UnaryOpProperty] = [
    UnaryOpProperty(name: "negate", apply: { -$0 }, smooth: 0...3, boundedDerivative: true),
    UnaryOpProperty(name: "exp", apply: { $0.exp() }, smooth: 0...3, finiteAt: { $0 < 709 }),
    UnaryOpProperty(
      name: "log", apply: { $0.log() }, smooth: 0.3...3, positive: true, finiteAt: { $0 > 0 }),
    UnaryOpProperty(
      name: "sqrt", apply: { $0.sqrt() }, smooth: 0.3...3, positive: true, finiteAt: { $0 >= 0 }),
    UnaryOpProperty(name: "abs", apply: { $0.abs() }, smooth: 0.1...3, boundedDerivative: true),
    UnaryOpProperty(name: "relu", apply: { $0.relu() }, smooth: 0.1...3, boundedDerivative: true),
    UnaryOpProperty(
      name: "sigmoid", apply: { $0.sigmoid() }, smooth: 0...6, boundedDerivative: true),
    UnaryOpProperty(name: "tanh", apply: { $0.tanh() }, smooth: 0...4, boundedDerivative: true),
    UnaryOpProperty(name: "sin", apply: { $0.sin() }, smooth: 0...6, boundedDerivative: true),
    UnaryOpProperty(name: "cos", apply: { $0.cos() }, smooth: 0...6, boundedDerivative: true),
    UnaryOpProperty(name: "tan", apply: { $0.tan() }, smooth: 0...1.2),
    UnaryOpProperty(
      name: "log1p", apply: { $0.log1p() }, smooth: 0...0.7, finiteAt: { $0 > -1 }),
    UnaryOpProperty(name: "expm1", apply: { $0.expm1() }, smooth: 0...3, finiteAt: { $0 < 709 }),
    UnaryOpProperty(
      name: "softplus", apply: { $0.softplus() }, smooth: 0...8, boundedDerivative: true),
    UnaryOpProperty(
      name: "logSigmoid", apply: { $0.logSigmoid() }, smooth: 0...8, boundedDerivative: true),
    UnaryOpProperty(
      name: "square", apply: { $0.square() }, smooth: 0...3,
      finiteAt: { Swift.abs($0) < 1e154 }),
    UnaryOpProperty(
      name: "reciprocal", apply: { $0.reciprocal() }, smooth: 0.3...3,
      finiteAt: { Swift.abs($0) > 1e-308 }),
    UnaryOpProperty(
      name: "clamp(-1, 1)", apply: { $0.clamp(min: -1, max: 1) }, smooth: 0...3,
      boundedDerivative: true),
    UnaryOpProperty(
      name: "pow(3)", apply: { $0.pow(3) }, smooth: 0...2,
      finiteAt: { Swift.abs($0) < 1e102 }),
    UnaryOpProperty(
      name: "pow(0.5)", apply: { $0.pow(0.5) }, smooth: 0.3...3, positive: true,
      finiteAt: { $0 >= 0 }),
  ]
}

extension UnaryOpProperty {
  /// A value for the derivative check: in `smooth`, and for a clamp not within 0.05 of its
  /// bounds ±1.
  func smoothValue(_ rng: inout Xoshiro) -> Double {
    while true {
      let magnitude = Gen.double(in: smooth).run(using: &rng)
      if name.hasPrefix("clamp"), Swift.abs(magnitude - 1) < 0.05 { continue }
      return positive || Gen<Bool>.bool.run(using: &rng) ? magnitude : -magnitude
    }
  }
}

@Suite("Property: elementwise functions of one tensor")
struct ElementwisePropertyTests {
  static let cases = zip(
    Gen.element(of: UnaryOpProperty.all).map { $0 ?? UnaryOpProperty.all[0] }, TensorGen.shape)

  @Test("reverse mode matches central differences and forward mode, gradients have input shapes")
  func derivatives() {
    forAllCases("elementwise derivatives", seed: 1, Self.cases) { input, rng in
      let (op, shape) = input
      let count = shape.reduce(1, *)
      let x = Tensor(
        (0..<count).map { _ in op.smoothValue(&rng) }, shape: shape, dtype: .float64)
      return DerivativeCheck().problem({ op.apply($0[0]) }, at: [x], rng: &rng).map {
        "\(op) at \(x.scalars): \($0)"
      }
    }
  }

  @Test("values are finite where the math is, at ±0, subnormals, huge and tiny inputs")
  func finiteValues() {
    forAllCases("elementwise finite values", seed: 2, Self.cases) { input, rng in
      let (op, shape) = input
      let x = TensorGen.tensor(shape, TensorGen.extremeValue, &rng)
      let y = op.apply(x)
      guard y.shape == x.shape else { return "\(op): shape \(y.shape) from \(x.shape)" }
      for (input, output) in zip(x.scalars, y.scalars) where op.finiteAt(input) {
        if !output.isFinite { return "\(op)(\(input)) = \(output), expected a finite value" }
      }
      guard op.boundedDerivative else { return nil }
      let g = gradient(of: { op.apply($0).sum() }, at: x)
      for (input, derivative) in zip(x.scalars, g.scalars) where !derivative.isFinite {
        return "\(op)′(\(input)) = \(derivative), expected a finite derivative"
      }
      return nil
    }
  }
}
