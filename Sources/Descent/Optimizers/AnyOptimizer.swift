/// An optimizer chosen at run time (by a command-line option, say): wraps any ``Optimizer``
/// and forwards to it.
public struct AnyOptimizer: Optimizer {
  /// The wrapped optimizer.
  public var base: any Optimizer

  /// Wraps `base`.
  public init(_ base: any Optimizer) {
    self.base = base
  }

  /// The wrapped optimizer's learning rate.
  public var learningRate: Double {
    get { base.learningRate }
    set { base.learningRate = newValue }
  }

  /// The wrapped optimizer's parameter groups.
  public var parameterGroups: [ParameterGroup] {
    get { base.parameterGroups }
    set { base.parameterGroups = newValue }
  }

  /// The wrapped optimizer's step.
  public mutating func step<M: Module>(_ model: inout M) {
    base.step(&model)
  }
}

/// The optimizers `descent train --optimizer` offers.
public enum OptimizerKind: String, Sendable, CaseIterable {
  /// ``SGD`` with momentum.
  case sgd
  /// ``Adam``.
  case adam
  /// ``AdamW``.
  case adamw
  /// ``RMSProp``.
  case rmsprop
  /// ``Adagrad``.
  case adagrad

  /// The usual learning rate for this optimizer when none is given: 0.02 for SGD with
  /// momentum (this project's default), 1e-3 for Adam and AdamW (the paper's), 1e-2 for
  /// RMSProp and Adagrad (PyTorch's defaults).
  public var defaultLearningRate: Double {
    switch self {
    case .sgd: 0.02
    case .adam, .adamw: 1e-3
    case .rmsprop, .adagrad: 1e-2
    }
  }

  /// The optimizer with `learningRate` and `weightDecay` (L2 for SGD, Adam, RMSProp and
  /// Adagrad; decoupled for AdamW); `momentum` applies to SGD only.
  public func make(learningRate: Double, momentum: Double, weightDecay: Double) -> AnyOptimizer {
    switch self {
    case .sgd:
      AnyOptimizer(SGD(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay))
    case .adam: AnyOptimizer(Adam(learningRate: learningRate, weightDecay: weightDecay))
    case .adamw: AnyOptimizer(AdamW(learningRate: learningRate, weightDecay: weightDecay))
    case .rmsprop: AnyOptimizer(RMSProp(learningRate: learningRate, weightDecay: weightDecay))
    case .adagrad: AnyOptimizer(Adagrad(learningRate: learningRate, weightDecay: weightDecay))
    }
  }
}
