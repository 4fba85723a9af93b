import ArgumentParser
import Foundation

/// The `descent` command-line tool.
@main
struct DescentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "descent",
    abstract: "Train neural networks from first principles, in Swift, on the CPU.",
    version: "0.1.0",
    subcommands: [
      TrainCommand.self, DatasetsCommand.self, GradCommand.self, DescendCommand.self,
      RegressCommand.self, LRFindCommand.self, LRSweepCommand.self, PredictCommand.self,
      BenchCommand.self, MemoryCheckCommand.self, PlotCommand.self, RegressBenchmarkCommand.self,
    ],
    defaultSubcommand: TrainCommand.self
  )

  /// Runs the command, reporting any error as one line on standard error (`Error: …`, then a
  /// pointer to `--help` for a usage mistake) with a non-zero exit status, never a trace. A
  /// ``CommandError`` may add detail lines (an expression with a caret under an error), and so
  /// may ``UsageHints`` (an expression read as an option, `--at` given to descend). A value a
  /// numeric option cannot take says what the option takes, and a misspelt value of an option
  /// of named values the nearest value (``UsageHints``). A first argument that is no command is
  /// refused before parsing, with the nearest command suggested (``UsageHints``).
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let message = UsageHints.unknownCommandMessage(arguments) {
      // Without this, the parser takes a misspelt command for `train` and a stray argument.
      FileHandle.standardError.write(Data("Error: \(message) (see 'descent --help')\n".utf8))
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let code as ExitCode {
      // A command that has already said why it failed (a diverged descent) exits quietly.
      Foundation.exit(code.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        // --help and --version arrive as errors that print their text and succeed.
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      var lines = message(for: error).split(separator: "\n").map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      if lines.isEmpty { lines = ["\(error)"] }
      // A value a numeric option's type refuses says what the option takes; a misspelt
      // named value (--optimizer adamm), the nearest value and the list of them.
      var text =
        "Error: "
        + (UsageHints.invalidValueMessage(arguments, parserMessage: lines[0])
          ?? UsageHints.unknownNamedValueMessage(parserMessage: message(for: error))
          ?? lines[0])
      if !(error is CommandError) {
        // Point to the help that lists the options of the subcommand in use.
        let names = configuration.subcommands.map { $0.configuration.commandName ?? "" }
        let subcommand = arguments.first.flatMap { names.contains($0) ? $0 : nil }
        text += " (see 'descent \(subcommand ?? "train") --help')"
      }
      // A syntax error in an expression adds the text and a caret under the column; an
      // expression read as an option, the ways to write it that parse; --at for descend (or
      // --from for grad), the option the command takes.
      let details =
        (error as? CommandError)?.detailLines
        ?? UsageHints.expressionHint(arguments, parserMessage: lines[0])
        ?? UsageHints.pointOptionHint(arguments, parserMessage: lines[0]) ?? []
      for line in details { text += "\n  " + line }
      FileHandle.standardError.write(Data((text + "\n").utf8))
      Foundation.exit(error is CommandError ? 1 : code.rawValue)
    }
  }
}
