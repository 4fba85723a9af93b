import Descent
import Foundation
import Testing

/// The problem of `Fixtures/make_optim_reference.py`: six float32 parameters,
/// L(w) = Σ a(w − c)² + 0.1·Σ w³/3, so ∇L = 2a(w − c) + 0.1·w².
private struct ReferenceProblem: Module {
  static let w0: [Double] = [0.5, -1.5, 2.0, 0.0, 3.0, -0.25]
  static let a = Tensor([1.0, 0.5, 2.0, 0.1, 1.5, 3.0])
  static let c = Tensor([1.0, 0.0, -1.0, 2.0, 0.5, -0.5])

  var w: Tensor = {
    var w = Tensor(ReferenceProblem.w0)
    w.requiresGrad = true
    return w
  }()

  func callAsFunction(_ input: Tensor) -> Tensor {
    let d = w - Self.c
    return (Self.a * d * d).sum() + 0.1 * (w * w * w / 3).sum()
  }

  mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
    body(prefix + "w", &w)
  }
}

/// The part of `optim_reference.json` these tests read: parameters after each of 100 steps of
/// every torch.optim configuration, by the configuration's name.
private struct OptimReferenceFile: Decodable {
  let optimizers: [String: [[Double]]]

  static func load() throws -> OptimReferenceFile {
    try JSONDecoder().decode(OptimReferenceFile.self, from: Fixtures.data("optim_reference.json"))
  }
}

/// A configuration of `optim_reference.json` (its name there) and the same optimizer here.
struct OptimizerConfiguration: Sendable, CustomTestStringConvertible {
  let name: String
  let make: @Sendable () -> any Optimizer
  var testDescription: String { name }

  /// Every configuration of `make_optim_reference.py`, in its order.
  static let all: [OptimizerConfiguration] = [
    .init(name: "sgd lr=0.05") { SGD(learningRate: 0.05) },
    .init(name: "sgd lr=0.05 momentum=0.9") { SGD(learningRate: 0.05, momentum: 0.9) },
    .init(name: "sgd lr=0.05 momentum=0.9 dampening=0.1") {
      SGD(learningRate: 0.05, momentum: 0.9, dampening: 0.1)
    },
    .init(name: "sgd lr=0.05 momentum=0.9 nesterov=true") {
      SGD(learningRate: 0.05, momentum: 0.9, nesterov: true)
    },
    .init(name: "sgd lr=0.05 momentum=0.9 weight_decay=0.01") {
      SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 0.01)
    },
    .init(name: "adam lr=0.01") { Adam(learningRate: 0.01) },
    .init(name: "adam lr=0.01 betas=0.8,0.99 eps=1e-6") {
      Adam(learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6)
    },
    .init(name: "adam lr=0.01 weight_decay=0.01") { Adam(learningRate: 0.01, weightDecay: 0.01) },
    .init(name: "adam lr=0.01 amsgrad=true") { Adam(learningRate: 0.01, amsgrad: true) },
    .init(name: "adamw lr=0.01 weight_decay=0.01") {
      AdamW(learningRate: 0.01, weightDecay: 0.01)
    },
    .init(name: "adamw lr=0.01 weight_decay=0.1 amsgrad=true") {
      AdamW(learningRate: 0.01, weightDecay: 0.1, amsgrad: true)
    },
    .init(name: "rmsprop lr=0.01") { RMSProp(learningRate: 0.01) },
    .init(name: "rmsprop lr=0.01 alpha=0.9 momentum=0.5") {
      RMSProp(learningRate: 0.01, alpha: 0.9, momentum: 0.5)
    },
    .init(name: "rmsprop lr=0.01 centered=true") { RMSProp(learningRate: 0.01, centered: true) },
    .init(name: "rmsprop lr=0.01 weight_decay=0.01 momentum=0.9 centered=true") {
      RMSProp(learningRate: 0.01, weightDecay: 0.01, momentum: 0.9, centered: true)
    },
    .init(name: "adagrad lr=0.1") { Adagrad(learningRate: 0.1) },
    .init(name: "adagrad lr=0.1 lr_decay=0.01 weight_decay=0.01") {
      Adagrad(learningRate: 0.1, learningRateDecay: 0.01, weightDecay: 0.01)
    },
  ]
}

@Suite("Optimizers against PyTorch's torch.optim trajectories")
struct OptimizerReferenceTests {
  @Test("every optimizer configuration of the reference file is tested")
  func coversFile() throws {
    let file = try OptimReferenceFile.load()
    #expect(Set(file.optimizers.keys) == Set(OptimizerConfiguration.all.map(\.name)))
  }

  @Test(
    "100 float32 steps follow torch.optim's trajectory", arguments: OptimizerConfiguration.all)
  func trajectory(_ configuration: OptimizerConfiguration) throws {
    let expected = try #require(
      try OptimReferenceFile.load().optimizers[configuration.name],
      "no trajectory \(configuration.name) in optim_reference.json")
    try #require(expected.count == 100)
    var optimizer = configuration.make()
    var model = ReferenceProblem()
    let input = Tensor.zeros(shape: [])
    for (index, parameters) in expected.enumerated() {
      optimizer.zeroGrad(&model)
      model(input).backward()
      optimizer.step(&model)
      #expect(model.w.dtype == .float32)
      // The tolerance for float32 parameters: |Δ| ≤ 1e-6 + 1e-5·|x|.
      let ok = zip(model.w.scalars, parameters).allSatisfy {
        Swift.abs($0 - $1) <= 1e-6 + 1e-5 * Swift.max(Swift.abs($0), Swift.abs($1))
      }
      if !ok {
        Issue.record("step \(index + 1): got \(model.w.scalars), expected \(parameters)")
        return
      }
    }
  }
}
