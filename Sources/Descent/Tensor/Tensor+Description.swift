extension Tensor: CustomStringConvertible {
  /// The shape, the dtype and the values, nested by axis as in PyTorch and NumPy:
  ///
  ///     Tensor(shape: [2, 3], dtype: float32)
  ///     [[1.0, 2.0, 3.0],
  ///      [4.0, 5.0, 6.0]]
  ///
  /// Above 1,000 elements, each axis longer than 6 shows its first and last 3 entries around
  /// `…` (NumPy's `threshold` and `edgeitems`). Values print in their dtype's shortest
  /// round-trip form. A tensor that requires gradients says so in the first line.
  public var description: String {
    var header = "Tensor(shape: \(shape), dtype: \(dtype)"
    if requiresGrad { header += ", requiresGrad: true" }
    header += ")"
    return header + "\n" + formattedValues(summarizing: count > 1000)
  }

  /// The values as nested brackets, one line per innermost row.
  func formattedValues(summarizing: Bool, edgeItems: Int = 3) -> String {
    let values: [String] =
      switch storage {
      case .float32(let a): a.map { "\($0)" }
      case .float64(let a): a.map { "\($0)" }
      }
    if rank == 0 { return values[0] }
    let strides = Shape.strides(shape)
    // Indices to show along one axis, nil marking the elision.
    func shown(_ size: Int) -> [Int?] {
      guard summarizing, size > 2 * edgeItems else { return (0..<size).map { $0 } }
      return Array(0..<edgeItems) + [nil] + Array((size - edgeItems)..<size)
    }
    func render(axis: Int, offset: Int, indent: String) -> String {
      let items = shown(shape[axis])
      if axis == rank - 1 {
        let cells = items.map { $0.map { values[offset + $0] } ?? "…" }
        return "[" + cells.joined(separator: ", ") + "]"
      }
      let inner = items.map { index -> String in
        guard let index else { return "…" }
        return render(axis: axis + 1, offset: offset + index * strides[axis], indent: indent + " ")
      }
      let separator = "," + String(repeating: "\n", count: rank - axis - 1) + indent + " "
      return "[" + inner.joined(separator: separator) + "]"
    }
    return render(axis: 0, offset: 0, indent: "")
  }
}
