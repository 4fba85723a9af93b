import Descent
import Foundation
import Testing

@testable import DescentCLI

/// The command-line parser and every command's `validate()`, in process: random argument
/// vectors (each command's options with bad values, random text and stray flags) must parse
/// or throw, never trap. The run itself is covered by ``CLIOptionFuzz`` through the binary.
@Suite("Fuzz: argument parsing and validation of every command, in process")
struct CLIParseFuzzTests {
  /// Rounds: 300 (a debug build parses a training command in about 40 ms), or
  /// `DESCENT_FUZZ_ROUNDS`.
  static let rounds =
    ProcessInfo.processInfo.environment["DESCENT_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 300

  static let subcommands = [
    "train", "grad", "descend", "regress", "predict", "lr-find", "lr-sweep", "datasets", "plot",
    "bench", "memory-check",
  ]

  static let options =
    CLIOptionFuzz.training + [
      "--save", "--checkpoint-every", "--resume", "--threads", "--log-dir", "--report",
      "--at", "--along", "--graph", "--from", "--learning-rate", "--steps", "--tolerance",
      "--plot", "--method", "--max-iterations", "--ridge", "--model", "--output", "--start",
      "--end", "--rates", "--show", "--rows", "--chart", "--output-dir",
    ]

  static let flags = [
    "--json", "--quiet", "--hessian", "--no-bias-decay", "--log-steps", "--standardize", "-h",
    "--version", "--",
  ]

  @Test("random argument vectors parse or throw, never trap")
  func parse() {
    var rng = RandomGenerator(seed: 2026)
    func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    func randomText() -> String {
      let alphabet = Array("0123456789.,-+eE:=xyz_/ \t\"'∞é\u{0}")
      return String((0..<Int(rng.next() % 12)).map { _ in pick(alphabet) })
    }
    var parsed = 0
    for _ in 0..<Self.rounds {
      var arguments = [pick(Self.subcommands)]
      for _ in 0..<Int(rng.next() % 5) {
        switch rng.next() % 4 {
        case 0: arguments.append(pick(Self.flags))
        case 1: arguments += [pick(Self.options), randomText()]
        default: arguments += [pick(Self.options), pick(CLIOptionFuzz.values)]
        }
      }
      if rng.next() % 3 == 0 { arguments.append(randomText()) }
      if (try? DescentCommand.parseAsRoot(arguments)) != nil { parsed += 1 }
    }
    // Some vectors are valid commands, most are refused.
    #expect(parsed > 0 && parsed < Self.rounds)
  }
}
