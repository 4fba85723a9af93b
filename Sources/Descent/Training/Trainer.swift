/// The training loop: forward pass, loss, backward pass and optimizer step over mini-batches
/// and epochs, with evaluation and prediction.
///
///     var rng = RandomGenerator(seed: 0)
///     let model = Sequential.multilayerPerceptron(sizes: [4, 16, 3], using: &rng)
///     var trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.05), loss: .crossEntropy)
///     let history = try trainer.fit(DataLoader(train, batchSize: 16), epochs: 50, validation: val)
///     let accuracy = trainer.evaluate(test).accuracy
///
/// Each epoch's training loss is the mean of its batch losses weighted by batch size. A batch
/// loss that is NaN or infinite stops training with ``TrainingError/diverged(epoch:batch:loss:learningRate:)``
/// before the step that would spread it into the parameters.
public struct Trainer<Model: Module, Opt: Optimizer>: Sendable {
  /// The model being trained.
  public var model: Model
  /// The optimizer that updates it.
  public var optimizer: Opt
  /// The objective, which also says how to read predictions.
  public var loss: LossFunction
  /// For ``LossFunction/binaryCrossEntropy``: class 1 is predicted where σ(logit) ≥ this.
  /// Default 0.5.
  public var decisionThreshold: Double = 0.5
  /// For regression on standardized targets: the standardizer fitted on the training targets,
  /// so that predictions, losses and metrics are reported in the target's own units.
  public var targetScaler: Standardizer?

  /// Where training has got to: the epochs done, the loss at initialization, the best epoch
  /// so far, the schedule's state. ``fit(_:epochs:validation:scheduler:clipGradientNorm:onStep:onEpoch:afterEpoch:isInterrupted:stopWhen:earlyStopping:targetLoss:divergenceFactor:)``
  /// continues from it, so a trainer restored from a checkpoint resumes where it stopped.
  public var progress = TrainingProgress()

  /// A trainer of `model` by `optimizer` on `loss`.
  public init(model: Model, optimizer: Opt, loss: LossFunction) {
    self.model = model
    self.optimizer = optimizer
    self.loss = loss
  }

