/// An error the CLI reports as one line, `error: <message>`, with exit status 1: thrown from
/// `validate()` or `run()` so that ArgumentParser prints no usage text after it. A few errors
/// add `detailLines` printed after it, such as the expression and a caret under a syntax
/// error's column.
struct CommandError: Error, CustomStringConvertible {
  let message: String
  var detailLines: [String] = []

  init(_ message: String, detailLines: [String] = []) {
    self.message = message
    self.detailLines = detailLines
  }

  init(_ error: any Error) { self.message = "\(error)" }

  var description: String { message }
}
