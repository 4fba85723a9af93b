import Descent
import Foundation
import Testing

/// A number in `loss_reference.json`: a JSON number or one of "nan", "inf", "-inf".
private struct ReferenceNumber: Decodable {
  let value: Double

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Double.self) {
      value = number
      return
    }
    switch try container.decode(String.self) {
    case "nan": value = .nan
    case "inf": value = .infinity
    case "-inf": value = -.infinity
    case let other:
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "not a number: \(other)")
    }
  }
}

/// A tensor in `loss_reference.json`: its shape and row-major values.
private struct ReferenceTensor: Decodable {
  let shape: [Int]
  let values: [ReferenceNumber]

  var scalars: [Double] { values.map(\.value) }

  /// A float64 tensor with these values, optionally a leaf that requires gradients.
  func tensor(requiringGrad: Bool = false) -> Tensor {
    var t = Tensor(scalars, shape: shape, dtype: .float64)
    t.requiresGrad = requiringGrad
    return t
  }
}

/// A loss's value and gradients, as PyTorch computed them or as Descent documents them.
private struct ReferenceOutcome: Decodable {
  let value: ReferenceTensor?
  let grad: [String: ReferenceTensor]?
  let reason: String?
}

/// One row of the table: a loss, its inputs and reduction, and the expected outcome.
private struct ReferenceCase: Decodable {
  let id: String
  let loss: String
  let reduction: String
  let tensors: [String: ReferenceTensor]
  let labels: [Int]?
  let params: [String: Double]
  let upstream: ReferenceTensor
  let torch: ReferenceOutcome
  /// Descent's documented answer where it differs from PyTorch's, replacing those entries.
  let descent: ReferenceOutcome?

  /// The case's name without the reduction, as written by the script.
  var name: String { String(id[..<(id.lastIndex(of: "/") ?? id.endIndex)]) }
}

private struct ReferenceFile: Decodable {
  let cases: [ReferenceCase]
}

/// The losses the table covers, by the names the generating script uses.
enum ReferenceLoss: String, CaseIterable, Sendable {
  case mse, l1, huber, bce, nll
  case smoothL1 = "smooth_l1"
  case bceOfSigmoid = "bce_of_sigmoid"
  case bceLogits = "bce_logits"
  case crossEntropy = "cross_entropy"

  /// The inputs that get gradients, as named in the table.
  var differentiable: [String] {
    switch self {
    case .mse, .l1, .smoothL1, .huber: ["predictions", "targets"]
    case .bce: ["probabilities", "targets"]
    case .bceOfSigmoid: ["logits"]
    case .bceLogits: ["logits", "targets"]
    case .nll: ["log_probabilities"]
    case .crossEntropy: ["logits"]
    }
  }
}

/// The table's cases, decoded once.
private let referenceCases = Result<[ReferenceCase], any Error> {
  guard let url = Bundle.module.url(forResource: "Fixtures/loss_reference.json", withExtension: nil)
  else { throw CocoaError(.fileNoSuchFile) }
  return try JSONDecoder().decode(ReferenceFile.self, from: Data(contentsOf: url)).cases
}

/// The cases whose expected answer is Descent's documented one rather than PyTorch's, and why
/// (the full reasons are in the fixture). Each is a place where PyTorch is known to be wrong
/// or gives NaN where the loss has a limit:
private let documentedDeviations: [String: String] = [
  "bce/endpoints":
    "target gradient of the clamped loss (±100), where PyTorch's unclamped logs give ±∞",
  "bce/tiny-probabilities":
    "exact (p − y)/(p(1 − p)) where 0 < p(1 − p) < 1e-12; PyTorch floors it at 1e-12 "
    + "(bug case bce-prob-grad-very-negative-logit)",
  "bce_of_sigmoid/very-negative-logit":
    "σ(x) − y through a sigmoid at x = −60; PyTorch gives about −1e-14 instead of −1/6 "
    + "(bug case bce-prob-grad-very-negative-logit)",
  "bce_logits/infinite":
    "the limit at x = ±∞ (0 or +∞); PyTorch's (1 − y)x − log σ(x) gives NaN",
]

/// Values and gradients of every loss, every reduction, against PyTorch 2 in float64 on a table
/// of ordinary and extreme inputs (`Fixtures/loss_reference.json`, made by
/// `scripts/reference/make_loss_reference.py`). A value a and reference r agree when
/// |a − r| ≤ 1e-14 + 1e-12·max(|a|, |r|); an infinity agrees only with the same infinity, NaN only with NaN. The
/// absolute part is a few dozen ulps of 1: PyTorch computes log(1 + e^−x) rather than
/// log1p(e^−x) in binary cross-entropy with logits, so at x = 30 its loss 9.24e-14 is off by
/// 1.2e-15 from the exact 9.36e-14 that Descent gives.
@Suite("Losses agree with PyTorch on a table of inputs, extremes included")
struct LossReferenceTests {
  private static let atol = 1e-14
  private static let rtol = 1e-12

