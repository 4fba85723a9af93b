import Foundation

/// Model files and resumable training checkpoints in the safetensors format.
///
/// A model file holds the model's parameters under PyTorch's names and layout (so
/// `torch.nn.Sequential(...).load_state_dict(safetensors.torch.load_file(path))` loads it)
/// and, in its metadata, `"format": "pt"` and `"descent"`: a ``ModelDescription`` as JSON.
///
/// A checkpoint is a model file whose description has a ``TrainingRecord``, plus a state file
/// beside it (`model.training-<id>.safetensors`) holding the optimizer's state (tensors
/// `optimizer.<parameter>.<field>`), early stopping's best parameters (`best.<parameter>`)
/// and the progress (JSON under `descent_training`). The model file keeps only the model,
/// so PyTorch loads it as it is. Each save writes a new state file, then the model file that
/// names it (each atomically), then removes the state file the previous model file named: a
/// crash at any point leaves a model file and the state file it names.
public enum Checkpoint {
  /// Writes a model file: `model`'s parameters and `description`.
  /// - Throws: ``CheckpointError/file(_:)`` when it cannot be written.
  public static func saveModel(_ model: some Module, description: ModelDescription, to path: String)
    throws(CheckpointError)
  {
    var file = SafeTensors(metadata: ["format": "pt", "descent": try encode(description)])
    do {
      for (name, tensor) in model.stateDict() { try file.add(name, tensor) }
      try file.write(toFile: path)
    } catch {
      throw .file(error)
    }
  }

  /// Writes a resumable checkpoint at `path`: the model file (with `description`, whose
  /// ``ModelDescription/training`` is filled in here) and its state file from `state`.
  /// - Throws: ``CheckpointError/file(_:)`` when a file cannot be written.
  public static func save(
    _ model: some Module, description: ModelDescription, record: TrainingRecord,
    state: TrainingState, to path: String
  ) throws(CheckpointError) {
    let url = URL(fileURLWithPath: path)
    let previous = try? readDescription(at: path).training?.stateFile
    let stem = url.deletingPathExtension().lastPathComponent
    let id = UUID().uuidString.prefix(8).lowercased()
    let stateName = "\(stem).training-\(id).safetensors"
    let statePath = url.deletingLastPathComponent().appendingPathComponent(stateName).path

    var stateFile = SafeTensors(metadata: ["descent_training": try encode(ProgressRecord(state))])
    do {
      for (key, tensor) in state.optimizer.sorted(by: { $0.key < $1.key }) {
        try stateFile.add("optimizer.\(key)", tensor)
      }
      for (name, tensor) in state.best?.parameters ?? [] {
        try stateFile.add("best.\(name)", tensor)
      }
      try stateFile.write(toFile: statePath)
    } catch {
      throw .file(error)
    }
    var described = description
    described.training = record
    described.training?.stateFile = stateName
    described.training?.completedEpochs = state.completedEpochs
    try saveModel(model, description: described, to: path)
    if let previous, previous != stateName, !previous.contains("/") {
      try? FileManager.default.removeItem(
        at: url.deletingLastPathComponent().appendingPathComponent(previous))
    }
  }

  /// The description in the model file at `path`, read from its header alone.
  /// - Throws: ``CheckpointError/notAModelFile(path:reason:)`` for a file that is not a
  ///   safetensors file; ``CheckpointError/file(_:)`` for an unreadable or malformed one;
  ///   ``CheckpointError/description(_:)`` when it has no usable `descent` metadata.
  public static func readDescription(at path: String) throws(CheckpointError) -> ModelDescription {
    let metadata: [String: String]
    do {
      metadata = try SafeTensors.metadata(contentsOfFile: path)
    } catch {
      throw modelFileError(error, path: path)
    }
    return try description(of: metadata, path: path)
  }

