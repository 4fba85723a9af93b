import Foundation
import Testing

@testable import Descent

/// The learning-rate range test: its schedule, its smoothing, its stopping rule against a
/// problem whose divergence threshold is known in closed form, and its isolation from the
/// trainer it starts from.
@Suite("Learning-rate finder")
struct LearningRateFinderTests {
  /// Linear regression with a known curvature, in two mini-batches of two rows. Features
  /// x₁ = 2·(1, −1, 1, −1) and x₂ = 0.5·(1, 1, −1, −1); within each batch x₁ is orthogonal to
  /// x₂ and to the bias column of ones, so w₁ moves on its own, with curvature
  /// ∂²MSE/∂w₁² = (2/2)·‖x₁ of the batch‖² = 8 in each batch (and (2/4)·16 = 8 in the full
  /// batch: λ_max of the full Hessian diag(8, 0.5, 2) too). The batches' least-squares slopes
  /// along x₁ differ (1.5 and 1.0), which pushes w₁ every step as mini-batch noise does:
  /// plain gradient descent gives e ← (1 − 8η)·e + 8η·δ_b for w₁'s error, bounded exactly
  /// while |1 − 8η| < 1, so the loss diverges for η > 2/λ_max = 0.25. The other two
  /// coordinates are stable up to η = 2/2.5 = 0.8 (the largest eigenvalue of their block).
  static let divergenceThreshold = 0.25

  static func quadraticTrainer() -> (Trainer<Linear, SGD>, DataLoader) {
    let x1 = [2.0, -2, 2, -2]
    let x2 = [0.5, 0.5, -0.5, -0.5]
    let slopes = [1.5, 1.5, 1.0, 1.0]
    let inputs = (0..<4).flatMap { [x1[$0], x2[$0]] }
    let targets = (0..<4).map { slopes[$0] * x1[$0] - 2 * x2[$0] + 0.7 }
    let data = TensorDataset(
      inputs: Tensor(inputs, shape: [4, 2]), targets: Tensor(targets, shape: [4, 1]))
    let model = Linear(weight: Tensor([0, 0], shape: [1, 2]), bias: Tensor([0]))
    let trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
    return (trainer, DataLoader(data, batchSize: 2, shuffle: false))
  }

  @Test("on a quadratic, the test stops just past η = 2/λ_max and suggests a rate below it")
  func quadraticThreshold() throws {
    let (trainer, loader) = Self.quadraticTrainer()
    let result = trainer.findLearningRate(
      loader, LearningRateFinder(start: 1e-3, end: 10, steps: 100))
    let threshold = Self.divergenceThreshold
    #expect(result.stopReason == .lossExploded)
    let stop = result.learningRates.last ?? 0
    // Past the threshold w₁'s error grows by |1 − 8η| > 1 per step; with rates 10% apart it
    // takes a few steps for the smoothed loss to pass 4 × its minimum.
    #expect(stop > threshold && stop < 2 * threshold, "stopped at η = \(stop)")
    let suggestion = try #require(result.suggestedLearningRate)
    #expect(suggestion < threshold && suggestion > 1e-3, "suggested η = \(suggestion)")
    #expect(result.losses.allSatisfy { $0.isFinite })
  }

  @Test("the learning rates grow geometrically from start to end with the stated ratio")
  func geometricRates() throws {
    let (trainer, loader) = Self.quadraticTrainer()
    let finder = LearningRateFinder(start: 1e-6, end: 1e-2, steps: 9)
    #expect(isApproximatelyEqual(finder.ratio, 10.squareRoot(), atol: 0, rtol: 1e-12))
    let result = trainer.findLearningRate(loader, finder)
    // Rates this small cannot make the loss explode: every step runs.
    #expect(result.stopReason == .completed)
    #expect(result.learningRates.count == 9)
    #expect(result.stepsRun == 9)
    expectClose(result.learningRates, (0..<9).map { 1e-6 * pow(10, Double($0) / 2) }, rtol: 1e-12)
    for (a, b) in zip(result.learningRates, result.learningRates.dropFirst()) {
      #expect(isApproximatelyEqual(b / a, finder.ratio, atol: 0, rtol: 1e-12))
    }
  }

