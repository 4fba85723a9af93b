import RealModule

/// The learning-rate range test: L. N. Smith, "Cyclical Learning Rates for Training Neural
/// Networks", WACV 2017, section 3.3, with the smoothing and stopping rule of fastai's
/// `lr_find`.
///
/// Starting from a model and optimizer, train on shuffled mini-batches while the learning rate
/// grows exponentially, one step per batch (cycling through epochs of the loader as needed):
///
///     η_i = start · (end / start)^(i / (steps − 1)),   i = 0 … steps − 1
///
/// so that consecutive rates differ by the ratio (end / start)^(1 / (steps − 1)), the first is
/// `start` and the last `end`. Step i computes the batch loss L_i at the current parameters,
/// records it with η_i, then takes the optimizer step with η_i. The recorded loss is smoothed
/// by an exponential moving average with bias correction (β = 0.98, as fastai):
///
///     avg_t = β·avg_{t−1} + (1 − β)·L_t,  avg_0 = 0;   smoothed_t = avg_t / (1 − βᵗ)   (t = i + 1)
///
/// The test stops early when the smoothed loss exceeds `divergenceFactor` (4) times its
/// minimum so far (that point is recorded), or when the loss or a gradient is NaN or infinite
/// (that point is not).
///
/// The suggested rate is the one at the steepest descent of the smoothed loss against log₁₀ η
/// (see ``LearningRateFinderResult/suggestedLearningRate``). The model and optimizer the test
/// trains are copies: the trainer it starts from is left as it was.
///
///     let finder = LearningRateFinder()   // 1e-7 to 10 over 200 steps
///     let result = trainer.findLearningRate(loader, finder)
///     result.suggestedLearningRate        // e.g. 0.08
public struct LearningRateFinder: Sendable, Equatable {
  /// The first learning rate; positive. Default 1e-7.
  public var startLearningRate = 1e-7
  /// The last learning rate; greater than ``startLearningRate``. Default 10.
  public var endLearningRate = 10.0
  /// The number of steps (mini-batches) from the first rate to the last; at least 2.
  /// Default 200.
  public var steps = 200
  /// β of the exponential moving average of the loss, in [0, 1); default 0.98.
  public var smoothing = 0.98
  /// Stop once the smoothed loss exceeds this many times its minimum so far; > 1, default 4.
  public var divergenceFactor = 4.0
  /// Points left out at the start of the curve when looking for the steepest descent, where
  /// the moving average is still settling; default 10 (fastai's `skip_start`).
  public var skipStart = 10
  /// Points left out at the end, where the loss explodes; default 5 (fastai's `skip_end`).
  public var skipEnd = 5

  /// The defaults: 1e-7 to 10 over 200 steps, β 0.98, stop above 4 × the minimum.
  public init() {}

  /// A test from `start` to `end` over `steps` steps, the other settings at their defaults.
  public init(start: Double, end: Double, steps: Int) {
    self.startLearningRate = start
    self.endLearningRate = end
    self.steps = steps
  }

  /// The ratio between consecutive learning rates, (end / start)^(1 / (steps − 1)).
  public var ratio: Double {
    Double.pow(endLearningRate / startLearningRate, 1 / Double(steps - 1))
  }

  /// The learning rate of step `i` (0-based): start · (end / start)^(i / (steps − 1)).
  public func learningRate(step i: Int) -> Double {
    startLearningRate
      * Double.pow(endLearningRate / startLearningRate, Double(i) / Double(steps - 1))
  }

  /// Checks every setting.
  /// - Throws: ``ConfigurationError`` naming the setting and the value.
  public func validate() throws(ConfigurationError) {
    if !(startLearningRate > 0 && startLearningRate.isFinite) {
      throw .invalid(
        "the start learning rate must be a positive finite number, got \(startLearningRate)")
    }
    if !(endLearningRate > startLearningRate && endLearningRate.isFinite) {
      throw .invalid(
        "the end learning rate must be finite and greater than the start \(startLearningRate), "
          + "got \(endLearningRate)")
    }
    if steps < 2 { throw .invalid("the range test needs at least 2 steps, got \(steps)") }
    if !(smoothing >= 0 && smoothing < 1) {
      throw .invalid("the smoothing β must be in [0, 1), got \(smoothing)")
    }
    if !(divergenceFactor > 1) {
      throw .invalid("the divergence factor must be greater than 1, got \(divergenceFactor)")
    }
    if skipStart < 0 || skipEnd < 0 {
      throw .invalid("points to skip must be ≥ 0, got \(skipStart) and \(skipEnd)")
    }
  }

  /// The bias-corrected exponential moving average of `losses` with β = `smoothing`:
  /// avg_t = β·avg_{t−1} + (1 − β)·L_t from avg_0 = 0, and smoothed_t = avg_t / (1 − βᵗ).
  /// The first value is L_1 itself.
  public static func smoothed(_ losses: [Double], smoothing beta: Double = 0.98) -> [Double] {
    var average = 0.0
    var betaPower = 1.0
    return losses.map { loss in
      average = beta * average + (1 - beta) * loss
      betaPower *= beta
      return average / (1 - betaPower)
    }
  }

