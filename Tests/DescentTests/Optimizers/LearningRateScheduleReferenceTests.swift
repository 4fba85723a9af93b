import Descent
import Foundation
import Testing

/// The part of `optim_reference.json` these tests read: the learning rate of an SGD optimizer
/// (base 0.1) before each of 50 scheduler steps, by the schedule's name.
private struct ScheduleReferenceFile: Decodable {
  let schedules: [String: [Double]]

  static func load() throws -> ScheduleReferenceFile {
    try JSONDecoder().decode(
      ScheduleReferenceFile.self, from: Fixtures.data("optim_reference.json"))
  }
}

/// A schedule of `optim_reference.json` (its name there) and the 50 rates the same schedule
/// gives here from base rate 0.1.
struct ScheduleConfiguration: Sendable, CustomTestStringConvertible {
  let name: String
  let rates: @Sendable () -> [Double]
  var testDescription: String { name }

  /// The first 50 rates of a stateless `schedule` from base 0.1.
  init(name: String, _ schedule: some LearningRateSchedule) {
    self.name = name
    rates = { (0..<50).map { schedule.learningRate(at: $0, base: 0.1) } }
  }

  init(name: String, rates: @escaping @Sendable () -> [Double]) {
    self.name = name
    self.rates = rates
  }

  /// Every schedule of `make_optim_reference.py`, in its order.
  static let all: [ScheduleConfiguration] = [
    .init(name: "step step_size=10 gamma=0.5", StepLR(stepSize: 10, gamma: 0.5)),
    .init(
      name: "multistep milestones=5,20,35 gamma=0.1",
      MultiStepLR(milestones: [5, 20, 35], gamma: 0.1)),
    .init(name: "exponential gamma=0.9", ExponentialLR(gamma: 0.9)),
    .init(name: "cosine t_max=50 eta_min=0.001", CosineAnnealingLR(tMax: 50, etaMin: 0.001)),
    .init(
      name: "linear-warmup 5 epochs from 0.1x then cosine t_max=45",
      LinearWarmup(warmupSteps: 5, startFactor: 0.1, then: CosineAnnealingLR(tMax: 45))),
    .init(
      name: "onecycle max_lr=0.1 total_steps=50",
      OneCycleLR(maxLearningRate: 0.1, totalSteps: 50)),
    .init(name: "reduce-on-plateau factor=0.5 patience=3 (losses: 1/(1+e) for e<10, then 0.1)") {
      var scheduler = ReduceLROnPlateau(learningRate: 0.1, factor: 0.5, patience: 3)
      var rates: [Double] = []
      for epoch in 0..<50 {
        rates.append(scheduler.learningRate)
        scheduler.step(metric: epoch < 10 ? 1 / Double(1 + epoch) : 0.1)
      }
      return rates
    },
  ]
}

@Suite("Learning-rate schedules against PyTorch's torch.optim.lr_scheduler")
struct LearningRateScheduleReferenceTests {
  @Test("every schedule of the reference file is tested")
  func coversFile() throws {
    let file = try ScheduleReferenceFile.load()
    #expect(Set(file.schedules.keys) == Set(ScheduleConfiguration.all.map(\.name)))
  }

  @Test("50 rates match PyTorch's to 1e-12", arguments: ScheduleConfiguration.all)
  func rates(_ configuration: ScheduleConfiguration) throws {
    let expected = try #require(
      try ScheduleReferenceFile.load().schedules[configuration.name],
      "no schedule \(configuration.name) in optim_reference.json")
    try #require(expected.count == 50)
    let got = configuration.rates()
    try #require(got.count == 50)
    for (step, (value, reference)) in zip(got, expected).enumerated() {
      // |Δ| ≤ 1e-12 · max(|x|, 1e-3): relative for rates ≥ 1e-3, absolute 1e-15 below.
      let tolerance = 1e-12 * Swift.max(Swift.abs(reference), 1e-3)
      #expect(
        Swift.abs(value - reference) <= tolerance,
        "step \(step): got \(value), expected \(reference)")
    }
  }
}

@Suite("Learning-rate schedules by hand")
struct LearningRateScheduleTests {
  @Test("step, multi-step and exponential decay in closed form")
  func decays() {
    #expect(StepLR(stepSize: 3, gamma: 0.5).learningRate(at: 5, base: 1) == 0.5)
    #expect(StepLR(stepSize: 3, gamma: 0.5).learningRate(at: 6, base: 1) == 0.25)
    let multi = MultiStepLR(milestones: [4, 2], gamma: 0.5)
    #expect([0, 1, 2, 3, 4, 9].map { multi.learningRate(at: $0, base: 8) } == [8, 8, 4, 4, 2, 2])
    #expect(ExponentialLR(gamma: 0.5).learningRate(at: 3, base: 1) == 0.125)
  }

  @Test("cosine annealing reaches the midpoint at T_max/2 and η_min at T_max")
  func cosine() {
    let schedule = CosineAnnealingLR(tMax: 10, etaMin: 0.1)
    #expect(schedule.learningRate(at: 0, base: 1.1) == 1.1)
    #expect(Swift.abs(schedule.learningRate(at: 5, base: 1.1) - 0.6) < 1e-15)
    #expect(Swift.abs(schedule.learningRate(at: 10, base: 1.1) - 0.1) < 1e-15)
  }

  @Test("warm-up then constant hands over at the warm-up's end")
  func warmup() {
    let schedule = LinearWarmup(warmupSteps: 4, startFactor: 0.25, then: ExponentialLR(gamma: 1))
    let rates = (0..<6).map { schedule.learningRate(at: $0, base: 1) }
    #expect(rates == [0.25, 0.4375, 0.625, 0.8125, 1, 1])
  }

  @Test("one-cycle starts at η_max/25, peaks at η_max and ends at η_max/(25·10⁴)")
  func oneCycle() {
    let schedule = OneCycleLR(maxLearningRate: 1, totalSteps: 100)
    #expect(Swift.abs(schedule.learningRate(at: 0, base: 0) - 0.04) < 1e-15)
    #expect(schedule.learningRate(at: 29, base: 0) == 1)
    #expect(Swift.abs(schedule.learningRate(at: 99, base: 0) - 4e-6) < 1e-15)
  }

  @Test("reduce-on-plateau waits out the cooldown and stops at η_min")
  func plateau() {
    var scheduler = ReduceLROnPlateau(
      learningRate: 1, factor: 0.5, patience: 0, cooldown: 1, minLearningRate: 0.3)
    let rates = [1.0, 1, 1, 1, 1, 1].map { scheduler.step(metric: $0) }
    // Epoch 1 improves; 2 is bad (cut to 0.5, cooldown 1); 3 is cooldown; 4 cuts to 0.3 (floor).
    #expect(rates == [1, 0.5, 0.5, 0.3, 0.3, 0.3])
  }

  @Test("an optimizer takes the schedule's rate")
  func applies() {
    var optimizer = SGD(learningRate: 1)
    optimizer.applySchedule(StepLR(stepSize: 2, gamma: 0.1), step: 2, base: 1)
    #expect(optimizer.learningRate == 0.1)
  }
}
