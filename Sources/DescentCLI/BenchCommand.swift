import ArgumentParser
import Descent
import Foundation

/// `descent bench WORKLOAD [--threads N]`: runs the workloads of BENCHMARKS.md and prints one
/// JSON object per line, with the field names of the reference scripts
/// (`bench/reference/torch_bench.py`) and `"system": "descent"`, so the two compare line by
/// line. Timings exclude data generation and come after one untimed warm-up.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time Descent on the benchmark workloads (one JSON object per line).",
    discussion: """
      Workloads: \(BenchWorkload.allCases.map(\.rawValue).joined(separator: ", ")), or all. \
      Compare with the reference scripts in the same run, at the same thread count: \
      scripts/bench.sh does both and prints the ratios.
      """)

  @Argument(
    help: "The workload: gemm, mlp-train, mlp-small, graph-overhead, linreg, digits-e2e or all.")
  var workload: String

  @Option(help: "Threads for the kernels (default: all cores).")
  var threads: Int = Threading.defaultCount

  func validate() throws {
    guard workload == "all" || BenchWorkload(rawValue: workload) != nil else {
      throw ValidationError(
        "unknown workload '\(workload)'; expected one of "
          + (BenchWorkload.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))
    }
    guard threads >= 1 else {
      throw ValidationError("--threads must be at least 1, got \(threads)")
    }
  }

  func run() throws {
    Threading.count = threads
    let selected = BenchWorkload.allCases.filter { workload == "all" || $0.rawValue == workload }
    for item in selected {
      // Written unbuffered, so a script sees each line as soon as it is measured.
      try item.run(scale: .full) { line in
        FileHandle.standardOutput.write(Data((line.text + "\n").utf8))
      }
    }
  }
}

/// How big a benchmark run is: the BENCHMARKS.md sizes, or tiny ones that exercise the same
/// code in a test.
enum BenchScale: Sendable {
  case full, tiny
}

/// The workloads of BENCHMARKS.md, each a function of the library's public API.
enum BenchWorkload: String, CaseIterable, Sendable {
  case gemm
  case mlpTrain = "mlp-train"
  case mlpSmall = "mlp-small"
  case graphOverhead = "graph-overhead"
  case linreg
  case digitsE2E = "digits-e2e"

  /// Runs the workload, handing each result line to `emit` as it is measured.
  func run(scale: BenchScale, emit: (JSONValue) -> Void) throws {
    let tiny = scale == .tiny
    switch self {
    case .gemm:
      for n in tiny ? [8, 70] : [64, 128, 256, 512, 1024] { emit(Self.gemm(n: n)) }
    case .mlpTrain:
      emit(
        try Self.trainThroughput(
          name: rawValue, sizes: tiny ? [20, 16, 8, 3] : [784, 512, 256, 10],
          batchSize: tiny ? 16 : 128, samples: tiny ? 64 : 8192, epochs: tiny ? 1 : 2,
          learningRate: 0.01, momentum: 0.9))
    case .mlpSmall:
      emit(
        try Self.trainThroughput(
          name: rawValue, sizes: tiny ? [8, 8, 3] : [64, 64, 10], batchSize: tiny ? 8 : 32,
          samples: tiny ? 64 : 4096, epochs: tiny ? 1 : 3, learningRate: 0.05, momentum: 0.9))
    case .graphOverhead:
      emit(Self.graphOverhead(rounds: tiny ? 4 : 200))
    case .linreg:
      emit(try Self.linearRegression(rows: tiny ? 200 : 100_000, features: tiny ? 4 : 64))
    case .digitsE2E:
      emit(try Self.digits(seeds: tiny ? 1 : 10, epochs: tiny ? 1 : 50))
    }
  }

  /// Seconds that `body` takes.
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  /// The median of `repeats` timings of `body`, after one untimed call.
  static func medianSeconds(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<repeats { times.append(try seconds(body)) }
    return times.sorted()[times.count / 2]
  }

