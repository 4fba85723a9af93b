import Foundation
import Testing

@testable import Descent

@Suite("Learning-rate scheduler (warm-up, then a schedule) and --schedule specs")
struct LearningRateSchedulerTests {
  @Test(
    "specs parse to their schedules and print back",
    arguments: [
      ("step:10:0.5", SchedulerKind.step(stepSize: 10, gamma: 0.5)),
      ("step:3", .step(stepSize: 3, gamma: 0.1)),
      ("multistep:5,20,35:0.1", .multiStep(milestones: [5, 20, 35], gamma: 0.1)),
      ("exponential:0.9", .exponential(gamma: 0.9)),
      ("cosine", .cosine(minLearningRate: 0)),
      ("cosine:0.001", .cosine(minLearningRate: 0.001)),
      ("onecycle", .oneCycle(maxLearningRate: nil)),
      ("onecycle:0.3", .oneCycle(maxLearningRate: 0.3)),
      ("plateau", .plateau(factor: 0.1, patience: 10)),
      ("plateau:0.5", .plateau(factor: 0.5, patience: 10)),
      ("plateau:0.5:2", .plateau(factor: 0.5, patience: 2)),
    ])
  func parse(spec: String, expected: SchedulerKind) throws {
    let kind = try #require(try SchedulerKind.parse(spec))
    #expect(kind == expected)
    #expect(try SchedulerKind.parse(kind.description) == kind)
    #expect(try SchedulerKind.parse("constant") == nil)
  }

  @Test(
    "bad specs are refused with a message naming the part",
    arguments: [
      ("linear:3", "unknown schedule 'linear'"),
      ("step", "step takes 1 to 2 values"),
      ("step:0", "step size must be ≥ 1, got 0"),
      ("step:two", "step size 'two' is not an integer"),
      ("multistep:5,3", "milestones must increase"),
      ("multistep:5,,9", "milestone '' is not an integer"),
      ("exponential:-1", "gamma must be positive, got -1.0"),
      ("exponential:nan", "gamma 'nan' is not a number"),
      ("cosine:1:2", "cosine takes 0 to 1 values"),
      ("onecycle:0", "max_lr must be positive"),
      ("plateau:1.5", "factor must be in (0, 1), got 1.5"),
      ("plateau:0.5:-1", "patience must be ≥ 0, got -1"),
    ])
  func refused(spec: String, message: String) {
    do {
      _ = try SchedulerKind.parse(spec)
      Issue.record("'\(spec)' was accepted")
    } catch {
      #expect(error.description.contains(message), "\(error.description)")
    }
  }

  /// Every epoch's rate (first batch) of a scheduler.
  static func rates(_ scheduler: LearningRateScheduler) -> [Double] {
    (1...scheduler.epochs).map { scheduler.learningRate(epoch: $0, batch: 1) }
  }

