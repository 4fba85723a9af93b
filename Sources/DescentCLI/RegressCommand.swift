import ArgumentParser
import Descent
import Foundation

/// `descent regress --data diabetes`: linear regression by a closed form or gradient descent.
struct RegressCommand: ParsableCommand {
  /// The solvers `--method` offers.
  enum Method: String, ExpressibleByArgument, CaseIterable {
    case closedForm = "closed-form"
    case normalEquations = "normal-equations"
    case gradientDescent = "gradient-descent"
    case both
  }

  static let configuration = CommandConfiguration(
    commandName: "regress",
    abstract: "Fit a linear regression ŷ = w·x + b by least squares or gradient descent.",
    discussion: """
      closed-form is least squares by Householder QR (minimum norm for collinear features); \
      normal-equations solves XᵀX w = Xᵀy by Cholesky (faster, fails on ill-conditioned \
      data); gradient-descent minimizes the MSE from w = 0; both compares closed-form with \
      gradient descent. --ridge adds λ‖w‖² (scikit-learn's Ridge). Try \
      descent regress --data diabetes --method both --standardize

      --plot PATH.svg draws the MSE against the iteration when gradient descent runs \
      (gradient-descent or both; log10 MSE when it spans more than 3 orders of magnitude), \
      and the data with the fitted line(s) when there is exactly one feature. When both \
      apply, the loss goes to PATH.svg and the data to PATH-data.svg.
      """
  )

  @Option(help: "A bundled dataset name or a CSV file (default diabetes).")
  var data = "diabetes"

  @Option(help: "The target column, or several separated by commas (default: the last column).")
  var target: String?

  @Option(
    help:
      "The solver: the closed form (QR), the normal equations, gradient descent, or both the closed form and gradient descent side by side."
  )
  var method = Method.closedForm

  @Option(help: "Gradient descent's step size (default 1/L, which always converges).")
  var learningRate: Double?

  @Option(help: "Gradient descent's largest number of iterations.")
  var maxIterations = 100_000

  @Option(help: "Stop gradient descent when the gradient norm falls below this (default 1e-9).")
  var tolerance = 1e-9

  @Option(help: "The ridge penalty λ on ‖w‖² (default 0).")
  var ridge = 0.0

  @Flag(help: "Run gradient descent on standardized features (results in original units).")
  var standardize = false

  @Flag(help: "Print one JSON object instead of text.")
  var json = false

  @Flag(help: "Show no progress line on standard error; print only the report.")
  var quiet = false

  @Option(
    help: ArgumentHelp(
      "Write an SVG of the loss (gradient descent) and/or the data and fit (one feature).",
      valueName: "path.svg"))
  var plot: String?

