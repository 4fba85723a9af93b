import ArgumentParser
import Descent
import Foundation

/// `descent regress-benchmark X.bin Y.bin N D` (hidden, for scripts; a top-level command so
/// that `descent regress --help` shows no subcommand): times the normal-equations fit of the
/// BENCHMARKS.md `linreg` workload on data written by `scripts/bench-linreg.sh` (float64,
/// row-major X then y), after one untimed warm-up, and prints the median of 5 runs as JSON.
struct RegressBenchmarkCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "regress-benchmark", abstract: "Time the linreg workload (for scripts).",
    shouldDisplay: false)

  @Argument(help: "Features, n × d float64, row-major.")
  var features: String
  @Argument(help: "Targets, n float64.")
  var targets: String
  @Argument(help: "Rows.")
  var rows: Int
  @Argument(help: "Features per row.")
  var columns: Int
  @Option(help: "qr or normal-equations.")
  var solver = "normal-equations"

  func run() throws {
    func read(_ path: String, _ count: Int) throws -> [Double] {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      guard data.count == count * 8 else {
        throw CommandError("\(path) holds \(data.count) bytes, expected \(count * 8)")
      }
      return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    }
    let x = try read(features, rows * columns)
    let y = try read(targets, rows)
    let model = LinearRegression(solver: solver == "qr" ? .qr : .normalEquations)
    var times: [Double] = []
    var fit: LinearRegressionFit?
    for _ in 0..<6 {
      let start = DispatchTime.now().uptimeNanoseconds
      fit = try model.fit(features: x, rowCount: rows, featureCount: columns, targets: y)
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let timed = times.dropFirst().sorted()
    let coefficients = fit?.coefficient ?? []
    let value = JSONValue.object([
      ("workload", .string("linreg")), ("system", .string("descent")), ("n", .int(rows)),
      ("d", .int(columns)), ("seconds", .number(timed[timed.count / 2])),
      ("coefficients", .array(coefficients.map { .number($0) })),
      ("solver", .string(solver)),
    ])
    print(value.text)
  }
}