  @Test("the smoothed loss is the bias-corrected moving average, by hand")
  func smoothingByHand() {
    // β = 0.5, losses 1, 2, 3: avg = 0.5, 1.25, 2.125; / (1 − 0.5ᵗ) = 1, 1.25/0.75, 2.125/0.875.
    expectClose(
      LearningRateFinder.smoothed([1, 2, 3], smoothing: 0.5), [1, 5.0 / 3, 17.0 / 7], rtol: 1e-15)
    // β = 0.98, losses 4, 2: avg = 0.08, 0.1184; / 0.02, / 0.0396.
    expectClose(
      LearningRateFinder.smoothed([4, 2], smoothing: 0.98), [4, 0.1184 / 0.0396], rtol: 1e-12)
  }

  @Test("the recorded losses are the smoothing of the recorded batch losses")
  func recordedSmoothing() {
    let (trainer, loader) = Self.quadraticTrainer()
    let result = trainer.findLearningRate(
      loader, LearningRateFinder(start: 1e-3, end: 10, steps: 60))
    #expect(result.rawLosses.count == result.losses.count)
    expectClose(result.losses, LearningRateFinder.smoothed(result.rawLosses), rtol: 1e-12)
    // The first batch loss is the loss of the zero initialization on rows 0 and 1, whose
    // targets are 3 − 1 + 0.7 and −3 − 1 + 0.7: mean(2.7², 3.3²).
    let initial = (2.7 * 2.7 + 3.3 * 3.3) / 2
    #expect(isApproximatelyEqual(result.rawLosses[0], initial, atol: 0, rtol: 1e-6))
  }

