import Descent
import Testing

/// A reduction over some axes (all when nil) of a `[2, 3, 4]` tensor.
struct ReductionCase: Sendable, CustomTestStringConvertible {
  enum Op: String, Sendable, CaseIterable { case sum, mean, max, min, amax, amin }

  let op: Op
  let axes: [Int]?
  let keepingDimensions: Bool

  var testDescription: String {
    "\(op) over \(axes.map { "\($0)" } ?? "all axes")"
      + (keepingDimensions ? ", keeping dimensions" : "")
  }

  func apply(_ x: Tensor) -> Tensor {
    switch op {
    case .sum: x.sum(axes: axes, keepingDimensions: keepingDimensions)
    case .mean: x.mean(axes: axes, keepingDimensions: keepingDimensions)
    case .max: x.max(axes: axes, keepingDimensions: keepingDimensions)
    case .min: x.min(axes: axes, keepingDimensions: keepingDimensions)
    case .amax: x.amax(axes: axes, keepingDimensions: keepingDimensions)
    case .amin: x.amin(axes: axes, keepingDimensions: keepingDimensions)
    }
  }

  static let all: [ReductionCase] = Op.allCases.flatMap { op in
    [nil, [0], [1], [-1], [0, 2], [2, 0], [0, 1, 2]].flatMap { axes in
      [false, true].map { ReductionCase(op: op, axes: axes, keepingDimensions: $0) }
    }
  }
}

@Suite("Gradients of reductions and softmax match finite differences")
struct ReductionGradientTests {
  @Test(
    "sum, mean, max, min, amax and amin (no ties) over the given axes have the right gradient",
    arguments: ReductionCase.all)
  func reductions(_ reduction: ReductionCase) {
    let x = Domain.real.sample([2, 3, 4], seed: 10)
    expectGradientsMatch([x]) { weightedSum(reduction.apply($0[0])) }
  }

  @Test("the single-axis spellings have the gradient of the axes spelling", arguments: [0, 1, -1])
  func singleAxis(_ axis: Int) {
    let x = Domain.real.sample([3, 4], seed: 11)
    expectGradientsMatch([x]) {
      weightedSum($0[0].sum(axis: axis))
        + weightedSum($0[0].mean(axis: axis, keepingDimensions: true))
        + weightedSum($0[0].max(axis: axis))
        + weightedSum($0[0].min(axis: axis, keepingDimensions: true))
        + weightedSum($0[0].amax(axis: axis))
        + weightedSum($0[0].amin(axis: axis))
    }
  }

  @Test("logSumExp along an axis has gradient softmax", arguments: [0, 1, -1], [false, true])
  func logSumExp(_ axis: Int, _ keepingDimensions: Bool) {
    let x = Domain.real.sample([3, 4], seed: 12)
    expectGradientsMatch([x]) {
      weightedSum($0[0].logSumExp(axis: axis, keepingDimensions: keepingDimensions))
    }
  }

  @Test("logSoftmax and softmax along an axis have the right gradient", arguments: [0, 1, -1])
  func softmax(_ axis: Int) {
    let x = Domain.real.sample([3, 4], seed: 13)
    expectGradientsMatch([x]) { weightedSum($0[0].logSoftmax(axis: axis)) }
    expectGradientsMatch([x]) { weightedSum($0[0].softmax(axis: axis)) }
  }

  @Test("logSoftmax of logits hundreds apart has the right gradient")
  func softmaxLargeLogits() {
    let x = Tensor([[300, -200, 299.5], [0.25, 1000, 999]], dtype: .float64)
    expectGradientsMatch([x]) { weightedSum($0[0].logSoftmax(axis: 1)) }
  }
}