  /// C = A·B for float32 n × n uniform [0, 1) operands, as torch_bench.py: the median of 5
  /// timings of a batch of products (enough for about 4·10⁹ flops, 5 to 200 of them).
  static func gemm(n: Int) -> JSONValue {
    var rng = RandomGenerator(seed: 0)
    let a = Tensor.randomUniform(shape: [n, n], using: &rng)
    let b = Tensor.randomUniform(shape: [n, n], using: &rng)
    let flops = 2 * Double(n) * Double(n) * Double(n)
    let repeats = max(5, min(200, Int(4e9 / flops)))
    var sink = 0.0
    let time = medianSeconds(repeats: 5) {
      for _ in 0..<repeats { sink += Tensor.matmul(a, b).shape.count > 0 ? 0 : 1 }
    }
    precondition(sink == 0)
    return .object([
      ("workload", .string("gemm")), ("system", .string("descent")), ("n", .int(n)),
      ("dtype", .string("float32")), ("gflops", .number(flops / (time / Double(repeats)) / 1e9)),
    ])
  }

  /// Gaussian clusters as torch_bench.py draws them: class centers N(0, 2²) per feature, a
  /// uniform class per sample, and N(0, 1) noise around its center.
  static func clusters(samples: Int, features: Int, classes: Int, seed: UInt64) -> TensorDataset {
    var rng = RandomGenerator(seed: seed)
    let centers = (0..<(classes * features)).map { _ in 2 * rng.nextStandardNormal() }
    let labels = (0..<samples).map { _ in rng.nextIndex(below: classes) }
    var inputs = [Double](repeating: 0, count: samples * features)
    for (row, label) in labels.enumerated() {
      for j in 0..<features {
        inputs[row * features + j] = centers[label * features + j] + rng.nextStandardNormal()
      }
    }
    return TensorDataset(
      inputs: Tensor(inputs, shape: [samples, features]),
      targets: Tensor(labels.map(Double.init), shape: [samples]))
  }

  /// Samples per second of SGD training of an MLP (ReLU) with softmax cross-entropy, shuffled
  /// each epoch: one warm-up epoch, then `epochs` timed ones.
  static func trainThroughput(
    name: String, sizes: [Int], batchSize: Int, samples: Int, epochs: Int,
    learningRate: Double, momentum: Double
  ) throws -> JSONValue {
    let data = clusters(
      samples: samples, features: sizes[0], classes: sizes[sizes.count - 1], seed: 0)
    var rng = RandomGenerator(seed: 0)
    let model = Sequential.multilayerPerceptron(sizes: sizes, using: &rng)
    var trainer = Trainer(
      model: model, optimizer: SGD(learningRate: learningRate, momentum: momentum),
      loss: .crossEntropy)
    let loader = DataLoader(data, batchSize: batchSize, shuffle: true, seed: 0)
    try trainer.fit(loader, epochs: 1, divergenceFactor: nil)
    var history = History()
    let time = try seconds {
      history = try trainer.fit(loader, epochs: epochs, divergenceFactor: nil)
    }
    // The sum of the last epoch's batch losses, as torch_bench.py reports it.
    let lastLoss = (history.epochs.last?.trainLoss ?? .nan) * Double(samples) / Double(batchSize)
    return .object([
      ("workload", .string(name)), ("system", .string("descent")),
      ("sizes", .array(sizes.map { .int($0) })), ("batch", .int(batchSize)),
      ("samples_per_second", .number(Double(samples * epochs) / time)),
      ("final_epoch_loss_sum", .number(lastLoss)),
    ])
  }

  /// Microseconds per op of recording and differentiating 5·`rounds` elementwise ops on a
  /// 16-element tensor: h = tanh(h·1.01 + 0.1) − 0.05·h, `rounds` times, then sum and backward.
  static func graphOverhead(rounds: Int) -> JSONValue {
    var rng = RandomGenerator(seed: 0)
    var x = Tensor.randomUniform(shape: [16], using: &rng)
    x.requiresGrad = true
    let ops = 5 * rounds
    let time = medianSeconds(repeats: 7) {
      var h = x
      for _ in 0..<rounds { h = (h * 1.01 + 0.1).tanh() - 0.05 * h }
      h.sum().backward()
      x.zeroGrad()
    }
    return .object([
      ("workload", .string("graph-overhead")), ("system", .string("descent")), ("ops", .int(ops)),
      ("microseconds_per_op", .number(time / Double(ops) * 1e6)),
    ])
  }