  func validate() throws {
    if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
      throw CommandError("--learning-rate must be a positive number, got \(learningRate)")
    }
    guard maxIterations >= 0 else {
      throw CommandError("--max-iterations must be 0 or more, got \(maxIterations)")
    }
    guard tolerance >= 0, tolerance.isFinite else {
      throw CommandError("--tolerance must be 0 or more, got \(tolerance)")
    }
    guard ridge >= 0, ridge.isFinite else {
      throw CommandError("--ridge must be 0 or more, got \(ridge)")
    }
    if let plot { try ExpressionInput.checkExtension(plot, option: "--plot", ["svg"]) }
  }

  /// The note for a target of class names (`descent regress --data iris`), which is regressed
  /// as the classes' indices: `the target species holds class names (setosa, versicolor,
  /// virginica), read as their indices 0…2; 'descent train' classifies`. Nil for a numeric
  /// target.
  static func classTargetNote(_ dataset: Dataset) -> String? {
    guard let names = dataset.classNames, !names.isEmpty else { return nil }
    let shown = names.count <= 6 ? names : Array(names.prefix(5)) + ["…"]
    return "the target \(dataset.targetName) holds class names ("
      + shown.joined(separator: ", ")
      + "), read as their indices 0…\(names.count - 1); 'descent train' classifies"
  }

  func run() throws {
    let dataset: Dataset
    let fits: [LinearRegressionFit]
    let descent = LinearRegression.Solver.gradientDescent(
      GradientDescentOptions(
        learningRate: learningRate, tolerance: tolerance, maxIterations: maxIterations,
        standardize: standardize))
    let solvers: [LinearRegression.Solver]
    switch method {
    case .closedForm: solvers = [.qr]
    case .normalEquations: solvers = [.normalEquations]
    case .gradientDescent: solvers = [descent]
    case .both: solvers = [.qr, descent]
    }
    let targets = columnList(target)
    let columns: RegressionData
    let display = ProgressDisplay.standardError(quiet: quiet)
    display?.beginRun(label: "gradient descent ")
    do {
      defer { display?.finish() }
      dataset = try BundledDataset.resolve(data, target: targets.first)
      columns = try RegressionData(dataset, extraTargets: Array(targets.dropFirst()))
      fits = try solvers.map {
        try LinearRegression(ridge: ridge, solver: $0).fit(
          columns,
          onIteration: { iteration, loss in
            display?.iteration(iteration, of: maxIterations, "loss \(format(loss))")
          })
      }
    } catch {
      throw CommandError(error)
    }
    if let note = Self.classTargetNote(dataset) {
      FileHandle.standardError.write(Data("Note: \(note)\n".utf8))
    }
    let metricsByFit = fits.map { $0.metrics(columns) }
    // A diverged gradient descent still reports what it reached, then fails (exit status 1).
    let diverged = fits.contains { $0.gradientDescent?.diverged == true }
    let written = try writePlots(dataset: dataset, fits: fits, targetCount: columns.targetCount)
    defer {
      // After the report, on standard error with --json so that standard output stays JSON.
      for path in written {
        let line = "Wrote the plot to \(path).\n"
        if json {
          FileHandle.standardError.write(Data(line.utf8))
        } else {
          print(line, terminator: "")
        }
      }
    }
    if json {
      if fits.count == 2 {
        let value = JSONValue.object([
          ("closed_form", fits[0].jsonValue(metrics: metricsByFit[0])),
          ("gradient_descent", fits[1].jsonValue(metrics: metricsByFit[1])),
          ("max_difference", .number(fits[0].maximumDifference(from: fits[1]))),
        ])
        print(value.text)
      } else {
        print(fits[0].jsonValue(metrics: metricsByFit[0]).text)
      }
      if diverged { throw ExitCode(1) }
      return
    }
    let width = max(12, (columns.featureNames.map(\.count).max() ?? 0) + 2)
    func pad(_ s: String, _ w: Int) -> String {
      s + String(repeating: " ", count: max(0, w - s.count))
    }
    func cell(_ s: String) -> String { String(repeating: " ", count: max(0, 18 - s.count)) + s }
    for (k, targetName) in columns.targetNames.enumerated() {
      if k > 0 { print("") }
      print(
        "Linear regression of \(targetName) on \(counted(columns.featureNames.count, "feature")) of "
          + "\(dataset.name) (\(dataset.rowCount) rows)"
          + (ridge > 0 ? ", ridge λ = \(format(ridge))" : "") + ":")
      let metrics = metricsByFit.map { $0[k] }
      print(pad("", width) + fits.map { cell(title(of: $0.solver)) }.joined())
      print(pad("intercept", width) + fits.map { cell(format($0.intercepts[k])) }.joined())
      for (j, name) in columns.featureNames.enumerated() {
        print(pad(name, width) + fits.map { cell(format($0.coefficients[k][j])) }.joined())
      }
      print(pad("MSE", width) + metrics.map { cell(format($0.meanSquaredError)) }.joined())
      print(pad("RMSE", width) + metrics.map { cell(format($0.rootMeanSquaredError)) }.joined())
      print(pad("MAE", width) + metrics.map { cell(format($0.meanAbsoluteError)) }.joined())
      print(pad("R²", width) + metrics.map { cell(format($0.r2)) }.joined())
    }
    for fit in fits {
      if let report = fit.gradientDescent {
        print(
          "Gradient descent: \(counted(report.iterations, "iteration")), learning rate "
            + "\(format(report.learningRate)), final gradient norm \(format(report.gradientNorm))"
            + (report.converged ? " (converged)." : " (did not converge)."))
      }
      for note in fit.notes { print("Note: \(note)") }
    }
    if fits.count == 2 {
      print(
        "Largest difference between the two: \(format(fits[0].maximumDifference(from: fits[1]))).")
    }
    if diverged { throw ExitCode(1) }
  }

  /// Writes the `--plot` files, if asked: the loss chart of the gradient-descent fit to the
  /// path, and the data chart (one feature) to the path, or to `NAME-data.svg` beside it when
  /// there is a loss chart too. Returns the paths written.
  private func writePlots(
    dataset: Dataset, fits: [LinearRegressionFit], targetCount: Int
  ) throws -> [String] {
    guard let plot else { return [] }
    let report = fits.compactMap(\.gradientDescent).first
    let drawsData = dataset.featureCount == 1 && targetCount == 1
    guard report != nil || drawsData else {
      throw CommandError(
        "--plot draws the loss of gradient descent or data with one feature; \(dataset.name) "
          + "has \(dataset.featureCount) features, so use --method gradient-descent or both")
    }
    var charts: [(path: String, chart: Chart)] = []
    if let report { charts.append((plot, report.lossChart())) }
    if drawsData {
      let path = report == nil ? plot : String(plot.dropLast(4)) + "-data.svg"
      charts.append((path, LinearRegressionFit.dataChart(dataset, fits: fits)))
    }
    do {
      for (path, chart) in charts { try chart.document().write(toFile: path) }
    } catch {
      throw CommandError(error)
    }
    return charts.map(\.path)
  }

  private func title(of solver: String) -> String {
    switch solver {
    case "qr": return "closed form (QR)"
    case "normal-equations": return "normal equations"
    default: return "gradient descent"
    }
  }

  private func format(_ value: Double) -> String { readableNumber(value) }

  /// A figure that may be undefined (R² of constant targets): `n/a` when it is.
  private func format(_ value: Double?) -> String { value.map(readableNumber) ?? "n/a" }
}
