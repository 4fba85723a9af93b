import Foundation

/// Validated regression data with the column means that centering removes: the input of every
/// solver. Centering first keeps the intercept out of the norm and the penalty (as
/// scikit-learn does); without an intercept the means are zero.
struct RegressionProblem {
  /// Rows n, features d, targets t.
  let n: Int
  let d: Int
  let t: Int
  /// `[n, d]`, row-major, as given.
  let features: [Double]
  /// `[n, t]`, row-major, as given.
  let targets: [Double]
  let featureNames: [String]
  let targetNames: [String]
  /// `[d]`, zero without an intercept.
  let featureMeans: [Double]
  /// `[t]`, zero without an intercept.
  let targetMeans: [Double]
  /// Features that do not vary (all zero without an intercept), in column order.
  let constantColumns: [Int]

  /// - Throws: `RegressionError.emptyData`, `.shapeMismatch` or `.nonFinite`.
  init(
    features: [Double], rowCount n: Int, featureCount d: Int, targets: [Double], targetCount t: Int,
    featureNames: [String], targetNames: [String], fitsIntercept: Bool
  ) throws(RegressionError) {
    guard n > 0, d > 0 else { throw .emptyData(rowCount: n, featureCount: d) }
    guard features.count == n * d else {
      throw .shapeMismatch(what: "features", expected: n * d, got: features.count)
    }
    guard targets.count == n * t else {
      throw .shapeMismatch(what: "targets", expected: n * t, got: targets.count)
    }
    guard featureNames.count == d else {
      throw .shapeMismatch(what: "feature names", expected: d, got: featureNames.count)
    }
    if let index = features.firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(row: index / d, column: featureNames[index % d], value: features[index])
    }
    if let index = targets.firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(row: index / t, column: targetNames[index % t], value: targets[index])
    }
    self.n = n
    self.d = d
    self.t = t
    self.features = features
    self.targets = targets
    self.featureNames = featureNames
    self.targetNames = targetNames
    var xMeans = [Double](repeating: 0, count: d)
    var yMeans = [Double](repeating: 0, count: t)
    var constant = [Bool](repeating: true, count: d)
    for i in 0..<n {
      for j in 0..<d {
        let x = features[i * d + j]
        xMeans[j] += x
        if x != (fitsIntercept ? features[j] : 0) { constant[j] = false }
      }
      for k in 0..<t { yMeans[k] += targets[i * t + k] }
    }
    featureMeans = fitsIntercept ? xMeans.map { $0 / Double(n) } : xMeans.map { _ in 0 }
    targetMeans = fitsIntercept ? yMeans.map { $0 / Double(n) } : yMeans.map { _ in 0 }
    constantColumns = (0..<d).filter { constant[$0] }
  }

  /// [X − x̄ | Y − ȳ] column-major, `(n + extraRows) × (d + t)`, the extra rows zero.
  func centeredColumnMajor(extraRows: Int) -> [Double] {
    let m = n + extraRows
    var a = [Double](repeating: 0, count: m * (d + t))
    a.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      features.withUnsafeBufferPointer { x in
        // Blocks of rows, so that the row-major reads and the column writes both stay local.
        var start = 0
        while start < n {
          let end = Swift.min(n, start + 64)
          for j in 0..<d {
            let column = base + j * m
            let mean = featureMeans[j]
            for i in start..<end { column[i] = x[i * d + j] - mean }
          }
          start = end
        }
      }
      for k in 0..<t {
        let column = base + (d + k) * m
        for i in 0..<n { column[i] = targets[i * t + k] - targetMeans[k] }
      }
    }
    return a
  }

  /// The upper triangle of the Gram matrix of [X − x̄ | Y − ȳ]: `(d + t) × (d + t)`,
  /// column-major (entry (i, j), i ≤ j, at `j * (d + t) + i`), holding XᵀX, XᵀY and YᵀY of the
  /// centered data. One pass over the rows, in blocks of 128 centered into a small column-major
  /// buffer, split over the processors when n ≥ 8192.
  func centeredGram() -> [Double] {
    let p = d + t
    let threads =
      n >= 8192 ? Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8)) : 1
    var partial = [Double](repeating: 0, count: threads * p * p)
    let block = 128
    let (n, d, t) = (self.n, self.d, self.t)
    let (featureMeans, targetMeans) = (self.featureMeans, self.targetMeans)
    partial.withUnsafeMutableBufferPointer { partialBuffer in
      guard let partialBase = partialBuffer.baseAddress else { return }
      features.withUnsafeBufferPointer { xBuffer in
        targets.withUnsafeBufferPointer { yBuffer in
          guard let xBase = xBuffer.baseAddress, let yBase = yBuffer.baseAddress else { return }
          let shared = SharedBuffers(x: xBase, y: yBase, gram: partialBase)
          DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let (xBuffer, yBuffer) = (shared.x, shared.y)
            let g = shared.gram + thread * p * p
            let first = n * thread / threads
            let last = n * (thread + 1) / threads
            var local = [Double](repeating: 0, count: p * block)
            local.withUnsafeMutableBufferPointer { localBuffer in
              guard let z = localBuffer.baseAddress else { return }
              var start = first
              while start < last {
                let count = Swift.min(block, last - start)
                for r in 0..<count {
                  let row = start + r
                  for j in 0..<d { z[j * block + r] = xBuffer[row * d + j] - featureMeans[j] }
                  for k in 0..<t { z[(d + k) * block + r] = yBuffer[row * t + k] - targetMeans[k] }
                }
                for i in 0..<p {
                  let zi = z + i * block
                  var j = i
                  while j + 4 <= p {
                    let zj = z + j * block
                    let s = DenseKernels.dot4(
                      zj, zj + block, zj + 2 * block, zj + 3 * block, zi, count: count)
                    g[j * p + i] += s[0]
                    g[(j + 1) * p + i] += s[1]
                    g[(j + 2) * p + i] += s[2]
                    g[(j + 3) * p + i] += s[3]
                    j += 4
                  }
                  while j < p {
                    g[j * p + i] += DenseKernels.dot(z + j * block, zi, count: count)
                    j += 1
                  }
                }
                start += count
              }
            }
          }
        }
      }
    }
    var gram = [Double](repeating: 0, count: p * p)
    for thread in 0..<threads {
      for index in 0..<(p * p) { gram[index] += partial[thread * p * p + index] }
    }
    return gram
  }

  /// The intercepts b = ȳ − x̄ᵀW for coefficients `w` (`[t][d]`).
  func intercepts(for w: [[Double]]) -> [Double] {
    (0..<t).map { k in
      var b = targetMeans[k]
      for j in 0..<d { b -= featureMeans[j] * w[k][j] }
      return b
    }
  }

  /// The columns a null-space basis involves (entries above 10⁻⁶ in size), constant columns
  /// first excluded, as names.
  func collinearColumns(_ nullVectors: [[Double]]) -> [String] {
    var involved = Set<Int>()
    for vector in nullVectors {
      for j in 0..<d where Swift.abs(vector[j]) > 1e-6 && !constantColumns.contains(j) {
        involved.insert(j)
      }
    }
    return involved.sorted().map { featureNames[$0] }
  }

  /// Sentences for the fit's notes about a rank-deficient design.
  func rankNotes(rank: Int, nullVectors: [[Double]]) -> [String] {
    guard rank < d else { return [] }
    var notes: [String] = []
    if n < d {
      notes.append(
        "more features (\(d)) than rows (\(n)): the least-squares problem has many solutions;"
          + " returned the one with the smallest coefficient norm")
    }
    if !constantColumns.isEmpty {
      let names = constantColumns.map { "\"\(featureNames[$0])\"" }.joined(separator: ", ")
      notes.append("constant columns \(names) carry no information; their coefficients are 0")
    }
    let collinear = collinearColumns(nullVectors)
    if !collinear.isEmpty && n >= d {
      let names = collinear.map { "\"\($0)\"" }.joined(separator: ", ")
      notes.append(
        "columns \(names) are collinear (rank \(rank) of \(d)); returned the minimum-norm"
          + " solution, which splits their effect among them")
    } else if n >= d && constantColumns.isEmpty {
      notes.append("the features have rank \(rank) of \(d); returned the minimum-norm solution")
    }
    return notes
  }
}

/// Pointers shared by the threads of `centeredGram()`: each thread reads the inputs and writes
/// only its own slice of the output, so no two threads touch the same memory.
private struct SharedBuffers: @unchecked Sendable {
  let x: UnsafePointer<Double>
  let y: UnsafePointer<Double>
  let gram: UnsafeMutablePointer<Double>
}
