import ArgumentParser
import Descent

/// How to read a CSV file: the options `descent train` and `descent datasets --show` share.
struct CSVArguments: ParsableArguments {
  @Option(help: "The target column's name (default: the last column).")
  var target: String?

  @Option(help: "Columns to one-hot encode, comma-separated (non-numeric ones are detected).")
  var categorical: String?

  @Option(help: "Columns to leave out, comma-separated (an id column, say).")
  var ignore: String?

  @Option(
    help:
      "Missing cells (empty, NA, N/A, ?): refuse them, drop their rows, or fill them with the training split's column mean or median."
  )
  var missing: MissingValuePolicy = .error

  /// The library's options for these arguments.
  var options: CSVOptions {
    CSVOptions(
      target: target, categorical: columnList(categorical), ignore: columnList(ignore),
      missing: missing)
  }
}
