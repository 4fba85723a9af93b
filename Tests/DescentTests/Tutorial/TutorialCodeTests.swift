import Descent
import Testing

/// The Swift program of Docs/Tutorial.md, section 6, line for line (`scripts/tutorial-check.sh`
/// checks that every line of the tutorial's code appears here, in order), with `#expect`s
/// after the lines whose printed values the tutorial quotes.
@Suite("Tutorial code")
struct TutorialCodeTests {
  @Test("the tutorial's Swift program compiles, runs and prints what the tutorial says")
  func program() throws {
    // 1. The gradient and a directional derivative of f(x, y) = x² + 2y² at (1.5, 1).
    let f = { (v: Tensor) -> Tensor in
      let x = v.slice(axis: 0, 0..<1)
      let y = v.slice(axis: 0, 1..<2)
      return (x * x + 2 * y * y).sum()
    }
    let point = Tensor([1.5, 1], dtype: .float64)
    print(gradient(of: f, at: point).scalars)  // [3.0, 4.0]
    #expect(gradient(of: f, at: point).scalars == [3, 4])
    let along34 = Tensor([3, 4], dtype: .float64)
    print(try directionalDerivative(of: f, at: point, along: along34))  // 5.0 = |∇f|
    #expect(Swift.abs(try directionalDerivative(of: f, at: point, along: along34) - 5) < 1e-12)

    // 2. Gradient descent on g(x, y) = x² + 10y² from (-4, 1): x ← x − η∇g(x), η = 0.09.
    let g = { (v: Tensor) -> Tensor in
      let x = v.slice(axis: 0, 0..<1)
      let y = v.slice(axis: 0, 1..<2)
      return (x * x + 10 * y * y).sum()
    }
    var p = Tensor([-4, 1], dtype: .float64)
    for _ in 0..<81 { p = p - 0.09 * gradient(of: g, at: p) }
    print(p.scalars)  // [-4.18e-07, -1.41e-08]: the end point of `descent descend` in section 2
    #expect(p.scalars.allSatisfy { Swift.abs($0) < 1e-6 })

    // 3. Linear regression on the five points of Docs/data/five-points.csv, in closed form.
    let fit = try LinearRegression().fit(
      features: [1, 2, 3, 4, 5], rowCount: 5, featureCount: 1, targets: [3, 5, 6, 9, 10])
    print(fit.coefficients[0][0], fit.intercepts[0])  // 1.8 1.2 (up to rounding)
    #expect(Swift.abs(fit.coefficients[0][0] - 1.8) < 1e-12)
    #expect(Swift.abs(fit.intercepts[0] - 1.2) < 1e-12)

    // 4. Backpropagation through the small network of section 4.
    func parameter(_ value: Double) -> Tensor {
      var t = Tensor(scalar: value, dtype: .float64)
      t.requiresGrad = true
      return t
    }
    let (x, w1, b1, w2, b2) = (
      parameter(2), parameter(1), parameter(-1), parameter(0.5), parameter(1)
    )
    let (v1, v2, t) = (parameter(1), parameter(-0.5), parameter(1))
    let output = v1 * (w1 * x + b1).relu() + v2 * (w2 * x + b2).relu()
    let loss = (output - t).square()
    loss.backward()
    print(loss.item, x.grad!.item, w1.grad!.item, v2.grad!.item)  // 1.0 -1.5 -4.0 -4.0
    #expect([loss.item, x.grad?.item, w1.grad?.item, v2.grad?.item] == [1, -1.5, -4, -4])

    // 5. Train a 4-16-3 network on iris until the training loss is at most 0.1.
    let iris = try BundledDataset.iris.load()
    var rng = RandomGenerator(seed: 0)
    let (trainRows, testRows) = trainTestSplit(
      count: iris.rowCount, testFraction: 0.2, stratifyBy: iris.targets.map { Int($0) }, using: &rng
    )
    let scaler = Standardizer(fitting: iris.features, featureCount: 4, rows: trainRows)
    let data = TensorDataset(
      inputs: Tensor(scaler.transform(iris.features, featureCount: 4), shape: [150, 4]),
      targets: Tensor(iris.targets))
    let model = Sequential.multilayerPerceptron(sizes: [4, 16, 3], activation: .tanh, using: &rng)
    var trainer = Trainer(
      model: model, optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .crossEntropy)
    let history = try trainer.fit(
      DataLoader(data.subset(trainRows), batchSize: 16), epochs: 100, targetLoss: 0.1)
    let test = trainer.evaluate(data.subset(testRows))
    print(history.epochs.count, history.trainLosses.last!, test.accuracy!)  // 9, ≈ 0.089, ≈ 0.97
    #expect(history.stopReason == .targetLossReached)
    #expect(history.trainLosses.last! <= 0.1)
    #expect(try #require(test.accuracy) >= 0.9)
  }
}
