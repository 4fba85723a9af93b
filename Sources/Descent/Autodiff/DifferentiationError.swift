/// A problem with the arguments of a derivative that a user's input can cause, such as a
/// direction typed on the command line.
public enum DifferentiationError: Error, Sendable, CustomStringConvertible {
  /// The direction has no length, so it gives no unit vector.
  case zeroDirection(shape: [Int])
  /// The direction has an infinite or NaN element, at the given flat (row-major) index.
  case nonFiniteDirection(index: Int, value: Double)
  /// The direction's shape differs from the point's.
  case shapeMismatch(point: [Int], direction: [Int])
  /// The function does not return a single element, so it has no directional derivative as a
  /// number.
  case nonScalarOutput(shape: [Int])

  /// One sentence naming what was given and what was expected.
  public var description: String {
    switch self {
    case .zeroDirection(let shape):
      "the direction (shape \(shape)) is zero, so it has no unit vector; give a direction "
        + "with at least one nonzero element"
    case .nonFiniteDirection(let index, let value):
      "the direction's element \(index) is \(value); every element must be finite"
    case .shapeMismatch(let point, let direction):
      "the point has shape \(point) but the direction has shape \(direction); they must be "
        + "equal"
    case .nonScalarOutput(let shape):
      "the function returned a tensor of shape \(shape), not a scalar; a directional "
        + "derivative needs a scalar (one-element) output"
    }
  }
}