  /// The loss of `c` at `inputs` (the table's tensors, some of them leaves).
  private static func evaluate(_ c: ReferenceCase, _ inputs: [String: Tensor]) throws -> Tensor {
    let loss = try #require(ReferenceLoss(rawValue: c.loss), "unknown loss \(c.loss)")
    let reduction = try #require(Reduction(rawValue: c.reduction))
    func input(_ name: String) throws -> Tensor {
      try #require(inputs[name], "\(c.id): no tensor \(name)")
    }
    switch loss {
    case .mse:
      return meanSquaredError(
        try input("predictions"), try input("targets"), reduction: reduction)
    case .l1:
      return l1Loss(try input("predictions"), try input("targets"), reduction: reduction)
    case .smoothL1:
      return smoothL1Loss(
        try input("predictions"), try input("targets"), beta: c.params["beta"] ?? 1,
        reduction: reduction)
    case .huber:
      return huberLoss(
        try input("predictions"), try input("targets"), delta: c.params["delta"] ?? 1,
        reduction: reduction)
    case .bce:
      return binaryCrossEntropy(
        probabilities: try input("probabilities"), targets: try input("targets"),
        weights: inputs["weights"], reduction: reduction)
    case .bceOfSigmoid:
      return binaryCrossEntropy(
        probabilities: try input("logits").sigmoid(), targets: try input("targets"),
        reduction: reduction)
    case .bceLogits:
      return binaryCrossEntropy(
        logits: try input("logits"), targets: try input("targets"), weights: inputs["weights"],
        positiveWeight: inputs["positive_weight"], reduction: reduction)
    case .nll:
      return negativeLogLikelihood(
        logProbabilities: try input("log_probabilities"), labels: try #require(c.labels),
        weights: inputs["weights"], reduction: reduction)
    case .crossEntropy:
      return crossEntropy(
        logits: try input("logits"), labels: try #require(c.labels), weights: inputs["weights"],
        labelSmoothing: c.params["label_smoothing"] ?? 0, reduction: reduction)
    }
  }

  @Test(
    "value and gradients match PyTorch's (or the documented deviation) for every case",
    arguments: ReferenceLoss.allCases)
  func matchesPyTorch(_ loss: ReferenceLoss) throws {
    let cases = try referenceCases.get().filter { $0.loss == loss.rawValue }
    // Every loss is in the table with every reduction.
    #expect(Set(cases.map(\.reduction)) == Set(Reduction.allCases.map(\.rawValue)))
    for c in cases {
      var inputs: [String: Tensor] = [:]
      for (name, tensor) in c.tensors {
        inputs[name] = tensor.tensor(requiringGrad: loss.differentiable.contains(name))
      }
      let value = try Self.evaluate(c, inputs)
      let expectedValue = try #require(c.descent?.value ?? c.torch.value)
      #expect(value.shape == expectedValue.shape, "\(c.id): shape")
      expectLossValues(
        c.id + " value", value.scalars, expectedValue.scalars, atol: Self.atol, rtol: Self.rtol)

      (value * c.upstream.tensor()).sum().backward()
      for name in loss.differentiable {
        let expected = try #require(c.descent?.grad?[name] ?? c.torch.grad?[name])
        let gradient = try #require(inputs[name]?.grad, "\(c.id): no gradient for \(name)")
        expectLossValues(
          "\(c.id) ∂/∂\(name)", gradient.scalars, expected.scalars, atol: Self.atol,
          rtol: Self.rtol)
      }
    }
  }

  @Test("the only cases that expect other than PyTorch's answer are the documented deviations")
  func deviationsAreDocumented() throws {
    let overridden = try referenceCases.get().filter { $0.descent != nil }
    #expect(Set(overridden.map(\.name)) == Set(documentedDeviations.keys))
    for c in overridden {
      #expect(c.descent?.reason?.isEmpty == false, "\(c.id) gives no reason")
      // Each deviation is real: some entry PyTorch recorded differs from the documented one.
      var pairs: [(ReferenceTensor?, ReferenceTensor?)] = [(c.torch.value, c.descent?.value)]
      for (name, ours) in c.descent?.grad ?? [:] { pairs.append((c.torch.grad?[name], ours)) }
      let differs = pairs.contains { torch, ours in
        guard let torch, let ours else { return false }
        return zip(torch.scalars, ours.scalars).contains {
          !isApproximatelyEqual($0, $1, atol: Self.atol, rtol: Self.rtol)
        }
      }
      #expect(differs, "\(c.id): the documented answer agrees with PyTorch's")
    }
  }
}