  /// Least squares with intercept on float64 data drawn as torch_bench.py draws it (with
  /// Descent's generator): x ~ N(0, 1) `[rows, features]`, w ~ N(0, 1), y = x·w + 3 +
  /// 0.1·N(0, 1); the median of 5 fits by the normal equations.
  static func linearRegression(rows: Int, features: Int) throws -> JSONValue {
    var rng = RandomGenerator(seed: 0)
    let x = (0..<(rows * features)).map { _ in rng.nextStandardNormal() }
    let w = (0..<features).map { _ in rng.nextStandardNormal() }
    var y = [Double](repeating: 3, count: rows)
    for i in 0..<rows {
      for j in 0..<features { y[i] += x[i * features + j] * w[j] }
      y[i] += 0.1 * rng.nextStandardNormal()
    }
    let model = LinearRegression(solver: .normalEquations)
    var fit: LinearRegressionFit?
    let time = try medianSeconds(repeats: 5) {
      fit = try model.fit(features: x, rowCount: rows, featureCount: features, targets: y)
    }
    let coefficients = fit?.coefficients.first ?? []
    let error = zip(coefficients, w).map { Swift.abs($0 - $1) }.max() ?? .nan
    return .object([
      ("workload", .string("linreg")), ("system", .string("descent")), ("n", .int(rows)),
      ("d", .int(features)), ("seconds", .number(time)), ("max_abs_weight_error", .number(error)),
      ("solver", .string("normal equations (Cholesky)")),
    ])
  }

  /// The bundled digits, as sklearn_digits.py runs them: for each seed, a stratified 80/20
  /// split, features standardized with the training rows' statistics, an MLP 64-64-10 (ReLU)
  /// trained by Adam (lr 10⁻³) in shuffled batches of 32 for `epochs` epochs. Reports the mean
  /// training time per run and the mean test accuracy.
  static func digits(seeds: Int, epochs: Int) throws -> JSONValue {
    let dataset = try BundledDataset.digits.load()
    let labels = ClassEncoding(targets: dataset.targets).indices(for: dataset.targets)
    let featureCount = dataset.featureCount
    var totalSeconds = 0.0
    var totalAccuracy = 0.0
    for seed in 0..<seeds {
      var rng = RandomGenerator(seed: UInt64(seed))
      let (trainRows, testRows) = trainTestSplit(
        count: dataset.rowCount, testFraction: 0.2, stratifyBy: labels, using: &rng)
      let scaler = Standardizer(
        fitting: dataset.features, featureCount: featureCount, rows: trainRows)
      let all = TensorDataset(
        inputs: Tensor(
          scaler.transform(dataset.features, featureCount: featureCount),
          shape: [dataset.rowCount, featureCount]),
        targets: Tensor(labels.map(Double.init), shape: [labels.count]))
      let model = Sequential.multilayerPerceptron(sizes: [featureCount, 64, 10], using: &rng)
      var trainer = Trainer(model: model, optimizer: Adam(learningRate: 1e-3), loss: .crossEntropy)
      let loader = DataLoader(
        all.subset(trainRows), batchSize: 32, shuffle: true, seed: UInt64(seed))
      totalSeconds += try seconds {
        try trainer.fit(loader, epochs: epochs, divergenceFactor: nil)
      }
      totalAccuracy += trainer.evaluate(all.subset(testRows)).classification?.accuracy ?? .nan
    }
    return .object([
      ("workload", .string("digits-e2e")), ("system", .string("descent")), ("epochs", .int(epochs)),
      ("seeds", .int(seeds)), ("train_seconds", .number(totalSeconds / Double(seeds))),
      ("test_accuracy", .number(totalAccuracy / Double(seeds))),
    ])
  }
}
