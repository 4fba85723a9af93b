/// An error the CLI reports as one line, `error: <message>`, with exit status 1: thrown from
/// `validate()` or `run()` so that ArgumentParser prints no usage text after it.
struct CommandError: Error, CustomStringConvertible {
  let message: String

  init(_ message: String) { self.message = message }

  init(_ error: any Error) { self.message = "\(error)" }

  var description: String { message }
}
