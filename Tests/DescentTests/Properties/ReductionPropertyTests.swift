import Descent
import Foundation
import PropertyBased
import Testing

/// A reduction, its shape and the axes it reduces.
struct ReductionProperty: Sendable, CustomStringConvertible {
  enum Op: String, CaseIterable, Sendable {
    case sum, mean, max, min, amax, amin, logSumExp, softmax, logSoftmax
  }
  var op: Op
  var shape: [Int]
  /// The reduced axes (nil: all); one axis for logSumExp, softmax and logSoftmax.
  var axes: [Int]?
  var keepingDimensions: Bool

  var description: String {
    "\(op) of \(shape) over \(axes.map { "\($0)" } ?? "all axes")"
      + (keepingDimensions ? ", keeping dimensions" : "")
  }

  func apply(_ x: Tensor) -> Tensor {
    let axis = axes?.first ?? -1
    switch op {
    case .sum: return x.sum(axes: axes, keepingDimensions: keepingDimensions)
    case .mean: return x.mean(axes: axes, keepingDimensions: keepingDimensions)
    case .max: return x.max(axes: axes, keepingDimensions: keepingDimensions)
    case .min: return x.min(axes: axes, keepingDimensions: keepingDimensions)
    case .amax: return x.amax(axes: axes, keepingDimensions: keepingDimensions)
    case .amin: return x.amin(axes: axes, keepingDimensions: keepingDimensions)
    case .logSumExp: return x.logSumExp(axis: axis, keepingDimensions: keepingDimensions)
    case .softmax: return x.softmax(axis: axis)
    case .logSoftmax: return x.logSoftmax(axis: axis)
    }
  }

  /// Whether the op is defined on an empty reduced axis (sum is 0, mean NaN, softmax empty).
  var allowsEmpty: Bool { op == .sum || op == .mean || op == .softmax || op == .logSoftmax }

  /// The expected shape of the result.
  var resultShape: [Int] {
    switch op {
    case .softmax, .logSoftmax: return shape
    default:
      let reduced = Set((axes ?? Array(shape.indices)).map { $0 < 0 ? $0 + shape.count : $0 })
      return shape.indices.compactMap { i in
        reduced.contains(i) ? (keepingDimensions ? 1 : nil) : shape[i]
      }
    }
  }

  static let generator = Generator<ReductionProperty, Shrink.None<ReductionProperty>> { rng in
    let op = Op.allCases.randomElement(using: &rng) ?? .sum
    let single = op == .logSumExp || op == .softmax || op == .logSoftmax
    var shape = TensorGen.shape.run(using: &rng)
    if single && shape.isEmpty { shape = [TensorGen.dimension.run(using: &rng)] }
    let axes: [Int]?
    if single {
      let axis = Int.random(in: 0..<shape.count, using: &rng)
      axes = [Bool.random(using: &rng) ? axis : axis - shape.count]
    } else if Int.random(in: 0..<4, using: &rng) == 0 {
      axes = nil
    } else {
      axes = shape.indices.filter { _ in Bool.random(using: &rng) }.map {
        Bool.random(using: &rng) ? $0 : $0 - shape.count
      }.shuffled(using: &rng)
    }
    let property = ReductionProperty(
      op: op, shape: shape, axes: axes, keepingDimensions: Bool.random(using: &rng))
    // Reductions undefined on an empty axis are drawn again with no empty dimension.
    if !property.allowsEmpty, property.shape.contains(0) {
      return ReductionProperty(
        op: op, shape: shape.map { Swift.max($0, 1) }, axes: axes,
        keepingDimensions: property.keepingDimensions)
    }
    return property
  }
}

@Suite("Property: reductions")
struct ReductionPropertyTests {
  @Test("reverse mode matches central differences and forward mode; gradients have input shapes")
  func derivatives() {
    forAllCases("reduction derivatives", seed: 21, ReductionProperty.generator) { r, rng in
      // Distinct values 0.1 apart, shuffled, so no max or min is tied.
      let count = r.shape.reduce(1, *)
      let values = (0..<count).map { -1 + 0.1 * Double($0) }.shuffled(using: &rng)
      if r.op == .mean, r.shape.contains(0) { return nil }  // NaN means: nothing to check
      let x = Tensor(values, shape: r.shape, dtype: .float64)
      return DerivativeCheck().problem({ r.apply($0[0]) }, at: [x], rng: &rng).map {
        "\(r) at \(values): \($0)"
      }
    }
  }

  @Test("shapes are right and values finite and correct at extreme inputs")
  func values() {
    forAllCases("reduction values", seed: 22, ReductionProperty.generator) { r, rng in
      let x = TensorGen.tensor(r.shape, TensorGen.extremeValue, &rng)
      let y = r.apply(x)
      guard y.shape == r.resultShape else {
        return "\(r): shape \(y.shape), expected \(r.resultShape)"
      }
      let values = y.scalars
      let magnitude = x.scalars.reduce(Float80(0)) { $0 + Float80(Swift.abs($1)) }
      let bounded = magnitude <= Float80(Double.greatestFiniteMagnitude / 2)
      switch r.op {
      case .sum where bounded, .amax, .amin, .max, .min, .logSumExp, .softmax:
        if let bad = values.first(where: { !$0.isFinite }) {
          return "\(r) of \(x.scalars) gave \(bad)"
        }
      case .mean where bounded && !r.shape.contains(0):
        if let bad = values.first(where: { !$0.isFinite }) {
          return "\(r) of \(x.scalars) gave \(bad)"
        }
      case .logSoftmax where x.scalars.allSatisfy({ Swift.abs($0) <= 1e307 }):
        if let bad = values.first(where: { !$0.isFinite }) {
          return "\(r) of \(x.scalars) gave \(bad)"
        }
      default: break
      }
      if r.op == .softmax, !r.shape.contains(0) {
        let sums = y.sum(axis: r.axes?.first ?? -1).scalars
        if let bad = sums.first(where: { Swift.abs($0 - 1) > 1e-12 }) {
          return "\(r) of \(x.scalars): a slice sums to \(bad), not 1"
        }
      }
      if r.op == .amax || r.op == .max {
        let largest = x.scalars.max() ?? 0
        if r.axes == nil, values != [largest] { return "\(r): \(values), expected \(largest)" }
      }
      return nil
    }
  }
}
