/// A learning-rate schedule for a training run, as `descent train --schedule SPEC` names it.
///
/// Epoch-based schedules advance once per epoch; ``oneCycle(maxLearningRate:)`` advances once
/// per batch. ``LearningRateScheduler`` turns one into rates for a run of known length.
///
/// | spec | schedule |
/// | --- | --- |
/// | `step:10:0.5` | ``StepLR``: ×0.5 every 10 epochs (γ defaults to 0.1) |
/// | `multistep:5,20,35:0.1` | ``MultiStepLR``: ×0.1 at epochs 5, 20 and 35 (γ defaults to 0.1) |
/// | `exponential:0.9` | ``ExponentialLR``: ×0.9 every epoch |
/// | `cosine[:eta_min]` | ``CosineAnnealingLR`` down to η_min (default 0) over the run |
/// | `onecycle[:max_lr]` | ``OneCycleLR`` peaking at max_lr (default: the learning rate) |
/// | `plateau[:factor[:patience]]` | ``ReduceLROnPlateau`` on the validation loss (defaults 0.1, 10) |
/// | `constant` | no schedule |
public enum SchedulerKind: Sendable, Hashable, CustomStringConvertible {
  /// η₀ · γ^⌊epoch / stepSize⌋.
  case step(stepSize: Int, gamma: Double)
  /// η₀ · γ^(number of milestones ≤ epoch).
  case multiStep(milestones: [Int], gamma: Double)
  /// η₀ · γ^epoch.
  case exponential(gamma: Double)
  /// Cosine annealing from η₀ to `minLearningRate` over the epochs after the warm-up.
  case cosine(minLearningRate: Double)
  /// The one-cycle policy over every batch of the run, peaking at `maxLearningRate` (nil: the
  /// optimizer's learning rate).
  case oneCycle(maxLearningRate: Double?)
  /// Multiply η by `factor` when the validation loss (the training loss without a validation
  /// split) has not improved for `patience` epochs.
  case plateau(factor: Double, patience: Int)

  /// Parses a spec such as `step:10:0.5` (see the type's table); nil for `constant`/`none`.
  /// - Throws: ``ConfigurationError`` naming the spec and the forms accepted.
  public static func parse(_ spec: String) throws(ConfigurationError) -> SchedulerKind? {
    let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    let name = parts[0].lowercased()
    let arguments = Array(parts.dropFirst())
    func fail(_ why: String) -> ConfigurationError {
      .invalid("schedule '\(spec)': \(why); expected one of \(Self.forms)")
    }
    func number(_ text: String, _ what: String) throws(ConfigurationError) -> Double {
      guard let value = Double(text), value.isFinite else {
        throw fail("\(what) '\(text)' is not a number")
      }
      return value
    }
    func integer(_ text: String, _ what: String) throws(ConfigurationError) -> Int {
      guard let value = Int(text) else { throw fail("\(what) '\(text)' is not an integer") }
      return value
    }
    func count(_ range: ClosedRange<Int>) throws(ConfigurationError) {
      guard range.contains(arguments.count) else {
        throw fail(
          "\(name) takes \(range.lowerBound == range.upperBound ? "" : "\(range.lowerBound) to ")\(range.upperBound) values after the name, got \(arguments.count)"
        )
      }
    }
    let kind: SchedulerKind?
    switch name {
    case "constant", "none":
      try count(0...0)
      kind = nil
    case "step":
      try count(1...2)
      kind = .step(
        stepSize: try integer(arguments[0], "step size"),
        gamma: arguments.count > 1 ? try number(arguments[1], "gamma") : 0.1)
    case "multistep":
      try count(1...2)
      var milestones: [Int] = []
      for text in arguments[0].split(separator: ",", omittingEmptySubsequences: false) {
        milestones.append(try integer(String(text), "milestone"))
      }
      kind = .multiStep(
        milestones: milestones,
        gamma: arguments.count > 1 ? try number(arguments[1], "gamma") : 0.1)
    case "exponential":
      try count(1...1)
      kind = .exponential(gamma: try number(arguments[0], "gamma"))
    case "cosine":
      try count(0...1)
      kind = .cosine(minLearningRate: arguments.isEmpty ? 0 : try number(arguments[0], "eta_min"))
    case "onecycle":
      try count(0...1)
      kind = .oneCycle(
        maxLearningRate: arguments.isEmpty ? nil : try number(arguments[0], "max_lr"))
    case "plateau":
      try count(0...2)
      kind = .plateau(
        factor: arguments.isEmpty ? 0.1 : try number(arguments[0], "factor"),
        patience: arguments.count < 2 ? 10 : try integer(arguments[1], "patience"))
    default:
      throw fail("unknown schedule '\(parts[0])'")
    }
    try kind?.validate()
    return kind
  }

