/// Saving and restoring an optimizer's per-parameter state (momentum buffers, moments, step
/// counts), for checkpoints that resume training exactly.
///
/// Tensors are named `<parameter>.<field>` with PyTorch's field names: `momentum_buffer`
/// (SGD, RMSProp), `step`, `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq` (Adam, AdamW),
/// `square_avg`, `grad_avg` (RMSProp), `sum` (Adagrad). Step counts are float64 scalars
/// (exact below 2⁵³).
public protocol OptimizerState {
  /// The state of every parameter the optimizer has stepped, by `<parameter>.<field>`.
  func stateDict() -> [String: Tensor]

  /// Replaces the state by `tensors` (as ``stateDict()`` gives).
  /// - Throws: ``CheckpointError/optimizerState(_:)`` naming a field this optimizer does not
  ///   keep, or a parameter whose state is incomplete.
  mutating func loadStateDict(_ tensors: [String: Tensor]) throws(CheckpointError)
}

/// `tensors` grouped by parameter: `0.weight.exp_avg` → `["0.weight": ["exp_avg": …]]`.
/// - Throws: ``CheckpointError/optimizerState(_:)`` for a field not in `fields`.
func stateFields(
  _ tensors: [String: Tensor], fields: Set<String>, optimizer: String
) throws(CheckpointError) -> [String: [String: Tensor]] {
  var grouped: [String: [String: Tensor]] = [:]
  for (key, tensor) in tensors {
    guard let dot = key.lastIndex(of: "."), fields.contains(String(key[key.index(after: dot)...]))
    else {
      throw .optimizerState(
        "\(optimizer) keeps no field \"\(key)\" (its fields: \(fields.sorted().joined(separator: ", ")))"
      )
    }
    grouped[String(key[..<dot]), default: [:]][String(key[key.index(after: dot)...])] = tensor
  }
  return grouped
}

/// The field `field` of `parameter`'s state, or an error naming what is missing.
func requiredField(
  _ fields: [String: Tensor], _ field: String, of parameter: String, optimizer: String
) throws(CheckpointError) -> Tensor {
  guard let tensor = fields[field] else {
    throw .optimizerState("\(optimizer) state of \"\(parameter)\" lacks \"\(field)\"")
  }
  return tensor
}

/// A step count stored as a float64 scalar.
func stepCount(_ tensor: Tensor, of parameter: String, optimizer: String) throws(CheckpointError)
  -> Int
{
  guard tensor.count == 1, let value = tensor.scalars.first, value >= 0, value < 0x1p53,
    value == value.rounded()
  else {
    throw .optimizerState("\(optimizer) step of \"\(parameter)\" is not a count: \(tensor.scalars)")
  }
  return Int(value)
}

extension SGD: OptimizerState {
  /// `<parameter>.momentum_buffer` for each parameter with a buffer.
  public func stateDict() -> [String: Tensor] {
    Dictionary(
      uniqueKeysWithValues: momentumBuffers.map { ("\($0.key).momentum_buffer", $0.value) })
  }

  /// Restores the momentum buffers.
  /// - Throws: ``CheckpointError/optimizerState(_:)`` for another optimizer's fields.
  public mutating func loadStateDict(_ tensors: [String: Tensor]) throws(CheckpointError) {
    let grouped = try stateFields(tensors, fields: ["momentum_buffer"], optimizer: "SGD")
    momentumBuffers = grouped.mapValues { $0["momentum_buffer"]! }
  }
}

/// The state of Adam and AdamW, in PyTorch's names.
func adamStateDict(_ states: [String: AdamState]) -> [String: Tensor] {
  var result: [String: Tensor] = [:]
  for (name, state) in states {
    result["\(name).step"] = Tensor(scalar: Double(state.step), dtype: .float64)
    result["\(name).exp_avg"] = state.firstMoment
    result["\(name).exp_avg_sq"] = state.secondMoment
    if let maxV = state.maxSecondMoment { result["\(name).max_exp_avg_sq"] = maxV }
  }
  return result
}