  /// The index of the steepest descent of `losses` against log₁₀ of `learningRates`: the
  /// point i whose central difference
  ///
  ///     slope_i = (losses[i+1] − losses[i−1]) / (log₁₀ η_{i+1} − log₁₀ η_{i−1})
  ///
  /// is the most negative, among i in `skipStart ... n − 1 − skipEnd` (n points), or among
  /// every interior point 1 ... n − 2 when the curve is too short for that; the first of
  /// equals. Nil when there are fewer than 3 points or no slope is negative (the loss never
  /// fell).
  /// - Precondition: the arrays have equal lengths.
  public static func steepestDescentIndex(
    learningRates: [Double], losses: [Double], skipStart: Int = 10, skipEnd: Int = 5
  ) -> Int? {
    precondition(
      learningRates.count == losses.count,
      "steepestDescentIndex: \(learningRates.count) rates and \(losses.count) losses")
    let n = losses.count
    guard n >= 3 else { return nil }
    let first = Swift.max(1, skipStart)
    let last = Swift.min(n - 2, n - 1 - skipEnd)
    let candidates = first <= last ? first...last : 1...(n - 2)
    var best: (index: Int, slope: Double)?
    for i in candidates {
      let run = Double.log10(learningRates[i + 1]) - Double.log10(learningRates[i - 1])
      let slope = (losses[i + 1] - losses[i - 1]) / run
      guard slope.isFinite, slope < 0 else { continue }
      if best == nil || slope < best!.slope { best = (i, slope) }
    }
    return best?.index
  }
}

/// What a learning-rate range test (``LearningRateFinder``) recorded, and the rate it
/// suggests.
public struct LearningRateFinderResult: Sendable, Equatable {
  /// Why the test ended.
  public enum StopReason: String, Sendable, Equatable {
    /// Every step ran, up to the end learning rate.
    case completed
    /// The smoothed loss rose above ``LearningRateFinder/divergenceFactor`` times its minimum
    /// (the last point recorded is the one that did).
    case lossExploded = "loss_exploded"
    /// The batch loss became NaN or infinite (not recorded).
    case lossNotFinite = "loss_not_finite"
    /// A gradient became NaN or infinite (the point is recorded, the step not taken).
    case gradientNotFinite = "gradient_not_finite"
  }

  /// The settings the test ran with.
  public var finder: LearningRateFinder
  /// The learning rate of each recorded step, increasing geometrically.
  public var learningRates: [Double] = []
  /// The bias-corrected exponential moving average of ``rawLosses``, in the loss's units
  /// (nats, or squared target units for regression).
  public var losses: [Double] = []
  /// Each step's batch loss, before that step's update.
  public var rawLosses: [Double] = []
  /// Why the test ended.
  public var stopReason: StopReason = .completed

  /// The index in ``learningRates`` of the suggestion; see ``suggestedLearningRate``.
  public var suggestionIndex: Int? {
    LearningRateFinder.steepestDescentIndex(
      learningRates: learningRates, losses: losses, skipStart: finder.skipStart,
      skipEnd: finder.skipEnd)
  }

  /// The suggested learning rate: the rate at the steepest descent of the smoothed loss
  /// against log₁₀ η, the most negative central difference d loss / d log₁₀ η, leaving out
  /// the first ``LearningRateFinder/skipStart`` points (the average settling) and the last
  /// ``LearningRateFinder/skipEnd`` points (the explosion); see
  /// ``LearningRateFinder/steepestDescentIndex(learningRates:losses:skipStart:skipEnd:)``.
  /// This is where the loss falls fastest per decade of η: large enough to learn quickly,
  /// still well below the rates at which the loss turns up. Nil when the loss never fell
  /// (start lower, or look at the data) or fewer than 3 points were recorded.
  public var suggestedLearningRate: Double? { suggestionIndex.map { learningRates[$0] } }

  /// The learning rate at the lowest smoothed loss (fastai's "minimum" rule suggests a tenth
  /// of it); nil when nothing was recorded.
  public var minimumLossLearningRate: Double? {
    losses.indices.min { losses[$0] < losses[$1] }.map { learningRates[$0] }
  }

  /// Steps run: the points recorded, plus the one whose loss was not finite.
  public var stepsRun: Int { learningRates.count + (stopReason == .lossNotFinite ? 1 : 0) }

  /// One JSON object: `learning_rates`, `losses` (smoothed), `raw_losses`,
  /// `suggested_learning_rate` (null when there is none), `minimum_loss_learning_rate`,
  /// `stop_reason`, `steps`, `start_learning_rate`, `end_learning_rate`, `smoothing`, then
  /// `extra` fields.
  public func json(extra: [(String, JSONValue)] = []) -> String {
    let optional: (Double?) -> JSONValue = { $0.map(JSONValue.number) ?? .number(.nan) }
    let fields: [(String, JSONValue)] = [
      ("learning_rates", .array(learningRates.map(JSONValue.number))),
      ("losses", .array(losses.map(JSONValue.number))),
      ("raw_losses", .array(rawLosses.map(JSONValue.number))),
      ("suggested_learning_rate", optional(suggestedLearningRate)),
      ("minimum_loss_learning_rate", optional(minimumLossLearningRate)),
      ("stop_reason", .string(stopReason.rawValue)), ("steps", .int(stepsRun)),
      ("start_learning_rate", .number(finder.startLearningRate)),
      ("end_learning_rate", .number(finder.endLearningRate)),
      ("smoothing", .number(finder.smoothing)),
    ]
    return JSONValue.object(fields + extra).text
  }
}