  @Test("the steepest descent is the most negative central difference, skipping the ends")
  func steepestDescent() {
    let rates = (0..<7).map { pow(10, Double($0)) }
    let losses = [5, 5, 4, 1, 0.9, 0.8, 3.0]
    // Slopes at 1…5 per decade: −0.5, −2, −1.55, −0.1, 1.05.
    #expect(
      LearningRateFinder.steepestDescentIndex(
        learningRates: rates, losses: losses, skipStart: 0, skipEnd: 0) == 2)
    #expect(
      LearningRateFinder.steepestDescentIndex(
        learningRates: rates, losses: losses, skipStart: 3, skipEnd: 1) == 3)
    // Too short for the skips: every interior point is a candidate.
    #expect(LearningRateFinder.steepestDescentIndex(learningRates: rates, losses: losses) == 2)
    // A loss that never falls has no suggestion.
    #expect(
      LearningRateFinder.steepestDescentIndex(
        learningRates: rates, losses: [1, 2, 3, 4, 5, 6, 7], skipStart: 0, skipEnd: 0) == nil)
    #expect(LearningRateFinder.steepestDescentIndex(learningRates: [1, 2], losses: [2, 1]) == nil)
  }

  @Test("the test leaves the trainer's model, gradients and optimizer as they were")
  func noLeak() throws {
    var config = TrainingConfiguration()
    config.hiddenSizes = [8]
    config.epochs = 3
    config.learningRate = 0.05
    let iris = try BundledDataset.iris.load()
    let run = try TrainingRun(dataset: iris, configuration: config)
    let prepared = try run.prepare()
    let before = prepared.trainer.model.namedParameters.map { $0.1.scalars }
    let result = prepared.trainer.findLearningRate(
      prepared.loader, LearningRateFinder(start: 1e-4, end: 10, steps: 50))
    #expect(result.learningRates.count > 10)
    // The test trained copies, and the copies moved.
    #expect(prepared.trainer.model.namedParameters.map { $0.1.scalars } == before)
    #expect(prepared.trainer.model.namedParameters.allSatisfy { $0.1.grad == nil })
    #expect(prepared.trainer.optimizer.learningRate == 0.05)
    // Training afterwards gives exactly what a run without the test gives.
    var trainer = prepared.trainer
    let history = try trainer.fit(prepared.loader, epochs: 3)
    var fresh = try TrainingRun(dataset: iris, configuration: config).prepare().trainer
    let reference = try fresh.fit(prepared.loader, epochs: 3)
    #expect(history.epochs.map(\.trainLoss) == reference.epochs.map(\.trainLoss))
    #expect(
      trainer.model.namedParameters.map { $0.1.scalars }
        == fresh.model.namedParameters.map { $0.1.scalars })
  }

  @Test("a TrainingRun's range test works with every optimizer and suggests a rate")
  func everyOptimizer() throws {
    let iris = try BundledDataset.iris.load()
    for kind in OptimizerKind.allCases {
      var config = TrainingConfiguration()
      config.hiddenSizes = [8]
      config.optimizer = kind
      let result = try TrainingRun(dataset: iris, configuration: config).findLearningRate(
        LearningRateFinder(start: 1e-5, end: 100, steps: 80))
      #expect(result.suggestedLearningRate != nil, "\(kind): \(result.losses)")
      let first = try #require(result.losses.first)
      #expect((result.losses.min() ?? first) < 0.75 * first, "\(kind): the loss should fall")
      // Adagrad divides each step by the root of the summed squared gradients, so its steps
      // stay bounded however large η grows; the others blow up before η = 100.
      if kind != .adagrad {
        #expect(result.stopReason == .lossExploded, "\(kind): the loss should explode by η = 100")
      }
    }
  }

  @Test("invalid settings are refused with the value named")
  func validation() {
    #expect(throws: ConfigurationError.self) {
      try LearningRateFinder(start: 0, end: 1, steps: 10).validate()
    }
    #expect(throws: ConfigurationError.self) {
      try LearningRateFinder(start: 1, end: 0.5, steps: 10).validate()
    }
    #expect(throws: ConfigurationError.self) {
      try LearningRateFinder(start: 1e-3, end: 1, steps: 1).validate()
    }
    #expect(throws: Never.self) { try LearningRateFinder().validate() }
  }

  @Test("the chart is well-formed SVG with a log axis and the suggestion marked")
  func chart() throws {
    let (trainer, loader) = Self.quadraticTrainer()
    let result = trainer.findLearningRate(
      loader, LearningRateFinder(start: 1e-3, end: 10, steps: 100))
    let suggestion = try #require(result.suggestedLearningRate)
    let root = try #require(parseXML(result.chart().document().text))
    #expect(elements(root, named: "polyline", className: "smoothed-loss").count == 1)
    let rule = try #require(elements(root, named: "polyline", className: "suggestion").first)
    let labels = elements(root, named: "text", className: "x-tick").map(\.text)
    #expect(labels == ["1e-3", "0.01", "0.1"])
    // The suggestion's line sits between the ticks of the decade that holds it.
    let area = result.chart().plotArea
    let x = try #require(
      rule.attributes["points"]?.split(separator: ",").first.flatMap { Double($0) })
    #expect(abs(area.data(atPixel: ChartPoint(x: x, y: 0)).x / suggestion - 1) < 1e-2)
  }
}