/// Adam or AdamW states from PyTorch-named tensors.
func adamStates(_ tensors: [String: Tensor], optimizer: String, amsgrad: Bool)
  throws(CheckpointError) -> [String: AdamState]
{
  let grouped = try stateFields(
    tensors, fields: ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"], optimizer: optimizer)
  var states: [String: AdamState] = [:]
  for (name, fields) in grouped {
    let step = try stepCount(
      try requiredField(fields, "step", of: name, optimizer: optimizer), of: name,
      optimizer: optimizer)
    states[name] = AdamState(
      step: step, firstMoment: try requiredField(fields, "exp_avg", of: name, optimizer: optimizer),
      secondMoment: try requiredField(fields, "exp_avg_sq", of: name, optimizer: optimizer),
      maxSecondMoment: amsgrad
        ? try requiredField(fields, "max_exp_avg_sq", of: name, optimizer: optimizer) : nil)
  }
  return states
}

extension Adam: OptimizerState {
  /// `step`, `exp_avg`, `exp_avg_sq` (and `max_exp_avg_sq` with AMSGrad) per parameter.
  public func stateDict() -> [String: Tensor] { adamStateDict(states) }

  /// Restores the moments and step counts.
  /// - Throws: ``CheckpointError/optimizerState(_:)`` for a missing or foreign field.
  public mutating func loadStateDict(_ tensors: [String: Tensor]) throws(CheckpointError) {
    states = try adamStates(tensors, optimizer: "Adam", amsgrad: amsgrad)
  }
}

extension AdamW: OptimizerState {
  /// `step`, `exp_avg`, `exp_avg_sq` (and `max_exp_avg_sq` with AMSGrad) per parameter.
  public func stateDict() -> [String: Tensor] { adamStateDict(states) }

  /// Restores the moments and step counts.
  /// - Throws: ``CheckpointError/optimizerState(_:)`` for a missing or foreign field.
  public mutating func loadStateDict(_ tensors: [String: Tensor]) throws(CheckpointError) {
    states = try adamStates(tensors, optimizer: "AdamW", amsgrad: amsgrad)
  }
}

extension RMSProp: OptimizerState {
  /// `square_avg`, and `grad_avg` (centered) and `momentum_buffer` (momentum) per parameter.
  public func stateDict() -> [String: Tensor] {
    var result: [String: Tensor] = [:]
    for (name, state) in states {
      result["\(name).square_avg"] = state.meanSquare
      if let mean = state.mean { result["\(name).grad_avg"] = mean }
      if let buffer = state.momentumBuffer { result["\(name).momentum_buffer"] = buffer }
    }
    return result
  }

  /// Restores the running averages and buffers.
  /// - Throws: ``CheckpointError/optimizerState(_:)`` for a missing or foreign field.
  public mutating func loadStateDict(_ tensors: [String: Tensor]) throws(CheckpointError) {
    let grouped = try stateFields(
      tensors, fields: ["square_avg", "grad_avg", "momentum_buffer"], optimizer: "RMSProp")
    var restored: [String: RMSPropState] = [:]
    for (name, fields) in grouped {
      restored[name] = RMSPropState(
        meanSquare: try requiredField(fields, "square_avg", of: name, optimizer: "RMSProp"),
        mean: centered
          ? try requiredField(fields, "grad_avg", of: name, optimizer: "RMSProp") : nil,
        momentumBuffer: momentum != 0
          ? try requiredField(fields, "momentum_buffer", of: name, optimizer: "RMSProp") : nil)
    }
    states = restored
  }
}

extension Adagrad: OptimizerState {
  /// `step` and `sum` per parameter.
  public func stateDict() -> [String: Tensor] {
    var result: [String: Tensor] = [:]
    for (name, state) in states {
      result["\(name).step"] = Tensor(scalar: Double(state.step), dtype: .float64)
      result["\(name).sum"] = state.sumOfSquares
    }
    return result
  }

  /// Restores the accumulators and step counts.
  /// - Throws: ``CheckpointError/optimizerState(_:)`` for a missing or foreign field.
  public mutating func loadStateDict(_ tensors: [String: Tensor]) throws(CheckpointError) {
    let grouped = try stateFields(tensors, fields: ["step", "sum"], optimizer: "Adagrad")
    var restored: [String: AdagradState] = [:]
    for (name, fields) in grouped {
      let step = try stepCount(
        try requiredField(fields, "step", of: name, optimizer: "Adagrad"), of: name,
        optimizer: "Adagrad")
      restored[name] = AdagradState(
        step: step, sumOfSquares: try requiredField(fields, "sum", of: name, optimizer: "Adagrad"))
    }
    states = restored
  }
}

extension AnyOptimizer: OptimizerState {
  /// The wrapped optimizer's state; empty when it keeps none that can be saved.
  public func stateDict() -> [String: Tensor] {
    (base as? any OptimizerState)?.stateDict() ?? [:]
  }

  /// Restores the wrapped optimizer's state.
  /// - Throws: ``CheckpointError/optimizerState(_:)`` when the wrapped optimizer cannot take it.
  public mutating func loadStateDict(_ tensors: [String: Tensor]) throws(CheckpointError) {
    guard var stateful = base as? any OptimizerState & Optimizer else {
      if tensors.isEmpty { return }
      throw .optimizerState("\(type(of: base)) keeps no state that can be restored")
    }
    try stateful.loadStateDict(tensors)
    base = stateful
  }
}
