/// Why a checkpoint or state dictionary could not be loaded into a model, an optimizer or a
/// run. Each message names the tensors, shapes or settings that disagree.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
  /// The file itself is malformed or unreadable.
  case file(SafeTensorsError)
  /// The file at `path` is not a safetensors file at all (a CSV file given as the model, say):
  /// its first 8 bytes give a header length beyond the file or the limit, or the header is
  /// not JSON. `reason` is what the safetensors reader found.
  case notAModelFile(path: String, reason: SafeTensorsError)
  /// The state file that a checkpoint's model file names, at `path`, does not exist: the
  /// model can still be used, but the run cannot be resumed.
  case missingTrainingState(path: String)
  /// The file at `path`, given as a model, is the training-state file that `--resume` reads
  /// beside a model file, not a model.
  case trainingStateNotModel(path: String)
  /// Parameters the model has and the state dictionary lacks.
  case missingParameters([String])
  /// Tensors in the state dictionary that the model does not have.
  case unexpectedParameters([String])
  /// A tensor whose shape is not the parameter's.
  case shapeMismatch(name: String, expected: [Int], found: [Int])
  /// The optimizer state is for another optimizer or is incomplete.
  case optimizerState(String)
  /// The `descent` metadata is missing, of an unknown version, or not the JSON expected.
  case description(String)
  /// The checkpoint disagrees with what the command asks for (another dataset or
  /// architecture).
  case incompatible(String)

  /// One sentence naming what disagrees.
  public var description: String {
    switch self {
    case .file(let error): error.description
    case .notAModelFile(let path, _):
      "\(path) is not a Descent/safetensors model file (write one with `descent train --save FILE`)"
    case .missingTrainingState(let path):
      "\(path): no such file — the training state (optimizer state and progress) that --resume "
        + "needs is kept beside the model; `descent predict` can still use the model"
    case .trainingStateNotModel(let path):
      "\(path) is the training state that --resume reads beside a model file (optimizer state "
        + "and progress), not a model; give the model file saved with it"
    case .missingParameters(let names):
      "the state dictionary lacks parameter\(names.count == 1 ? "" : "s") "
        + names.map { "\"\($0)\"" }.joined(separator: ", ")
    case .unexpectedParameters(let names):
      "the state dictionary has tensor\(names.count == 1 ? "" : "s") the model lacks: "
        + names.map { "\"\($0)\"" }.joined(separator: ", ")
    case .shapeMismatch(let name, let expected, let found):
      "parameter \"\(name)\" has shape \(expected) in the model but \(found) in the state "
        + "dictionary"
    case .optimizerState(let message): "the optimizer state does not fit: \(message)"
    case .description(let message): "the checkpoint's description is unusable: \(message)"
    case .incompatible(let message): message
    }
  }
}