/// The range test's chart: the y axis covers both lines up to the lowest smoothed loss, and
/// says what it clips after it (issue 12: the batch loss ran off the bottom of the axis).
@Suite("Learning-rate finder chart")
struct LearningRateFinderChartTests {
  /// A made-up curve of 40 steps: the smoothed loss falls from 3 to 1 at step 31 and rises
  /// to 4.5; up to step 31 the batch losses swing 40 % around it (down to 0.6), after it they
  /// equal it, and the last one is `last`.
  static func result(last: Double) -> LearningRateFinderResult {
    let rates: [Double] = (0..<40).map { 1e-4 * pow(10, Double($0) / 10) }
    let smoothed: [Double] = (0..<40).map { (i: Int) -> Double in
      let t = Double(i)
      return i <= 30 ? 3 - 2 * t / 30 : 1 + 3.5 * (t - 30) / 9
    }
    var raw: [Double] = smoothed.indices.map { (i: Int) -> Double in
      i > 30 ? smoothed[i] : smoothed[i] * (i % 2 == 0 ? 1.4 : 0.6)
    }
    raw[39] = last
    return LearningRateFinderResult(
      finder: LearningRateFinder(start: 1e-4, end: 1e-4 * pow(10, 3.9), steps: 40),
      learningRates: rates, losses: smoothed, rawLosses: raw, stopReason: .lossExploded)
  }

  @Test("the y axis holds every loss of both lines up to the lowest smoothed loss")
  func covers() throws {
    let result = Self.result(last: 4.8)
    let chart = result.chart()
    for i in 0...30 {
      for loss in [result.losses[i], result.rawLosses[i]] {
        #expect(chart.yDomain.contains(loss), "step \(i + 1): \(loss) outside \(chart.yDomain)")
      }
    }
    #expect(chart.yDomain.lowerBound <= 0.6 && chart.yDomain.lowerBound >= 0)
    // Nothing is clipped, so there is no note.
    #expect(chart.note == nil)
    #expect((result.losses + result.rawLosses).allSatisfy(chart.yDomain.contains))
  }

  @Test("what the explosion at the end puts above the axis is clipped, with a note saying so")
  func clipsWithNote() throws {
    let chart = Self.result(last: 239.816).chart()
    #expect(chart.yDomain.upperBound < 239.816)
    let note = try #require(chart.note)
    #expect(
      note
        == "Losses above \(readableNumber(chart.yDomain.upperBound)) are clipped; the largest batch loss was 239.816."
    )
    let root = try #require(parseXML(chart.document().text))
    let text = try #require(elements(root, named: "text", className: "note").first)
    #expect(text.text == note)
    // The note sits between the title and the plot area, which moves down to make room.
    let y = try #require(text.attributes["y"].flatMap(Double.init))
    #expect(y < chart.plotArea.top && y > chart.margins.top / 2 + 5)
    #expect(chart.plotArea.top == chart.margins.top + Chart.noteHeight)
  }
}

