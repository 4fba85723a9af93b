import Testing

@testable import Descent

/// `forEachPart`, which splits elementwise loops across threads: every index is visited
/// exactly once, however the loop is split.
@Suite("Parallel parts of elementwise loops")
struct ParallelPartsTests {
  @Test(
    "every index is covered once, for any count, part size and thread count",
    arguments: [0, 1, 17, 4096, 65_536, 100_003], [1, 2, 3])
  func coversEveryIndexOnce(count: Int, threads: Int) {
    for minimumPerPart in [1, 1000, elementwisePartSize] {
      var visits = [UInt8](repeating: 0, count: count)
      visits.withUnsafeMutableBufferPointer { visits in
        forEachPart(count: count, minimumPerPart: minimumPerPart, threads: threads) { range in
          for i in range { visits[i] &+= 1 }
        }
      }
      #expect(visits.allSatisfy { $0 == 1 }, "count \(count), minimum \(minimumPerPart)")
    }
  }
}
