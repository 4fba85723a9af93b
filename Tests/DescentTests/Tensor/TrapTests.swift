import Descent
import Testing

/// The standard error of an exit test's child process, as text.
private func standardError(_ result: ExitTest.Result?) -> String {
  String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}

/// Broken contracts in code trap, with a message naming the op and the shapes involved
/// (exit tests: each runs in a child process that must fail).
@Suite("Misuse traps with a message naming the op and the shapes")
struct TrapTests {
  @Test("matmul of [2, 3] and [4, 5] traps, naming matmul and both shapes")
  func matmulInnerSizes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros(shape: [2, 3]).matmul(Tensor.zeros(shape: [4, 5]))
    }
    let message = standardError(result)
    #expect(message.contains("matmul"))
    #expect(message.contains("[2, 3]"))
    #expect(message.contains("[4, 5]"))
  }

  /// matmul-shape-mismatch-message, https://github.com/tensorflow/tensorflow/issues/110513,
  /// part A: a [1, 2] matrix times a [3] vector.
  @Test("matmul of a matrix and a vector traps, naming both shapes and asking for 2-D")
  func matmulRank() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros(shape: [1, 2]).matmul(Tensor.zeros(shape: [3]))
    }
    let message = standardError(result)
    #expect(message.contains("matmul"))
    #expect(message.contains("[1, 2]"))
    #expect(message.contains("[3]"))
    #expect(message.contains("2-D"))
  }

  /// matmul-shape-mismatch-message, part B: [2, 3] · [2, 3], inner sizes 3 and 2.
  @Test("matmul of [2, 3] and [2, 3] traps, naming the inner sizes 3 and 2")
  func matmulSameShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.matmul(Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [2, 3]))
    }
    let message = standardError(result)
    #expect(message.contains("A [2, 3] has 3 columns"))
    #expect(message.contains("B [2, 3] has 2 rows"))
  }

  @Test("adding [2, 3] and [4] traps, naming the op and both shapes")
  func addNotBroadcasting() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros(shape: [2, 3]) + Tensor.zeros(shape: [4])
    }
    let message = standardError(result)
    #expect(message.contains("add"))
    #expect(message.contains("[2, 3]"))
    #expect(message.contains("[4]"))
    #expect(message.contains("broadcast"))
  }

  @Test("backward() on a [3]-shaped output traps, naming the shape and suggesting a reduction")
  func backwardNonScalar() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor([1, 2, 3], dtype: .float64)
      x.requiresGrad = true
      (x * 2).backward()
    }
    let message = standardError(result)
    #expect(message.contains("backward"))
    #expect(message.contains("[3]"))
    #expect(message.contains(".sum()"))
    #expect(message.contains(".mean()"))
  }

  /// grad-of-nonscalar-output-message, https://github.com/ml-explore/mlx/issues/487, part 1:
  /// the gradient of x² at [3, −1] without a seed.
  @Test("backward() on x² of shape [2] traps, saying the output must be a single element")
  func backwardWithoutSeed() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var x = Tensor([3, -1], dtype: .float64)
      x.requiresGrad = true
      (x * x).backward()
    }
    let message = standardError(result)
    #expect(message.contains("[2]"))
    #expect(message.contains("single element"))
  }

  @Test("backward() on a tensor that does not require gradients traps, saying so")
  func backwardWithoutGraph() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      Tensor([1, 2]).sum().backward()
    }
    #expect(standardError(result).contains("requiresGrad"))
  }

  @Test("meanSquaredError of [3, 1] and [3] traps rather than broadcasting, naming both")
  func mseShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = meanSquaredError(Tensor.zeros(shape: [3, 1]), Tensor.zeros(shape: [3]))
    }
    let message = standardError(result)
    #expect(message.contains("meanSquaredError"))
    #expect(message.contains("[3, 1]"))
    #expect(message.contains("[3]"))
  }

  @Test("a Linear layer given the wrong input width traps, naming the shape and the size")
  func linearInput() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      var rng = RandomGenerator(seed: 0)
      let layer = Linear(inputSize: 4, outputSize: 2, using: &rng)
      _ = layer(Tensor.zeros(shape: [5, 3]))
    }
    let message = standardError(result)
    #expect(message.contains("Linear"))
    #expect(message.contains("[5, 3]"))
    #expect(message.contains("[batch, 4]"))
  }

  @Test("reshaping 6 elements to [4, −1] traps, naming both shapes")
  func reshapeCount() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros(shape: [2, 3]).reshaped([4, -1])
    }
    let message = standardError(result)
    #expect(message.contains("reshaped"))
    #expect(message.contains("[2, 3]"))
  }
}