  /// Trains for `epochs` more passes over `loader`, evaluating on `validation` after each.
  ///
  /// Epochs are numbered on from ``progress`` (a fresh trainer starts at epoch 1; one
  /// restored from a checkpoint after epoch k starts at k + 1), and the shuffling, the
  /// schedule and early stopping follow those numbers, so that a run interrupted and resumed
  /// ends with the same parameters as one that was not.
  ///
  /// Each batch: the forward pass and loss, a check that the loss is finite, the backward
  /// pass, a check that every gradient is finite, gradient clipping, then the optimizer step.
  /// - Parameters:
  ///   - loader: the training batches (shuffled per epoch as it says).
  ///   - epochs: the most epochs to run; positive.
  ///   - validation: examples to evaluate after each epoch, for model selection.
  ///   - scheduler: sets the optimizer's learning rate before every batch (warm-up, then a
  ///     schedule; see ``LearningRateScheduler``) and hears each epoch's validation loss (or
  ///     training loss); it is kept in ``progress``. nil keeps the one in ``progress``, if
  ///     any, else the optimizer's rate.
  ///   - maxNorm: (`clipGradientNorm:`) rescale the gradients to at most this global L2 norm
  ///     before each step (``clipGradientNorm(_:maxNorm:)``); nil does not clip.
  ///   - onStep: called after each optimizer step.
  ///   - onEpoch: called after each epoch with its figures.
  ///   - afterEpoch: called after each epoch with the trainer as it stands (model, optimizer
  ///     and ``progress``), to save a checkpoint.
  ///   - isInterrupted: checked after every step; when it returns true, training stops with
  ///     ``TrainingError/interrupted(epoch:savedEpoch:path:)`` (Ctrl-C, say).
  ///   - stopWhen: checked after each epoch; training ends early when it returns true.
  ///   - earlyStopping: with a `validation` set, stop once the watched validation metric has
  ///     not improved for `patience` epochs, and restore the parameters of the best epoch
  ///     (recorded as ``History/bestEpoch``).
  ///   - targetLoss: stop after the first epoch whose training loss is at or below this.
  ///   - divergenceFactor: stop when an epoch's training loss exceeds this many times the
  ///     loss at initialization (default 10); nil leaves only the NaN/infinity checks.
  /// - Returns: the history of the epochs run.
  /// - Throws: ``TrainingError/diverged(epoch:batch:loss:learningRate:)`` when a batch loss
  ///   is NaN or infinite, and ``TrainingError/gradientNotFinite(epoch:batch:parameter:learningRate:)``
  ///   when a gradient is (both before the step that would spread it, so the parameters keep
  ///   their last finite values);
  ///   ``TrainingError/lossExploded(epoch:loss:initialLoss:learningRate:)`` when an epoch's
  ///   training loss exceeds `divergenceFactor` times the first batch's loss at initialization.
  /// - Precondition: `epochs > 0`; `clipGradientNorm` ≥ 0 and finite; the early-stopping
  ///   metric exists for the loss (accuracy only for classification, R² only for regression).
  @discardableResult
  public mutating func fit(
    _ loader: DataLoader, epochs: Int, validation: TensorDataset? = nil,
    scheduler: LearningRateScheduler? = nil, clipGradientNorm maxNorm: Double? = nil,
    onStep: (StepReport) -> Void = { _ in }, onEpoch: (EpochReport) -> Void = { _ in },
    afterEpoch: (Self) -> Void = { _ in }, isInterrupted: () -> Bool = { false },
    stopWhen: (EpochReport) -> Bool = { _ in false }, earlyStopping: EarlyStopping? = nil,
    targetLoss: Double? = nil, divergenceFactor: Double? = 10
  ) throws(TrainingError) -> History {
    precondition(epochs > 0, "fit: epochs must be positive, got \(epochs)")
    if let maxNorm {
      precondition(
        maxNorm >= 0 && maxNorm.isFinite,
        "fit: clipGradientNorm must be ≥ 0 and finite, got \(maxNorm)")
    }
    if let scheduler { progress.scheduler = scheduler }
    var history = History()
    let clock = ContinuousClock()
    let start = clock.now
    let lossScale = reportedLossScale
    let first = progress.completedEpochs + 1
    for epoch in first...(first + epochs - 1) {
      var epochLearningRate: Double?
      var lossSum = 0.0
      var seen = 0
      // Each batch is gathered when its step comes, not the whole epoch's up front: one
      // batch's rows in memory at a time, in storage the allocator reuses step after step.
      for (b, rows) in loader.batchIndices(epoch: epoch).enumerated() {
        let batch = loader.dataset.subset(rows)
        if let scheduler = progress.scheduler {
          optimizer.learningRate = scheduler.learningRate(epoch: epoch, batch: b + 1)
        }
        let learningRate = optimizer.learningRate
        if epochLearningRate == nil { epochLearningRate = learningRate }
        // The forward pass, loss and backward pass in a scope of their own, so that the graph
        // (which holds the parameters it used) is gone before the step: the optimizer then
        // updates each parameter's elements in place, without a copy.
        let value = try forwardBackward(
          batch, epoch: epoch, batch: b + 1, learningRate: learningRate)
        // One pass over the gradients: a finite norm means every gradient is finite (a NaN or
        // an infinity makes Σ g² one); only a non-finite norm needs the per-parameter look.
        let norm = gradientNorm(model)
        if !norm.isFinite, let parameter = firstNonFiniteGradient() {
          throw .gradientNotFinite(
            epoch: epoch, batch: b + 1, parameter: parameter, learningRate: learningRate)
        }
        if let maxNorm { scaleGradients(&model, norm: norm, maxNorm: maxNorm) }
        optimizer.step(&model)
        progress.step += 1
        lossSum += value * Double(batch.count)
        seen += batch.count
        onStep(
          StepReport(
            epoch: epoch, batch: b + 1, step: progress.step, loss: value * lossScale,
            batchSize: batch.count, learningRate: learningRate, batchCount: loader.batchCount))
        if isInterrupted() {
          throw .interrupted(epoch: epoch, savedEpoch: nil, path: nil)
        }
      }
      let learningRate = epochLearningRate ?? optimizer.learningRate
      let trainLoss = seen == 0 ? 0 : lossSum / Double(seen)
      if let divergenceFactor, let initialLoss = progress.initialLoss, initialLoss > 0,
        trainLoss > divergenceFactor * initialLoss
      {
        throw .lossExploded(
          epoch: epoch, loss: trainLoss * lossScale, initialLoss: initialLoss * lossScale,
          learningRate: learningRate)
      }
      var report = EpochReport(
        epoch: epoch, trainLoss: trainLoss * lossScale,
        validation: nil, learningRate: learningRate, elapsedSeconds: 0)
      if let validation {
        let evaluation = evaluate(validation)
        guard evaluation.loss.isFinite else {
          throw .diverged(
            epoch: epoch, batch: loader.batchCount, loss: evaluation.loss,
            learningRate: learningRate)
        }
        report.validation = evaluation
      }
      report.elapsedSeconds = seconds(clock.now - start)
      history.epochs.append(report)
      progress.scheduler?.epochEnded(epoch, loss: report.validation?.loss ?? report.trainLoss)
      progress.completedEpochs = epoch
      var stop: History.StopReason?
      if let earlyStopping, let evaluation = report.validation {
        let metric = earlyStopping.metric
        guard let value = metric.value(in: evaluation) else {
          preconditionFailure("fit: early stopping on \(metric), which \(loss) does not report")
        }
        if let best = progress.best, !(value.isFinite && metric.improves(value, on: best.value)) {
          if epoch - best.epoch >= earlyStopping.patience { stop = .earlyStopping }
        } else {
          progress.best = BestEpoch(epoch: epoch, value: value, parameters: model.stateDict())
        }
      }
      if let targetLoss, report.trainLoss <= targetLoss { stop = .targetLossReached }
      onEpoch(report)
      afterEpoch(self)
      if stop == nil, stopWhen(report) { stop = .stopCondition }
      if let stop {
        history.stopReason = stop
        break
      }
    }
    if earlyStopping != nil, let best = progress.best {
      // Restore the best epoch's parameters (values only: the gradient accumulators stay).
      model.assignParameters(best.parameters)
      history.bestEpoch = best.epoch
      history.selectionMetric = earlyStopping?.metric
    }
    return history
  }

