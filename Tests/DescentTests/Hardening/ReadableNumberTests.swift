import Descent
import Testing

/// Numbers in messages: 6 significant digits, not the 17 of a `Double`'s description (issue
/// 12: "rose to 381.31850200229223").
@Suite("Numbers in messages")
struct ReadableNumberTests {
  @Test(
    "6 significant digits; whole digits from a million; special values as Swift prints them",
    arguments: [
      (381.31850200229223, "381.319"), (0.02 / 10, "0.002"), (0.07 / 10, "0.007"),
      (1e-7, "1e-07"), (4.440892098500626e-16, "4.44089e-16"), (100, "100"), (0, "0"),
      (-2.5, "-2.5"), (123_456.7, "123457"), (31_107_289.852948487, "31107290"),
      (26_000_000, "26000000"), (1e20, "1e+20"), (.infinity, "inf"), (-.infinity, "-inf"),
      (.nan, "nan"),
    ])
  func readable(value: Double, text: String) {
    #expect(readableNumber(value) == text)
  }

  @Test("training errors print losses and rates to 6 significant digits")
  func trainingErrors() {
    let exploded = TrainingError.lossExploded(
      epoch: 1, loss: 381.31850200229223, initialLoss: 1.7505512237548828, learningRate: 0.07)
    #expect(
      exploded.description
        == "training diverged: the training loss rose to 381.319 at epoch 1, more than ten "
        + "times its initial value 1.75055. Try a smaller learning rate than 0.07, e.g. 0.007, "
        + "or find one with `descent lr-find`.")
    let diverged = TrainingError.diverged(epoch: 2, batch: 3, loss: .nan, learningRate: 0.3)
    #expect(
      diverged.description.hasSuffix("than 0.3, e.g. 0.03, or find one with `descent lr-find`."))
    let gradient = TrainingError.gradientNotFinite(
      epoch: 1, batch: 1, parameter: "0.weight", learningRate: 0.7)
    #expect(
      gradient.description.contains(
        "than 0.7, e.g. 0.07 (find one with `descent lr-find`), or --clip-norm 1."))
    #expect(
      TrainingError.targetOutOfRange(standardDeviation: 1.234567891e200).description.contains(
        "deviation, 1.23457e+200,"))
  }

  @Test("descend's divergence line and regression's notes too")
  func calculus() throws {
    let path = try descend(
      MathExpression(parsing: "x^2 + 10*y^2"), variables: ["x", "y"], from: [-4, 1],
      learningRate: 0.11, steps: 1000)
    #expect(
      path.divergenceReason
        == "the value 31107290 at step 41 exceeds 10^6 × max(|f(start)|, 1) = 26000000")
    let fit = try LinearRegression(
      solver: .gradientDescent(GradientDescentOptions(learningRate: 0.55))
    ).fit(features: [1, 2, 3, 4, 5], rowCount: 5, featureCount: 1, targets: [3, 5, 6, 9, 10])
    #expect(
      fit.notes.first
        == "gradient descent diverged: the loss rose to 83.3579 after 7 iterations, more than "
        + "ten times its initial value 6.64; use a smaller learning rate than 0.55 (the default "
        + "1/L always converges)")
  }
}
