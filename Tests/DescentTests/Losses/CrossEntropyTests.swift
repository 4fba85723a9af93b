import Descent
import Foundation
import Testing

@Suite("Cross-entropy loss from logits")
struct CrossEntropyTests {
  @Test("equal logits over k classes give log k", arguments: [2, 3, 10])
  func uniform(_ classes: Int) {
    let logits = Tensor.zeros(shape: [4, classes], dtype: .float64)
    expectClose(
      crossEntropy(logits: logits, labels: [0, 1, 1, 0]), Foundation.log(Double(classes)))
  }

  @Test("the loss is the batch mean of logsumexp(row) − row[label], by hand")
  func byHand() {
    let logits = Tensor([[1, 2, 3], [1, 2, 3]], dtype: .float64)
    let lse = 3 + Foundation.log(1 + Foundation.exp(-1.0) + Foundation.exp(-2.0))
    let loss = crossEntropy(logits: logits, labels: [2, 0])
    #expect(loss.shape == [])
    expectClose(loss, ((lse - 3) + (lse - 1)) / 2, rtol: 1e-15)
  }

  @Test("the gradient is (softmax − onehot) / batch")
  func gradientByValue() throws {
    let logits = leaf([0.5, -1, 2, 0, 0, 0], shape: [2, 3])
    crossEntropy(logits: logits, labels: [2, 1]).backward()
    let p = logits.softmax(axis: 1).scalars
    let onehot: [Double] = [0, 0, 1, 0, 1, 0]
    expectClose(
      try #require(logits.grad).scalars, zip(p, onehot).map { ($0 - $1) / 2 }, rtol: 1e-14)
  }

  // The case named in issue 2: logits [1000, 0, −1000] must give a finite loss and the
  // gradient softmax − onehot, in either dtype, whichever class is the label.
  @Test(
    "logits [1000, 0, −1000] give a finite loss and gradient softmax − onehot",
    arguments: DType.allCases, [0, 1, 2])
  func extremeLogits(dtype: DType, label: Int) throws {
    var logits = Tensor([[1000, 0, -1000]], dtype: dtype)
    logits.requiresGrad = true
    let loss = crossEntropy(logits: logits, labels: [label])
    // logsumexp = 1000 + log(1 + e^−1000 + e^−2000) = 1000 in any float; loss = 1000 − x[label].
    expectClose(loss, [0, 1000, 2000][label], atol: 1e-9, rtol: 1e-12)
    loss.backward()
    let gradient = try #require(logits.grad)
    #expect(gradient.scalars.allSatisfy { $0.isFinite })
    // softmax is [1, e^−1000, e^−2000] = [1, 0, 0] in float32 and float64.
    var expected: [Double] = [1, 0, 0]
    expected[label] -= 1
    expectClose(gradient.scalars, expected, atol: 1e-300, rtol: 0)
  }

  @Test("the gradient matches finite differences")
  func gradientCheck() {
    let logits = Domain.real.sample([4, 3], seed: 62)
    expectGradientsMatch([logits]) { crossEntropy(logits: $0[0], labels: [0, 2, 1, 2]) }
  }

  @Test("a float32 loss is float32 and agrees with float64")
  func float32() {
    let logits = Domain.real.sample([3, 4], seed: 63)
    let loss64 = crossEntropy(logits: logits, labels: [3, 0, 1]).item
    let loss32 = crossEntropy(logits: logits.converted(to: .float32), labels: [3, 0, 1])
    #expect(loss32.dtype == .float32)
    expectClose(loss32, loss64, rtol: 1e-6)
  }

  @Test("a confident right answer costs almost nothing, a confident wrong one its margin")
  func confident() {
    let logits = Tensor([[100, 0], [0, 100]], dtype: .float64)
    expectClose(crossEntropy(logits: logits, labels: [0, 1]), 0, atol: 1e-40)
    expectClose(crossEntropy(logits: logits, labels: [1, 0]), 100, rtol: 1e-15)
  }

  /// PyTorch's `F.cross_entropy(weight=w, label_smoothing=ε)`: per row
  /// (1 − ε)·w[y]·(−log p[y]) + (ε/C)·Σ_c w[c]·(−log p[c]), the mean divided by Σ_i w[y_i].
  @Test("class weights with label smoothing follow PyTorch's formula, by hand")
  func weightedSmoothedByHand() {
    let rows: [[Double]] = [[1, 2, 3], [0.5, -1, 0]]
    let labels = [2, 0]
    let w: [Double] = [0.5, 2, 1]
    let epsilon = 0.1
    var total = 0.0
    for (row, label) in zip(rows, labels) {
      let lse = Foundation.log(row.map { Foundation.exp($0) }.reduce(0, +))
      let logP = row.map { $0 - lse }
      let smooth = zip(w, logP).reduce(0) { $0 - $1.0 * $1.1 }
      total += (1 - epsilon) * w[label] * -logP[label] + epsilon / 3 * smooth
    }
    let loss = crossEntropy(
      logits: Tensor(rows, dtype: .float64), labels: labels, weights: Tensor(w, dtype: .float64),
      labelSmoothing: epsilon)
    expectLossClose(loss, total / (w[2] + w[0]), rtol: 1e-14)
  }

  @Test("labelSmoothing 1 is cross-entropy against the uniform distribution")
  func fullSmoothing() {
    let logits = Domain.real.sample([2, 4], seed: 74)
    let uniform = -logits.logSoftmax(axis: 1).mean(axis: 1)
    let loss = crossEntropy(logits: logits, labels: [3, 1], labelSmoothing: 1, reduction: .none)
    expectLossClose(loss.scalars, uniform.scalars, rtol: 1e-14)
  }

  /// A masked class (logit −∞) has probability 0; reading the label's log-probability by index,
  /// not through a one-hot product, keeps −∞ · 0 = NaN out of the loss and the gradient.
  @Test("masked classes (logit −∞) leave the loss and gradient finite", arguments: DType.allCases)
  func maskedLogits(_ dtype: DType) throws {
    var logits = Tensor([[-.infinity, 0, 0], [1, -.infinity, 1]], dtype: dtype)
    logits.requiresGrad = true
    let loss = crossEntropy(logits: logits, labels: [1, 2])
    expectLossClose(loss, Foundation.log(2.0), rtol: dtype == .float64 ? 1e-15 : 1e-7)
    loss.backward()
    let gradient = try #require(logits.grad).scalars
    expectLossClose(gradient, [0, -0.25, 0.25, 0.25, 0, -0.25], rtol: 1e-7)
  }

  @Test("a row with one +∞ logit: loss 0 for that label, +∞ otherwise; gradient p − onehot")
  func plusInfinity() throws {
    let logits = leaf([.infinity, 0, -1, .infinity, 0, -1], shape: [2, 3])
    let loss = crossEntropy(logits: logits, labels: [0, 1], reduction: .none)
    #expect(loss.scalars == [0, .infinity])
    loss.sum().backward()
    #expect(try #require(logits.grad).scalars == [0, 0, 0, 1, -1, 0])
  }

  @Test("tied +∞ logits share the probability; a row of −∞ or with NaN is NaN (as PyTorch)")
  func infiniteRows() throws {
    let tied = leaf([.infinity, .infinity, 0], shape: [1, 3])
    let loss = crossEntropy(logits: tied, labels: [0])
    expectLossClose(loss, Foundation.log(2.0), rtol: 1e-15)
    loss.backward()
    expectLossClose(try #require(tied.grad).scalars, [-0.5, 0.5, 0], rtol: 1e-15)
    let masked = Tensor([-.infinity, -.infinity, .nan, 0], shape: [2, 2], dtype: .float64)
    let perRow = crossEntropy(logits: masked, labels: [0, 1], reduction: .none).scalars
    #expect(perRow[0].isNaN && perRow[1].isNaN)
  }
}
