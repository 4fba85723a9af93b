import Descent
import Foundation
import PropertyBased
import Testing

/// A function of some tensors with the inputs to differentiate it at and, where the op moves
/// elements rather than computing them, the values its result must hold (from the inputs'
/// values by index arithmetic of the test's own): the shape of the structural families.
struct StructuralCase: CustomStringConvertible {
  var name: String
  var inputShapes: [[Int]]
  var apply: ([Tensor]) -> Tensor
  /// The expected result's shape and values from the inputs' values.
  var expected: ([[Double]]) -> (shape: [Int], values: [Double])

  var description: String { "\(name) of \(inputShapes)" }

  /// Checks values (on extreme inputs) and derivatives (on inputs in [−2, 2]).
  func problem(_ rng: inout Xoshiro) -> String? {
    let extreme = inputShapes.map { TensorGen.tensor($0, TensorGen.extremeValue, &rng) }
    let y = apply(extreme)
    let (shape, values) = expected(extreme.map(\.scalars))
    if y.shape != shape { return "shape \(y.shape), expected \(shape)" }
    if !sameValues(y.scalars, values) { return "values \(y.scalars), expected \(values)" }
    let inputs = inputShapes.map { TensorGen.tensor($0, Gen.double(in: -2...2), &rng) }
    return DerivativeCheck().problem(apply, at: inputs, rng: &rng)
  }
}

/// Draws from the cases `make` builds with the generator it is given.
func structuralCases(
  _ make: @escaping @Sendable (inout any SeededRandomNumberGenerator) -> StructuralCase
) -> Generator<StructuralCase, Shrink.None<StructuralCase>> {
  Generator { rng in make(&rng) }
}

/// The row-major flat index of `index` in `shape`.
func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
  zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
}

@Suite("Property: matrix product")
struct MatrixProductPropertyTests {
  /// m, k, n (each possibly 0 or 1) and whether A and B are read transposed.
  static let cases = zip(
    TensorGen.dimension, TensorGen.dimension, TensorGen.dimension,
    zip(Gen<Bool>.bool, Gen<Bool>.bool))

  @Test("shapes, reference values, finiteness, and derivatives of op(A)·op(B)")
  func matrixProduct() {
    forAllCases("matmul", seed: 31, Self.cases) { input, rng in
      let (m, k, n, (transposeA, transposeB)) = input
      let shapes = [transposeA ? [k, m] : [m, k], transposeB ? [n, k] : [k, n]]
      let product = { (x: [Tensor]) in
        Tensor.matmul(x[0], x[1], transposeA: transposeA, transposeB: transposeB)
      }
      let a = TensorGen.tensor(shapes[0], Gen.double(in: -4...4), &rng)
      let b = TensorGen.tensor(shapes[1], Gen.double(in: -4...4), &rng)
      let y = product([a, b])
      if y.shape != [m, n] { return "shape \(y.shape), expected \([m, n])" }
      // Σ_p A[i, p]·B[p, j], reading the stored layouts by hand.
      let (x, z) = (a.scalars, b.scalars)
      for i in 0..<m {
        for j in 0..<n {
          var sum = 0.0
          var magnitude = 0.0
          for p in 0..<k {
            let term =
              x[transposeA ? p * m + i : i * k + p] * z[transposeB ? j * k + p : p * n + j]
            sum += term
            magnitude += Swift.abs(term)
          }
          let value = y.scalars[i * n + j]
          if Swift.abs(value - sum) > 1e-12 * magnitude {
            return "element [\(i), \(j)] is \(value), expected \(sum)"
          }
        }
      }
      // Finite for finite inputs whose products and sums cannot overflow.
      let big = shapes.map { TensorGen.tensor($0, TensorGen.signed(0, 1e150), &rng) }
      if !allFinite(product(big)) { return "not finite at magnitudes ≤ 1e150: \(big)" }
      return DerivativeCheck().problem(product, at: [a, b], rng: &rng)
    }
  }
}

