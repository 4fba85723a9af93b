import ArgumentParser

/// The `descent` command-line tool.
@main
struct DescentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "descent",
    abstract: "Train neural networks from first principles, in Swift, on the CPU.",
    subcommands: [TrainCommand.self, DatasetsCommand.self],
    defaultSubcommand: TrainCommand.self
  )
}
