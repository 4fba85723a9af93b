/// Which parameters a ``ParameterGroup`` holds, by their names in ``Module/namedParameters``
/// (`0.weight`, `0.bias`, `2.weight` … for a ``Sequential``).
public enum ParameterSelector: Sendable, Hashable {
  /// Every parameter whose name is one of these.
  case names(Set<String>)
  /// Every parameter whose name starts with this (`"0."` for the first layer of a
  /// ``Sequential``).
  case prefix(String)
  /// Every parameter whose name ends with this (`"bias"` for every bias).
  case suffix(String)

  /// Every bias: the names ending in `bias`.
  public static let biases = ParameterSelector.suffix("bias")

  /// Whether the parameter named `name` belongs to the group.
  public func matches(_ name: String) -> Bool {
    switch self {
    case .names(let names): names.contains(name)
    case .prefix(let prefix): name.hasPrefix(prefix)
    case .suffix(let suffix): name.hasSuffix(suffix)
    }
  }
}

/// Parameters that an optimizer updates with their own learning rate and weight decay, as
/// PyTorch's parameter groups (the dictionaries in `torch.optim.Optimizer`'s `params`).
///
///     var sgd = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 5e-4)
///     sgd.parameterGroups = [ParameterGroup(.biases, weightDecay: 0)]  // no decay on biases
///
/// A parameter belongs to the first group whose selector matches its name; parameters in no
/// group use the optimizer's own settings. The group's learning rate is a factor of the
/// optimizer's ``Optimizer/learningRate`` rather than a second rate, so schedules, which set
/// the optimizer's rate, move every group together: PyTorch's group `{"lr": 0.01}` under an
/// optimizer rate of 0.1 is `learningRateScale: 0.1` here.
public struct ParameterGroup: Sendable, Hashable {
  /// The parameters of the group.
  public var selector: ParameterSelector
  /// The group's learning rate as a multiple of the optimizer's (η_group = scale · η). ≥ 0;
  /// 0 freezes the group.
  public var learningRateScale: Double
  /// The group's weight decay λ (L2 or decoupled, as the optimizer applies it); nil keeps the
  /// optimizer's.
  public var weightDecay: Double?

  /// A group of the parameters `selector` matches.
  /// - Precondition: `learningRateScale ≥ 0` and finite; `weightDecay`, when given, ≥ 0 and
  ///   finite.
  public init(
    _ selector: ParameterSelector, learningRateScale: Double = 1, weightDecay: Double? = nil
  ) {
    precondition(
      learningRateScale >= 0 && learningRateScale.isFinite,
      "ParameterGroup: learningRateScale must be ≥ 0 and finite, got \(learningRateScale)")
    if let weightDecay {
      precondition(
        weightDecay >= 0 && weightDecay.isFinite,
        "ParameterGroup: weight decay must be ≥ 0 and finite, got \(weightDecay)")
    }
    self.selector = selector
    self.learningRateScale = learningRateScale
    self.weightDecay = weightDecay
  }
}

/// The learning rate and weight decay that apply to one parameter.
struct ParameterSettings {
  /// η for this parameter.
  var learningRate: Double
  /// λ for this parameter.
  var weightDecay: Double
}

extension Array where Element == ParameterGroup {
  /// The settings of parameter `name`: those of the first group that matches it, else the
  /// optimizer's `learningRate` and `weightDecay`.
  func settings(for name: String, learningRate: Double, weightDecay: Double) -> ParameterSettings {
    guard let group = first(where: { $0.selector.matches(name) }) else {
      return ParameterSettings(learningRate: learningRate, weightDecay: weightDecay)
    }
    return ParameterSettings(
      learningRate: learningRate * group.learningRateScale,
      weightDecay: group.weightDecay ?? weightDecay)
  }
}