@Suite("Property: shape ops")
struct ShapeOpPropertyTests {
  static let cases = structuralCases { rng in
    var shape = TensorGen.shape.run(using: &rng)
    let which = Int.random(in: 0..<7, using: &rng)
    if which >= 1 && shape.isEmpty { shape = [TensorGen.dimension.run(using: &rng)] }
    if which == 1 && shape.count < 2 { shape.append(TensorGen.dimension.run(using: &rng)) }
    let axis = shape.isEmpty ? 0 : Int.random(in: 0..<shape.count, using: &rng)
    switch which {
    case 0:
      // Reshape to a shuffled factorization with a size-1 axis somewhere.
      var target = shape.shuffled(using: &rng)
      target.insert(1, at: Int.random(in: 0...target.count, using: &rng))
      return StructuralCase(
        name: "reshape to \(target)", inputShapes: [shape], apply: { $0[0].reshaped(target) },
        expected: { (target, $0[0]) })
    case 1:
      let (i, j) = (Int.random(in: 0..<shape.count, using: &rng), axis)
      var swapped = shape
      swapped.swapAt(i, j)
      return StructuralCase(
        name: "transpose \(i), \(j)", inputShapes: [shape], apply: { $0[0].transposed(i, j) },
        expected: { x in
          (
            swapped,
            multiIndices(swapped).map { index in
              var source = index
              source.swapAt(i, j)
              return x[0][flatIndex(source, shape)]
            }
          )
        })
    case 2:
      // Expand: size-1 axes to random sizes, and a leading axis.
      let small = shape.map { Bool.random(using: &rng) ? 1 : $0 }
      let target = [TensorGen.dimension.run(using: &rng)] + shape
      return StructuralCase(
        name: "expand \(small) to \(target)", inputShapes: [small],
        apply: { $0[0].expanded(to: target) },
        expected: { x in
          (target, multiIndices(target).map { x[0][broadcastSource($0, of: target, in: small)] })
        })
    case 3:
      let sizes = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
        TensorGen.dimension.run(using: &rng)
      }
      let shapes = sizes.map { size in
        var s = shape
        s[axis] = size
        return s
      }
      var result = shape
      result[axis] = sizes.reduce(0, +)
      return StructuralCase(
        name: "concatenate on axis \(axis)", inputShapes: shapes,
        apply: { Tensor.concatenate($0, axis: axis) },
        expected: { x in
          (
            result,
            multiIndices(result).map { index in
              var i = index[axis]
              var part = 0
              while i >= sizes[part] {
                i -= sizes[part]
                part += 1
              }
              var source = index
              source[axis] = i
              return x[part][flatIndex(source, shapes[part])]
            }
          )
        })
    case 4:
      let lower = Int.random(in: 0...shape[axis], using: &rng)
      let upper = Int.random(in: lower...shape[axis], using: &rng)
      var result = shape
      result[axis] = upper - lower
      // The axis counted from the front or (negative) from the end.
      let written = Bool.random(using: &rng) ? axis : axis - shape.count
      return StructuralCase(
        name: "slice \(lower)..<\(upper) on axis \(written)", inputShapes: [shape],
        apply: { $0[0].slice(axis: written, lower..<upper) },
        expected: { x in
          (
            result,
            multiIndices(result).map { index in
              var source = index
              source[axis] += lower
              return x[0][flatIndex(source, shape)]
            }
          )
        })
    case 5:
      let (before, after) = (Int.random(in: 0...2, using: &rng), Int.random(in: 0...2, using: &rng))
      var result = shape
      result[axis] += before + after
      return StructuralCase(
        name: "pad \(before), \(after) on axis \(axis)", inputShapes: [shape],
        apply: { $0[0].padded(axis: axis, before: before, after: after) },
        expected: { x in
          (
            result,
            multiIndices(result).map { index in
              let i = index[axis] - before
              guard i >= 0 && i < shape[axis] else { return 0 }
              var source = index
              source[axis] = i
              return x[0][flatIndex(source, shape)]
            }
          )
        })
    default:
      let copies = Int.random(in: 1...3, using: &rng)
      let stackAxis = Int.random(in: 0...shape.count, using: &rng)
      var result = shape
      result.insert(copies, at: stackAxis)
      return StructuralCase(
        name: "stack \(copies) on axis \(stackAxis)",
        inputShapes: Array(repeating: shape, count: copies),
        apply: { Tensor.stack($0, axis: stackAxis) },
        expected: { x in
          (
            result,
            multiIndices(result).map { index in
              var source = index
              let part = source.remove(at: stackAxis)
              return x[part][flatIndex(source, shape)]
            }
          )
        })
    }
  }

  @Test("reshape, transpose, expand, concatenate, slice, pad and stack move values and gradients")
  func shapeOps() {
    forAllCases("shape ops", seed: 41, Self.cases) { c, rng in
      c.problem(&rng).map { "\(c): \($0)" }
    }
  }
}

