/// Why a training run stopped before its last epoch, or could not start.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// The loss became NaN or infinite: gradient descent diverged.
  case diverged(epoch: Int, batch: Int, loss: Double, learningRate: Double)
  /// The epoch's training loss rose above ten times (`divergenceFactor` of
  /// ``Trainer/fit(_:epochs:validation:scheduler:clipGradientNorm:onStep:onEpoch:afterEpoch:isInterrupted:stopWhen:earlyStopping:targetLoss:divergenceFactor:)``)
  /// the loss at initialization: gradient descent is diverging although every value is still
  /// finite.
  case lossExploded(epoch: Int, loss: Double, initialLoss: Double, learningRate: Double)
  /// A parameter's gradient became NaN or infinite (while the loss was finite): the step was
  /// not taken.
  case gradientNotFinite(epoch: Int, batch: Int, parameter: String, learningRate: Double)
  /// A setting that does not fit the data or the run (an accuracy to watch in a regression,
  /// a schedule too long for the run); the message says which.
  case unsupportedSetting(String)
  /// Training was interrupted (Ctrl-C) during `epoch`; `savedEpoch` is the last completed
  /// epoch, whose checkpoint is at `path` when the run saves checkpoints.
  case interrupted(epoch: Int, savedEpoch: Int?, path: String?)
  /// A checkpoint could not be written or read, or does not fit the run.
  case checkpoint(CheckpointError)
  /// A split would be empty.
  case tooFewRows(rows: Int, testFraction: Double)
  /// Classification needs at least two classes.
  case singleClass(value: Double)
  /// The stratified split left no test rows: every class has a single row.
  case noTestRowsForClasses(classCount: Int, rows: Int)
  /// The network would be too large to allocate.
  case modelTooLarge(layerSizes: [Int], limit: Int)
  /// The target's spread is too large for squared errors in its units to be finite.
  case targetOutOfRange(standardDeviation: Double)

  /// A sentence saying what went wrong and what to try (for divergence, a smaller learning
  /// rate, and `descent lr-find` to find one); computed numbers (losses, rates) to 6
  /// significant digits (``readableNumber(_:)``).
  public var description: String {
    let n = readableNumber
    switch self {
    case .diverged(let epoch, let batch, let loss, let learningRate):
      let what = loss.isNaN ? "NaN" : "infinite"
      return "training diverged: the loss became \(what) at epoch \(epoch), batch \(batch). "
        + "Try a smaller learning rate than \(n(learningRate)), e.g. \(n(learningRate / 10)), "
        + "or find one with `descent lr-find`."
    case .lossExploded(let epoch, let loss, let initialLoss, let learningRate):
      return "training diverged: the training loss rose to \(n(loss)) at epoch \(epoch), more "
        + "than ten times its initial value \(n(initialLoss)). Try a smaller learning rate than "
        + "\(n(learningRate)), e.g. \(n(learningRate / 10)), or find one with `descent lr-find`."
    case .gradientNotFinite(let epoch, let batch, let parameter, let learningRate):
      return "training diverged: the gradient of \(parameter) became NaN or infinite at epoch "
        + "\(epoch), batch \(batch); the parameters keep their last finite values. Try a smaller "
        + "learning rate than \(n(learningRate)), e.g. \(n(learningRate / 10)) (find one with "
        + "`descent lr-find`), or --clip-norm 1."
    case .unsupportedSetting(let message):
      return message
    case .checkpoint(let error):
      return error.description
    case .interrupted(let epoch, let savedEpoch, let path):
      guard let path else {
        return "interrupted during epoch \(epoch); nothing was saved (train with --save PATH "
          + "to keep the last completed epoch)"
      }
      guard let savedEpoch else {
        return "interrupted during epoch \(epoch), before any epoch completed; nothing was saved"
      }
      return "interrupted during epoch \(epoch); the checkpoint of epoch \(savedEpoch) is at "
        + "\(path) (continue with --resume \(path))"
    case .tooFewRows(let rows, let testFraction):
      return "\(rows) rows are too few to split with test fraction \(testFraction): both the "
        + "training and the test split need at least one row"
    case .noTestRowsForClasses(let classCount, let rows):
      return "the target has \(classCount) distinct values over \(rows) rows, so no class has a "
        + "row to spare for the test split; if the target is a quantity, use --task regression"
    case .modelTooLarge(let layerSizes, let limit):
      return "a network of layer sizes \(layerSizes.map(String.init).joined(separator: "-")) "
        + "would have more than \(limit) parameters; use smaller hidden layers"
    case .targetOutOfRange(let standardDeviation):
      return "the target's standard deviation, \(n(standardDeviation)), is too large for squared "
        + "errors in its units to be finite; rescale the target column (divide it by a power of 10)"
    case .singleClass(let value):
      return "every target has the same value (\(value)); classification needs at least two "
        + "classes (use --task regression, or another target)"
    }
  }
}