extension Trainer {
  /// Runs the learning-rate range test (``LearningRateFinder``) from this trainer's model and
  /// optimizer, on batches of `loader` (epoch 1, 2, … in turn), and returns what it recorded.
  ///
  /// The test trains copies: this trainer's model keeps its values, and its parameters'
  /// gradient accumulators are not touched (the copies get accumulators of their own), so the
  /// test does not leak into training afterwards. Parameter groups scale the learning rate as
  /// in training; gradients are clipped to `clipGradientNorm` when it is given.
  /// - Parameters:
  ///   - loader: the training batches; at least one.
  ///   - finder: the range and the rules of the test.
  ///   - maxNorm: (`clipGradientNorm:`) the global L2 norm to clip the gradients to before
  ///     each step, or nil.
  ///   - onStep: called after each recorded step with its 1-based number and smoothed loss
  ///     (for a progress display).
  /// - Precondition: `finder` is valid (``LearningRateFinder/validate()``); the loader has a
  ///   batch.
  public func findLearningRate(
    _ loader: DataLoader, _ finder: LearningRateFinder = LearningRateFinder(),
    clipGradientNorm maxNorm: Double? = nil, onStep: (Int, Double) -> Void = { _, _ in }
  ) -> LearningRateFinderResult {
    do { try finder.validate() } catch { preconditionFailure("findLearningRate: \(error)") }
    precondition(loader.batchCount > 0, "findLearningRate: the loader has no batches")
    var model = self.model
    // Fresh leaves: copies of a parameter share its gradient accumulator otherwise.
    model.visitParameters(prefix: "") { _, parameter in
      parameter.requiresGrad = false
      parameter.requiresGrad = true
    }
    var optimizer = self.optimizer
    // Losses in the units `fit` reports: squared target units for standardized regression.
    let scale =
      loss == .meanSquaredError ? targetScaler?.inverseTransformVariance(1) ?? 1 : 1
    var result = LearningRateFinderResult(finder: finder)
    var average = 0.0
    var betaPower = 1.0
    var minimum = Double.infinity
    var epoch = 0
    var batches: [TensorDataset] = []
    for step in 0..<finder.steps {
      if step % loader.batchCount == 0 {
        epoch += 1
        batches = loader.batches(epoch: epoch)
      }
      let batch = batches[step % loader.batchCount]
      let learningRate = finder.learningRate(step: step)
      optimizer.learningRate = learningRate
      let batchLoss = loss(model(batch.inputs), batch.targets)
      let value = batchLoss.item * scale
      guard value.isFinite else {
        result.stopReason = .lossNotFinite
        break
      }
      average = finder.smoothing * average + (1 - finder.smoothing) * value
      betaPower *= finder.smoothing
      let smoothed = average / (1 - betaPower)
      minimum = Swift.min(minimum, smoothed)
      result.learningRates.append(learningRate)
      result.rawLosses.append(value)
      result.losses.append(smoothed)
      onStep(step + 1, smoothed)
      if smoothed > finder.divergenceFactor * minimum {
        result.stopReason = .lossExploded
        break
      }
      optimizer.zeroGrad(&model)
      batchLoss.backward()
      var finite = true
      model.visitParameters(prefix: "") { _, parameter in
        if let grad = parameter.grad, !grad.storage.allFinite { finite = false }
      }
      guard finite else {
        result.stopReason = .gradientNotFinite
        break
      }
      if let maxNorm { Descent.clipGradientNorm(&model, maxNorm: maxNorm) }
      optimizer.step(&model)
    }
    return result
  }
}

extension TrainingRun {
  /// The learning-rate range test on this run's training split: ``prepare()`` (the split, the
  /// standardization, the model at its seeded initialization, the optimizer and the shuffling
  /// loader, exactly as ``run(onStep:onEpoch:checkpoint:resumingFrom:isInterrupted:)`` would
  /// train them), then ``Trainer/findLearningRate(_:_:clipGradientNorm:onStep:)`` with the
  /// configured gradient clipping. The configured learning rate, schedule and epochs play no
  /// part; the validation and test splits are not read.
  /// - Throws: the errors of ``prepare()``.
  public func findLearningRate(_ finder: LearningRateFinder = LearningRateFinder())
    throws(TrainingError) -> LearningRateFinderResult
  {
    let prepared = try prepare()
    return prepared.trainer.findLearningRate(
      prepared.loader, finder, clipGradientNorm: configuration.clipNorm)
  }
}