@Suite("Property: indexing and selection")
struct IndexingPropertyTests {
  static let cases = structuralCases { rng in
    var shape = TensorGen.shape.run(using: &rng)
    if shape.isEmpty { shape = [TensorGen.dimension.run(using: &rng)] }
    let rows = shape[0]
    let width = shape.dropFirst().reduce(1, *)
    switch Int.random(in: 0..<3, using: &rng) {
    case 0 where rows > 0:
      let indices = (0..<Int.random(in: 0...5, using: &rng)).map { _ in
        Int.random(in: 0..<rows, using: &rng)
      }
      return StructuralCase(
        name: "gatherRows \(indices)", inputShapes: [shape], apply: { $0[0].gatherRows(indices) },
        expected: { x in
          (
            [indices.count] + shape.dropFirst(),
            indices.flatMap { x[0][($0 * width)..<(($0 + 1) * width)] }
          )
        })
    case 1:
      let rowCount = Int.random(in: 1...4, using: &rng)
      let indices = (0..<rows).map { _ in Int.random(in: 0..<rowCount, using: &rng) }
      return StructuralCase(
        name: "scatterAddRows \(indices) into \(rowCount)", inputShapes: [shape],
        apply: { $0[0].scatterAddRows(indices, rowCount: rowCount) },
        expected: { x in
          var out = [Double](repeating: 0, count: rowCount * width)
          for (row, target) in indices.enumerated() {
            for j in 0..<width { out[target * width + j] += x[0][row * width + j] }
          }
          return ([rowCount] + shape.dropFirst(), out)
        })
    default:
      // where(condition, a, b) with a condition of its own broadcasting shape.
      let condition = shape.map { Bool.random(using: &rng) ? 1 : $0 }
      let mask = (0..<condition.reduce(1, *)).map { _ in Bool.random(using: &rng) ? 1.0 : 0 }
      let bShape = Array(shape.dropFirst(Int.random(in: 0...shape.count, using: &rng)))
      let conditionTensor = Tensor(mask, shape: condition, dtype: .float64)
      return StructuralCase(
        name: "where \(mask) \(condition)", inputShapes: [shape, bShape],
        apply: { Tensor.where(conditionTensor, $0[0], $0[1]) },
        expected: { x in
          (
            shape,
            multiIndices(shape).map { index in
              mask[broadcastSource(index, of: shape, in: condition)] != 0
                ? x[0][flatIndex(index, shape)]
                : x[1][broadcastSource(index, of: shape, in: bShape)]
            }
          )
        })
    }
  }

  @Test("gatherRows, scatterAddRows and where select values and route gradients")
  func indexing() {
    forAllCases("indexing and selection", seed: 51, Self.cases) { c, rng in
      c.problem(&rng).map { "\(c): \($0)" }
    }
  }
}
