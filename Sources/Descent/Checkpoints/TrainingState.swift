/// Everything beside the model that resuming a run needs: the optimizer's state and the
/// trainer's ``TrainingProgress``, as stored in a checkpoint's state file.
public struct TrainingState: Sendable {
  /// The optimizer's per-parameter state (see ``OptimizerState``).
  public var optimizer: [String: Tensor]
  /// Epochs completed.
  public var completedEpochs: Int
  /// Optimizer steps taken.
  public var step: Int
  /// The loss at initialization (the divergence guard's reference).
  public var initialLoss: Double?
  /// Early stopping's best epoch so far.
  public var best: BestEpoch?
  /// Reduce-on-plateau's state, when that is the schedule.
  public var plateau: ReduceLROnPlateau?

  /// A state of these parts.
  public init(
    optimizer: [String: Tensor], completedEpochs: Int, step: Int, initialLoss: Double?,
    best: BestEpoch?, plateau: ReduceLROnPlateau?
  ) {
    self.optimizer = optimizer
    self.completedEpochs = completedEpochs
    self.step = step
    self.initialLoss = initialLoss
    self.best = best
    self.plateau = plateau
  }

  /// The state of `trainer` now.
  public init<M: Module, O: Optimizer & OptimizerState>(of trainer: Trainer<M, O>) {
    optimizer = trainer.optimizer.stateDict()
    completedEpochs = trainer.progress.completedEpochs
    step = trainer.progress.step
    initialLoss = trainer.progress.initialLoss
    best = trainer.progress.best
    plateau = trainer.progress.scheduler?.plateau
  }

  /// Puts this state into `trainer`, whose model holds the checkpoint's parameters and whose
  /// ``TrainingProgress/scheduler`` is the run's scheduler, built from its configuration.
  /// - Throws: ``CheckpointError/optimizerState(_:)`` when the optimizer cannot take the state.
  public func restore<M: Module, O: Optimizer & OptimizerState>(into trainer: inout Trainer<M, O>)
    throws(CheckpointError)
  {
    try trainer.optimizer.loadStateDict(optimizer)
    trainer.progress.completedEpochs = completedEpochs
    trainer.progress.step = step
    trainer.progress.initialLoss = initialLoss
    trainer.progress.best = best
    if let plateau { trainer.progress.scheduler?.plateau = plateau }
  }
}