  /// The forms ``parse(_:)`` accepts, for messages.
  static let forms =
    "step:SIZE[:GAMMA], multistep:M1,M2,…[:GAMMA], exponential:GAMMA, cosine[:ETA_MIN], "
    + "onecycle[:MAX_LR], plateau[:FACTOR[:PATIENCE]], constant"

  /// Checks the values, throwing the first out of range.
  /// - Throws: ``ConfigurationError`` naming the value.
  public func validate() throws(ConfigurationError) {
    switch self {
    case .step(let stepSize, let gamma):
      if stepSize < 1 { throw .invalid("step schedule: step size must be ≥ 1, got \(stepSize)") }
      if !(gamma > 0 && gamma.isFinite) {
        throw .invalid("step schedule: gamma must be positive, got \(gamma)")
      }
    case .multiStep(let milestones, let gamma):
      if milestones.isEmpty || milestones.contains(where: { $0 < 1 }) {
        throw .invalid("multistep schedule: milestones must be epochs ≥ 1, got \(milestones)")
      }
      if zip(milestones, milestones.dropFirst()).contains(where: { $0 >= $1 }) {
        throw .invalid("multistep schedule: milestones must increase, got \(milestones)")
      }
      if !(gamma > 0 && gamma.isFinite) {
        throw .invalid("multistep schedule: gamma must be positive, got \(gamma)")
      }
    case .exponential(let gamma):
      if !(gamma > 0 && gamma.isFinite) {
        throw .invalid("exponential schedule: gamma must be positive, got \(gamma)")
      }
    case .cosine(let minLearningRate):
      if !(minLearningRate >= 0 && minLearningRate.isFinite) {
        throw .invalid("cosine schedule: eta_min must be ≥ 0, got \(minLearningRate)")
      }
    case .oneCycle(let maxLearningRate):
      if let maxLearningRate, !(maxLearningRate > 0 && maxLearningRate.isFinite) {
        throw .invalid("onecycle schedule: max_lr must be positive, got \(maxLearningRate)")
      }
    case .plateau(let factor, let patience):
      if !(factor > 0 && factor < 1) {
        throw .invalid("plateau schedule: factor must be in (0, 1), got \(factor)")
      }
      if patience < 0 { throw .invalid("plateau schedule: patience must be ≥ 0, got \(patience)") }
    }
  }

  /// Whether the schedule advances per batch (one-cycle) rather than per epoch.
  public var advancesPerBatch: Bool {
    if case .oneCycle = self { return true }
    return false
  }

  /// The spec that ``parse(_:)`` reads back to this value, e.g. `step:10:0.5`.
  public var description: String {
    switch self {
    case .step(let size, let gamma): "step:\(size):\(gamma)"
    case .multiStep(let milestones, let gamma):
      "multistep:\(milestones.map(String.init).joined(separator: ",")):\(gamma)"
    case .exponential(let gamma): "exponential:\(gamma)"
    case .cosine(let minLearningRate): "cosine:\(minLearningRate)"
    case .oneCycle(let maxLearningRate): maxLearningRate.map { "onecycle:\($0)" } ?? "onecycle"
    case .plateau(let factor, let patience): "plateau:\(factor):\(patience)"
    }
  }
}