  /// The model in the file at `path` (a multi-layer perceptron as its description says, with
  /// the stored parameters) and its description.
  /// - Throws: ``CheckpointError`` naming what is wrong: a file that is not a safetensors file
  ///   (``CheckpointError/notAModelFile(path:reason:)``), the file, the description, or a
  ///   parameter that disagrees with the described architecture.
  public static func loadModel(from path: String) throws(CheckpointError)
    -> (model: Sequential, description: ModelDescription)
  {
    let file: SafeTensors
    do {
      file = try SafeTensors(contentsOfFile: path)
    } catch {
      throw modelFileError(error, path: path)
    }
    let description = try description(of: file.metadata, path: path)
    let sizes = description.layerSizes
    guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }) else {
      throw .description("layer sizes \(sizes) do not describe a network")
    }
    guard sizes.first == description.featureNames.count,
      description.featureMeans.count == sizes[0], description.featureScales.count == sizes[0]
    else {
      throw .description(
        "\(description.featureNames.count) feature names and \(description.featureMeans.count) "
          + "means for an input layer of \(sizes[0])")
    }
    var rng = RandomGenerator(seed: 0)
    var model = Sequential.multilayerPerceptron(
      sizes: sizes, activation: description.activation, using: &rng)
    try model.loadStateDict(file)
    return (model, description)
  }

  /// The training state in the state file that the checkpoint at `path` names.
  /// - Throws: ``CheckpointError/description(_:)`` when the model file is not a checkpoint;
  ///   ``CheckpointError/missingTrainingState(path:)`` when the state file is missing;
  ///   ``CheckpointError/file(_:)`` when it is malformed.
  public static func loadState(forCheckpointAt path: String) throws(CheckpointError)
    -> TrainingState
  {
    guard let record = try readDescription(at: path).training else {
      throw .description(
        "\(path) holds a model but no training state, so it cannot be resumed (it was saved "
          + "without its run)")
    }
    let statePath = URL(fileURLWithPath: path).deletingLastPathComponent()
      .appendingPathComponent(record.stateFile).path
    guard FileManager.default.fileExists(atPath: statePath) else {
      throw .missingTrainingState(path: statePath)
    }
    let file: SafeTensors
    do {
      file = try SafeTensors(contentsOfFile: statePath)
    } catch {
      throw .file(error)
    }
    guard let json = file.metadata["descent_training"],
      let progress = try? decoder.decode(ProgressRecord.self, from: Data(json.utf8))
    else {
      throw .description("\(statePath) has no readable \"descent_training\" metadata")
    }
    guard progress.version == ModelDescription.currentVersion else {
      throw .description("\(statePath) is of version \(progress.version); this build reads 1")
    }
    var optimizer: [String: Tensor] = [:]
    var best: [(name: String, tensor: Tensor)] = []
    do {
      for name in file.names {
        if name.hasPrefix("optimizer.") {
          optimizer[String(name.dropFirst("optimizer.".count))] = try file.tensor(name)
        } else if name.hasPrefix("best.") {
          best.append((String(name.dropFirst("best.".count)), try file.tensor(name)))
        }
      }
    } catch {
      throw .file(.inFile(path: statePath, error))
    }
    var state = TrainingState(
      optimizer: optimizer, completedEpochs: progress.completedEpochs, step: progress.step,
      initialLoss: progress.initialLoss, best: nil, plateau: progress.plateau?.value)
    if let epoch = progress.bestEpoch, let value = progress.bestValue {
      state.best = BestEpoch(epoch: epoch, value: value, parameters: best)
    }
    return state
  }

  /// The error for a model file the safetensors reader refused: ``CheckpointError/notAModelFile(path:reason:)``
  /// when the bytes are not a safetensors file at all, else ``CheckpointError/file(_:)``.
  private static func modelFileError(_ error: SafeTensorsError, path: String) -> CheckpointError {
    error.meansNotSafeTensors ? .notAModelFile(path: path, reason: error) : .file(error)
  }

  private static func description(of metadata: [String: String], path: String)
    throws(CheckpointError) -> ModelDescription
  {
    guard let json = metadata["descent"] else {
      if metadata["descent_training"] != nil { throw .trainingStateNotModel(path: path) }
      throw .description(
        "\(path) has no \"descent\" metadata: it was not written by Descent (load its "
          + "tensors with SafeTensors and Module.loadStateDict instead)")
    }
    struct Version: Decodable { var version: Int }
    guard let version = try? decoder.decode(Version.self, from: Data(json.utf8)) else {
      throw .description("the \"descent\" metadata of \(path) is not JSON with a version")
    }
    guard version.version == ModelDescription.currentVersion else {
      throw .description(
        "\(path) is of format version \(version.version); this build reads version "
          + "\(ModelDescription.currentVersion)")
    }
    do {
      return try decoder.decode(ModelDescription.self, from: Data(json.utf8))
    } catch {
      throw .description("the \"descent\" metadata of \(path) is malformed (\(error))")
    }
  }

  private static func encode(_ value: some Encodable) throws(CheckpointError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
      throw .description("cannot encode the description: \(error)")
    }
  }

  private static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }
}

/// The progress JSON of a state file (`descent_training`).
private struct ProgressRecord: Codable {
  var version = ModelDescription.currentVersion
  var completedEpochs: Int
  var step: Int
  var initialLoss: Double?
  var bestEpoch: Int?
  var bestValue: Double?
  var plateau: PlateauRecord?

  init(_ state: TrainingState) {
    completedEpochs = state.completedEpochs
    step = state.step
    initialLoss = state.initialLoss
    bestEpoch = state.best?.epoch
    bestValue = state.best?.value
    plateau = state.plateau.map(PlateauRecord.init)
  }

  enum CodingKeys: String, CodingKey {
    case version
    case completedEpochs = "completed_epochs"
    case step
    case initialLoss = "initial_loss"
    case bestEpoch = "best_epoch"
    case bestValue = "best_value"
    case plateau
  }
}

/// Reduce-on-plateau's settings and counters.
private struct PlateauRecord: Codable {
  var learningRate: Double
  var factor: Double
  var patience: Int
  var threshold: Double
  var cooldown: Int
  var minLearningRate: Double
  var best: Double
  var badEpochs: Int
  var cooldownRemaining: Int

  init(_ p: ReduceLROnPlateau) {
    learningRate = p.learningRate
    factor = p.factor
    patience = p.patience
    threshold = p.threshold
    cooldown = p.cooldown
    minLearningRate = p.minLearningRate
    best = p.best
    badEpochs = p.badEpochs
    cooldownRemaining = p.cooldownRemaining
  }

  var value: ReduceLROnPlateau {
    var p = ReduceLROnPlateau(
      learningRate: learningRate, factor: factor, patience: patience, threshold: threshold,
      cooldown: cooldown, minLearningRate: minLearningRate)
    p.best = best
    p.badEpochs = badEpochs
    p.cooldownRemaining = cooldownRemaining
    return p
  }

  enum CodingKeys: String, CodingKey {
    case learningRate = "learning_rate"
    case factor, patience, threshold, cooldown
    case minLearningRate = "min_learning_rate"
    case best
    case badEpochs = "bad_epochs"
    case cooldownRemaining = "cooldown_remaining"
  }
}