/// The learning-rate sweep: one full training run per rate.
@Suite("Learning-rate sweep")
struct LearningRateSweepTests {
  @Test("on iris, only the rate 100 diverges; the others match plain runs at their rates")
  func iris() throws {
    var config = TrainingConfiguration()
    config.hiddenSizes = [8]
    config.epochs = 5
    let iris = try BundledDataset.iris.load()
    let sweep = try LearningRateSweep(
      dataset: iris, configuration: config, learningRates: [0.001, 0.1, 100])
    #expect(sweep.runs.map(\.diverged) == [false, false, true])
    #expect(sweep.runs.map(\.divergedEpoch) == [nil, nil, 1])
    #expect(sweep.runs.map(\.status) == ["ok", "ok", "diverged (epoch 1)"])
    #expect(sweep.runs.map(\.epochCount) == [5, 5, 1])
    #expect(!sweep.allDiverged)
    #expect(sweep.bestLearningRate == 0.1)
    if case .lossExploded = sweep.runs[2].divergence {
    } else {
      Issue.record(
        "expected the loss to explode at η = 100, got \(String(describing: sweep.runs[2].divergence))"
      )
    }
    config.learningRate = 0.1
    var plain = try TrainingRun(dataset: iris, configuration: config)
    let summary = try plain.run()
    #expect(
      sweep.runs[1].summary?.history.epochs.map(\.trainLoss)
        == summary.history.epochs.map(\.trainLoss))
    #expect(sweep.runs[1].summary?.test.accuracy == summary.test.accuracy)
  }

  @Test("the rate is chosen on validation; without a validation split the sweep holds one out")
  func validationOnly() throws {
    var config = TrainingConfiguration()
    config.hiddenSizes = [8]
    config.epochs = 3
    config.validationFraction = 0
    let iris = try BundledDataset.iris.load()
    let sweep = try LearningRateSweep(
      dataset: iris, configuration: config, learningRates: [0.001, 0.05, 0.5])
    #expect(sweep.configuration.validationFraction == LearningRateSweep.heldOutFraction)
    #expect(sweep.notes.count == 1)
    let losses = sweep.runs.map(\.validationLoss)
    #expect(losses.allSatisfy { $0 != nil })
    let best = try #require(sweep.runs.min { $0.validationLoss! < $1.validationLoss! })
    #expect(sweep.bestLearningRate == best.learningRate)
    #expect(sweep.runs.allSatisfy { ($0.validationMetric ?? -1) >= 0 })
    #expect(sweep.runs.allSatisfy { !$0.json.contains("test") })
    #expect(sweep.runs[0].json.contains(#""validation_accuracy":"#))

    // With a validation split already, nothing changes and there is no note.
    config.validationFraction = 0.2
    let given = try LearningRateSweep(dataset: iris, configuration: config, learningRates: [0.05])
    #expect(given.configuration.validationFraction == 0.2)
    #expect(given.notes.isEmpty)
  }

  @Test(
    "every × of a diverged rate is whole inside the plot area, at the first or the last epoch",
    arguments: [1, 3])
  func crossesInside(epoch: Int) throws {
    var config = TrainingConfiguration()
    config.hiddenSizes = [8]
    config.epochs = 3
    var sweep = try LearningRateSweep(
      dataset: try BundledDataset.iris.load(), configuration: config, learningRates: [0.01])
    let ok = sweep.runs[0]
    // Two made-up divergences at `epoch`: a loss that exploded (finite) and one that is NaN.
    var exploded = ok
    exploded.learningRate = 1
    exploded.summary = nil
    exploded.epochs = Array(ok.epochs.prefix(epoch - 1))
    exploded.divergence = .lossExploded(
      epoch: epoch, loss: 20629.9, initialLoss: 1.1, learningRate: 1)
    var notFinite = exploded
    notFinite.learningRate = 10
    notFinite.divergence = .diverged(epoch: epoch, batch: 1, loss: .nan, learningRate: 10)
    sweep.runs = [ok, exploded, notFinite]
    let chart = sweep.chart()
    let area = chart.plotArea
    let root = try #require(parseXML(chart.document().text))
    let crosses = elements(root, named: "path", className: "diverged")
    #expect(crosses.count == 2)
    for cross in crosses {
      let numbers = (cross.attributes["d"] ?? "").split(whereSeparator: { "ML ".contains($0) })
        .compactMap { Double($0) }
      #expect(numbers.count == 8)
      // Half the stroke (2.5 px) must be inside the frame too.
      let xs = stride(from: 0, to: numbers.count, by: 2).map { numbers[$0] }
      let ys = stride(from: 1, to: numbers.count, by: 2).map { numbers[$0] }
      #expect(xs.allSatisfy { $0 >= area.left + 1.25 && $0 <= area.left + area.width - 1.25 })
      #expect(ys.allSatisfy { $0 >= area.top + 1.25 && $0 <= area.top + area.height - 1.25 })
    }
    // The NaN cross sits in a row of its own, above the exploded loss's.
    let centres = crosses.map { cross in
      let numbers = (cross.attributes["d"] ?? "").split(whereSeparator: { "ML ".contains($0) })
        .compactMap { Double($0) }
      return (numbers[1] + numbers[3]) / 2
    }
    #expect(centres.count == 2 && centres[1] < centres[0] - 12)
  }
}