  /// One batch's forward pass and loss, the check that the loss is finite, and the backward
  /// pass into freshly cleared gradients; returns the batch loss. The graph is freed on return.
  private mutating func forwardBackward(
    _ batch: TensorDataset, epoch: Int, batch index: Int, learningRate: Double
  ) throws(TrainingError) -> Double {
    let output = model(batch.inputs)
    let batchLoss = loss(output, batch.targets)
    let value = batchLoss.item
    guard value.isFinite else {
      throw .diverged(epoch: epoch, batch: index, loss: value, learningRate: learningRate)
    }
    if progress.initialLoss == nil { progress.initialLoss = value }
    optimizer.zeroGrad(&model)
    batchLoss.backward()
    return value
  }

  /// The name of the first parameter whose gradient holds a NaN or an infinity, if any.
  private func firstNonFiniteGradient() -> String? {
    var copy = model
    var found: String?
    copy.visitParameters(prefix: "") { name, parameter in
      guard found == nil, let grad = parameter.grad else { return }
      if !grad.storage.allFinite { found = name }
    }
    return found
  }

  /// Squared-unit conversion of a loss on standardized regression targets.
  private var reportedLossScale: Double {
    guard loss == .meanSquaredError, let targetScaler else { return 1 }
    return targetScaler.inverseTransformVariance(1)
  }

  /// The model's outputs for `inputs` `[n, features]`, computed without recording: logits
  /// `[n, classes]` or `[n, 1]` for classification; for regression, predictions `[n, 1]` in the
  /// target's units.
  public func predict(_ inputs: Tensor) -> Tensor {
    let output = withoutGradients { model(inputs) }
    guard loss == .meanSquaredError, let targetScaler, output.rank == 2, output.shape[1] == 1
    else { return output }
    let values = targetScaler.inverseTransform(output.scalars, featureCount: 1)
    return Tensor(values, shape: output.shape, dtype: output.dtype)
  }

  /// Class probabilities `[n][classes]` for classification: softmax of the logits, or
  /// `[1 − σ(z), σ(z)]` for one binary logit.
  /// - Precondition: the loss is a classification loss.
  public func predictProbabilities(_ inputs: Tensor) -> [[Double]] {
    probabilities(logits: predict(inputs))
  }

  /// The predicted class of each row: the largest logit, or for one binary logit class 1 where
  /// σ(z) ≥ ``decisionThreshold``.
  /// - Precondition: the loss is a classification loss.
  public func predictClasses(_ inputs: Tensor) -> [Int] {
    classes(logits: predict(inputs))
  }

  private func probabilities(logits: Tensor) -> [[Double]] {
    precondition(loss.isClassification, "class probabilities: \(loss) is not a classification loss")
    return withoutGradients {
      if loss == .binaryCrossEntropy { return logits.sigmoid().scalars.map { [1 - $0, $0] } }
      let classCount = logits.shape[1]
      let p = logits.softmax(axis: 1).scalars
      return stride(from: 0, to: p.count, by: classCount).map { Array(p[$0..<($0 + classCount)]) }
    }
  }

  private func classes(logits: Tensor) -> [Int] {
    precondition(loss.isClassification, "class predictions: \(loss) is not a classification loss")
    if loss == .binaryCrossEntropy {
      return withoutGradients { logits.sigmoid() }.scalars.map { $0 >= decisionThreshold ? 1 : 0 }
    }
    return logits.argmax(axis: 1)
  }

  /// The mean loss and the task's metrics on `data`, computed without recording.
  public func evaluate(_ data: TensorDataset) -> Evaluation {
    let output = withoutGradients { model(data.inputs) }
    let meanLoss = withoutGradients { loss(output, data.targets) }.item * reportedLossScale
    if loss.isClassification {
      let probabilities = probabilities(logits: output)
      let metrics = ClassificationMetrics(
        predictions: classes(logits: output), labels: data.labels,
        classCount: loss == .binaryCrossEntropy ? 2 : output.shape[1],
        probabilities: probabilities)
      return Evaluation(loss: meanLoss, classification: metrics, regression: nil)
    }
    var predictions = output.scalars
    var targets = data.targets.scalars
    if let targetScaler, output.count == data.count {
      predictions = targetScaler.inverseTransform(predictions, featureCount: 1)
      targets = targetScaler.inverseTransform(targets, featureCount: 1)
    }
    let metrics = RegressionMetrics(predictions: predictions, targets: targets)
    // The same figure as `meanLoss` when the loss is MSE, computed in Double from the outputs.
    let reported = loss == .meanSquaredError ? metrics.meanSquaredError : meanLoss
    return Evaluation(loss: reported, classification: nil, regression: metrics)
  }
}
