import Descent
import Foundation
import Testing

@Suite("backward(): gradient accumulation and graph semantics")
struct BackwardTests {
  @Test("a tensor used twice gets both contributions: d/dx (x·x + x) = 2x + 1")
  func reusedLeaf() {
    let x = leaf([-1, 0.5, 3])
    (x * x + x).sum().backward()
    #expect(x.grad?.scalars == [-1, 2, 7])
  }

  @Test("a reused intermediate sums its consumers before flowing back: a = 2x, b = a² + a")
  func reusedIntermediate() {
    // db/dx = (2a + 1)·2 = 8x + 2.
    let x = leaf([1, -0.5, 2])
    let a = x * 2
    (a * a + a).sum().backward()
    #expect(x.grad?.scalars == [10, -2, 18])
  }

  @Test("a deep chain reusing each step twice gives 2ⁿ")
  func deepReuse() {
    // y₀ = x, yₖ = yₖ₋₁ + yₖ₋₁, so y₃₀ = 2³⁰·x: one walk, no exponential blow-up.
    let x = leaf([1])
    var y = x
    for _ in 0..<30 { y = y + y }
    y.sum().backward()
    #expect(x.grad?.scalars == [1_073_741_824])
  }

  @Test("a graph 100 000 ops deep can be differentiated and freed without overflowing the stack")
  func deepGraph() {
    // A loss accumulated over a long loop; before GradNode's iterative deinit, freeing this
    // chain recursed once per node and crashed (SIGSEGV) at this depth.
    let x = leaf([1])
    do {
      var total = x
      for _ in 0..<100_000 { total = total + x }
      total.sum().backward()
    }
    #expect(x.grad?.scalars == [100_001])
  }

  @Test("a bias [3] added to a [2, 3] matrix gets the column sums of the upstream gradient")
  func biasColumnSums() {
    let bias = leaf([0, 0, 0])
    let upstream = Tensor([[1, 2, 3], [10, 20, 30]], dtype: .float64)
    let m = Tensor.zeros(shape: [2, 3], dtype: .float64)
    ((m + bias) * upstream).sum().backward()
    #expect(bias.grad?.shape == [3])
    #expect(bias.grad?.scalars == [11, 22, 33])
  }

  @Test("(2×3 · 3×1) + bias(1×3) broadcasts to 2×3, and each gradient has its operand's shape")
  func broadcastProduct() {
    let x = Tensor([[1, 2, 3], [4, 5, 6]], dtype: .float64)
    let w = leaf([1, 0, -1], shape: [3, 1])
    let b = leaf([0.5, 1, 1.5], shape: [1, 3])
    let y = x.matmul(w) + b
    #expect(y.shape == [2, 3])
    y.sum().backward()
    // Each x·w entry reaches 3 outputs; each bias entry reaches 2.
    #expect(w.grad?.shape == [3, 1])
    #expect(w.grad?.scalars == [15, 21, 27])
    #expect(b.grad?.shape == [1, 3])
    #expect(b.grad?.scalars == [2, 2, 2])
  }

  @Test("a loop accumulating r = r + q[i]·p[i] over separate parameters reaches every one")
  func loopAccumulation() {
    let q: [Double] = [0.5, 1.5, -2, 4, 0.25, 1]
    let p = [1, -1, 2, 0.5, 3, -2].map { leaf([$0], shape: []) }
    var r = Tensor(scalar: 0, dtype: .float64)
    for i in p.indices { r = r + q[i] * p[i] }
    r.backward()
    #expect(p.map { $0.grad?.item } == q)
  }

  @Test("a second backward() adds the same gradient again")
  func secondBackwardAccumulates() {
    let x = leaf([1, 2])
    let loss = (x * x).sum()
    loss.backward()
    #expect(x.grad?.scalars == [2, 4])
    loss.backward()
    #expect(x.grad?.scalars == [4, 8])
  }

  @Test("zeroGrad() clears a leaf's gradient, so the next backward starts from nothing")
  func zeroGrad() {
    let x = leaf([3])
    (x * x).sum().backward()
    #expect(x.grad != nil)
    x.zeroGrad()
    #expect(x.grad == nil)
    (x * 5).sum().backward()
    #expect(x.grad?.scalars == [5])
  }

  @Test("copies of a leaf share its gradient")
  func copiesShareGradient() {
    let x = leaf([2])
    let copy = x
    (copy * 3).sum().backward()
    #expect(x.grad?.scalars == [3])
  }

  @Test("withoutGradients records nothing")
  func withoutGradientsRecordsNothing() {
    let x = leaf([1, 2])
    #expect(isRecordingGradients)
    let y = withoutGradients {
      #expect(!isRecordingGradients)
      return (x * x).exp().sum()
    }
    #expect(!y.requiresGrad)
    #expect(isRecordingGradients)
    expectClose(y, Foundation.exp(1) + Foundation.exp(4), rtol: 1e-15)
  }

  @Test("detached() stops the gradient: only the attached path contributes")
  func detachedStopsGradient() {
    let x = leaf([2, 3])
    let y = x * x.detached()
    #expect(!x.detached().requiresGrad)
    y.sum().backward()
    #expect(x.grad?.scalars == [2, 3])
  }

  @Test("ops record a graph only when an input requires gradients")
  func recordingRules() {
    let constant = Tensor([1, 2], dtype: .float64)
    #expect(!(constant * 2).requiresGrad)
    let x = leaf([1, 2])
    let y = constant * x
    #expect(y.requiresGrad)
    #expect(!y.isLeaf)
    #expect(x.isLeaf)
    #expect(y.grad == nil)
  }

  @Test("setting requiresGrad on a result makes it a new leaf without history")
  func requiresGradOnResult() {
    let x = leaf([2])
    var y = x * 3
    y.requiresGrad = true
    #expect(y.isLeaf)
    (y * y).sum().backward()
    #expect(y.grad?.scalars == [12])
    #expect(x.grad == nil)
    y.requiresGrad = false
    #expect(!y.requiresGrad)
  }

  @Test("a leaf that the loss does not depend on gets no gradient")
  func unusedLeaf() {
    let x = leaf([1])
    let unused = leaf([1])
    (x * 2).sum().backward()
    #expect(unused.grad == nil)
    #expect(x.grad?.scalars == [2])
  }

  @Test("a one-element output of shape [1] counts as a scalar for backward()")
  func oneElementOutput() {
    let x = leaf([3])
    (x * x).backward()
    #expect(x.grad?.scalars == [6])
  }

  @Test("a float32 leaf gets a float32 gradient through float64 ops")
  func float32LeafThroughFloat64() {
    var x = Tensor([1, 2], dtype: .float32)
    x.requiresGrad = true
    let w = Tensor([0.1, 0.3], dtype: .float64)
    (x.converted(to: .float64) * w).sum().backward()
    #expect(x.grad?.dtype == .float32)
    #expect(x.grad?.floats == [Float(0.1), Float(0.3)])
    x.zeroGrad()
    (x * w).sum().backward()
    #expect(x.grad?.dtype == .float32)
    #expect(x.grad?.floats == [Float(0.1), Float(0.3)])
  }

  @Test("gradients of float32 leaves are float32 and match the float64 values")
  func float32Gradients() {
    var x = Tensor([0.5, -1, 2], dtype: .float32)
    x.requiresGrad = true
    (x.tanh() * x).sum().backward()
    let x64 = leaf([0.5, -1, 2])
    (x64.tanh() * x64).sum().backward()
    #expect(x.grad?.dtype == .float32)
    expectClose(x.grad?.scalars ?? [], x64.grad?.scalars ?? [], rtol: 1e-6)
  }
}
