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

  @Test(
    "maximum, minimum and xlogy of [2, 3] and [4] trap, naming the op and both shapes",
    arguments: ["maximum", "minimum", "xlogy"])
  func binaryNotBroadcasting(_ op: String) async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      [op = op as String] in
      let (a, b) = (Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [4]))
      _ =
        op == "maximum"
        ? Tensor.maximum(a, b) : op == "minimum" ? Tensor.minimum(a, b) : Tensor.xlogy(a, b)
    }
    let message = standardError(result)
    #expect(message.contains("\(op): shapes [2, 3] and [4] do not broadcast"))
  }

  @Test("concatenating [2, 3] and [3, 2] along axis 0 traps, naming the op and both shapes")
  func concatenateShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.concatenate([Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [3, 2])])
    }
    let message = standardError(result)
    #expect(message.contains("concatenate"))
    #expect(message.contains("[2, 3]"))
    #expect(message.contains("[3, 2]"))
    #expect(message.contains("axis 0"))
  }

  @Test("concatenating tensors of different ranks traps, naming both shapes")
  func concatenateRanks() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.concatenate([Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [3])], axis: 1)
    }
    let message = standardError(result)
    #expect(message.contains("concatenate"))
    #expect(message.contains("[2, 3]") && message.contains("[3]"))
  }

  @Test("concatenate and stack of an empty list trap, saying the list is empty")
  func joinEmpty() async {
    for op in ["concatenate", "stack"] {
      let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
        [op = op as String] in
        _ = op == "concatenate" ? Tensor.concatenate([]) : Tensor.stack([])
      }
      let message = standardError(result)
      #expect(message.contains("\(op): needs at least one tensor, got an empty list"))
    }
  }

  @Test("concatenate along axis 2 of [2, 3] traps, naming the axis and the shape")
  func concatenateAxis() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.concatenate([Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [2, 3])], axis: 2)
    }
    let message = standardError(result)
    #expect(message.contains("concatenate: axis 2 is out of range"))
    #expect(message.contains("[2, 3]"))
  }

  @Test("stacking [2, 3] with [3, 2] traps, naming the op and both shapes")
  func stackShapes() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.stack([Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [3, 2])], axis: 1)
    }
    let message = standardError(result)
    #expect(message.contains("stack"))
    #expect(message.contains("[2, 3]"))
    #expect(message.contains("[3, 2]"))
  }

  @Test("stack along axis 3 of [2, 3] tensors traps, naming the axis and the shape")
  func stackAxis() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.stack([Tensor.zeros(shape: [2, 3])], axis: 3)
    }
    let message = standardError(result)
    #expect(message.contains("stack: axis 3 is out of range"))
    #expect(message.contains("[2, 3]"))
  }

  @Test("slicing 2..<5 of an axis of size 3 traps, naming the range, the axis and the shape")
  func sliceRange() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros(shape: [3, 2]).slice(axis: 0, 2..<5)
    }
    let message = standardError(result)
    #expect(message.contains("slice: range 2..<5 is out of bounds for axis 0 of size 3"))
    #expect(message.contains("[3, 2]"))
  }

  @Test("slicing along axis −3 of a [3, 2] tensor traps, naming the axis and the shape")
  func sliceAxis() async {
    let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
      _ = Tensor.zeros(shape: [3, 2]).slice(axis: -3, 0..<1)
    }
    let message = standardError(result)
    #expect(message.contains("slice: axis -3 is out of range"))
    #expect(message.contains("[3, 2]"))
  }
}