  @Test("3 warm-up epochs climb η/4, η/2, 3η/4, then step:2:0.5 starts from η")
  func warmupThenStep() throws {
    let scheduler = try LearningRateScheduler(
      .step(stepSize: 2, gamma: 0.5), warmupEpochs: 3, baseLearningRate: 0.1, epochs: 10,
      batchesPerEpoch: 4)
    expectClose(
      Self.rates(scheduler), [0.025, 0.05, 0.075, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125],
      rtol: 1e-14)
    // Per-epoch schedules hold within an epoch.
    #expect(
      scheduler.learningRate(epoch: 6, batch: 4) == scheduler.learningRate(epoch: 6, batch: 1))
  }

  @Test("cosine spans the epochs after the warm-up")
  func cosine() throws {
    let scheduler = try LearningRateScheduler(
      .cosine(minLearningRate: 0.01), warmupEpochs: 1, baseLearningRate: 0.2, epochs: 5,
      batchesPerEpoch: 1)
    let expected =
      [0.1] + (0..<4).map { t in 0.01 + (0.2 - 0.01) * (1 + cos(Double.pi * Double(t) / 4)) / 2 }
    expectClose(Self.rates(scheduler), expected, rtol: 1e-14)
  }

  @Test("one-cycle advances per batch over every batch of the run")
  func oneCycle() throws {
    let scheduler = try LearningRateScheduler(
      .oneCycle(maxLearningRate: 0.5), baseLearningRate: 0.01, epochs: 3, batchesPerEpoch: 7)
    let reference = OneCycleLR(maxLearningRate: 0.5, totalSteps: 21)
    for epoch in 1...3 {
      for batch in 1...7 {
        #expect(
          scheduler.learningRate(epoch: epoch, batch: batch)
            == reference.learningRate(at: (epoch - 1) * 7 + batch - 1, base: 0.01))
      }
    }
    // Without a max_lr the optimizer's rate is the peak.
    let own = try LearningRateScheduler(
      .oneCycle(maxLearningRate: nil), baseLearningRate: 0.04, epochs: 2, batchesPerEpoch: 5)
    expectClose([own.learningRate(epoch: 1, batch: 1)], [0.04 / 25], rtol: 1e-14)
  }

  @Test("plateau cuts the rate once the loss has not improved for `patience` epochs")
  func plateau() throws {
    var scheduler = try LearningRateScheduler(
      .plateau(factor: 0.5, patience: 1), warmupEpochs: 1, baseLearningRate: 0.1, epochs: 8,
      batchesPerEpoch: 1)
    var rates: [Double] = []
    for (epoch, loss) in [5.0, 1, 0.9, 0.95, 0.95, 0.8, 0.85, 0.85].enumerated() {
      rates.append(scheduler.learningRate(epoch: epoch + 1, batch: 1))
      scheduler.epochEnded(epoch + 1, loss: loss)
    }
    // Epoch 1 is warm-up (η/2; its loss is not watched); bad epochs 4 and 5 cut η after 5,
    // bad epochs 7 and 8 would cut it again after 8.
    expectClose(rates, [0.05, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05], rtol: 1e-14)
  }

  @Test(
    "runs the schedule cannot fit are refused",
    arguments: [
      (SchedulerKind?.none, 5, 5, 3, "leave none of the 5 epochs"),
      (.oneCycle(maxLearningRate: nil), 1, 10, 3, "has its own warm-up"),
      (.oneCycle(maxLearningRate: nil), 0, 1, 3, "at least 4 batches in all, got 3"),
      (.step(stepSize: 0, gamma: 0.1), 0, 10, 3, "step size must be ≥ 1"),
    ])
  func refusedRuns(kind: SchedulerKind?, warmup: Int, epochs: Int, batches: Int, message: String) {
    do {
      _ = try LearningRateScheduler(
        kind, warmupEpochs: warmup, baseLearningRate: 0.1, epochs: epochs,
        batchesPerEpoch: batches)
      Issue.record("accepted")
    } catch {
      #expect(error.description.contains(message), "\(error.description)")
    }
  }

  @Test("Trainer.fit sets the optimizer's rate before every batch and reports it")
  func fitFollowsScheduler() throws {
    let data = try StoppingTests.irisData()
    var rng = RandomGenerator(seed: 1)
    var trainer = Trainer(
      model: Sequential.multilayerPerceptron(sizes: [4, 8, 3], using: &rng),
      optimizer: SGD(learningRate: 0.1, momentum: 0.9), loss: .crossEntropy)
    let loader = DataLoader(data, batchSize: 50, seed: 2)
    let scheduler = try LearningRateScheduler(
      .oneCycle(maxLearningRate: 0.2), baseLearningRate: 0.1, epochs: 4,
      batchesPerEpoch: loader.batchCount)
    var stepRates: [Double] = []
    let history = try trainer.fit(
      loader, epochs: 4, scheduler: scheduler, onStep: { stepRates.append($0.learningRate) })
    let reference = OneCycleLR(maxLearningRate: 0.2, totalSteps: 12)
    #expect(stepRates == (0..<12).map { reference.learningRate(at: $0, base: 0.1) })
    #expect(history.epochs.map(\.learningRate) == [0, 3, 6, 9].map { stepRates[$0] })
  }
}
