extension Module {
  /// The parameters by their PyTorch names (`0.weight`, `0.bias`, … for a ``Sequential``),
  /// with weights in PyTorch's layout (`[out_features, in_features]` for a ``Linear``), so
  /// that a file of them loads with `torch.nn.Module.load_state_dict`.
  public func stateDict() -> [(name: String, tensor: Tensor)] {
    namedParameters.map { ($0.name, $0.tensor.detached()) }
  }

  /// Sets every parameter to the tensor of the same name in `tensors` (converted to the
  /// parameter's dtype), as PyTorch's `load_state_dict(strict=True)`. Nothing changes unless
  /// every parameter has a tensor of its shape and no tensor is left over.
  /// - Throws: ``CheckpointError/missingParameters(_:)``,
  ///   ``CheckpointError/unexpectedParameters(_:)`` or
  ///   ``CheckpointError/shapeMismatch(name:expected:found:)``, naming the tensors.
  public mutating func loadStateDict(_ tensors: [String: Tensor]) throws(CheckpointError) {
    let parameters = namedParameters
    let missing = parameters.map(\.name).filter { tensors[$0] == nil }
    if !missing.isEmpty { throw .missingParameters(missing) }
    let known = Set(parameters.map(\.name))
    let unexpected = tensors.keys.filter { !known.contains($0) }.sorted()
    if !unexpected.isEmpty { throw .unexpectedParameters(unexpected) }
    for (name, parameter) in parameters where tensors[name]!.shape != parameter.shape {
      throw .shapeMismatch(name: name, expected: parameter.shape, found: tensors[name]!.shape)
    }
    visitParameters(prefix: "") { name, parameter in
      parameter.assign(tensors[name]!)
    }
  }

  /// Loads the parameters from the tensors of a safetensors file (see
  /// the dictionary form of `loadStateDict`).
  /// - Throws: ``CheckpointError/file(_:)`` for a tensor that cannot be read as floats, or
  ///   the errors of the dictionary form.
  public mutating func loadStateDict(_ file: SafeTensors) throws(CheckpointError) {
    var tensors: [String: Tensor] = [:]
    for name in file.names {
      do {
        tensors[name] = try file.tensor(name)
      } catch {
        throw .file(error)
      }
    }
    try loadStateDict(tensors)
  }
}
