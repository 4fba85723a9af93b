import Descent
import Foundation

/// Training progress on standard error, for people watching a run.
///
/// On a terminal, one line per epoch redrawn in place (carriage return, then "erase to the
/// end of the line") at most ten times a second: the epoch, a bar over the epoch's batches,
/// the running training loss (the mean of the epoch's batch losses so far, weighted by batch
/// size), samples per second and the time left in the run; at the end of the epoch the line
/// is completed with its final figures and a newline.
///
///     epoch  3/40 [########............]  21/51  loss 0.2345  8120 samples/s  0:12 left
///
/// Anywhere else (a file, a pipe, CI) it writes only the completed lines, one per epoch, with
/// no control characters. When standard output already shows a line per epoch in the same
/// place (the text report of `descent train` on the same terminal or file), the completed
/// lines are left out (``showsCompletedLines`` false) and, on a terminal, the live line is
/// erased at the end of the epoch instead, so no epoch is shown twice.
///
/// Runs without epochs (`lr-find`, `descend`, `regress`) show the same live line over their
/// steps on a terminal and erase it when done (their report says how they ended); elsewhere
/// they write nothing.
///
/// The output, the terminal test and the clock are injected, so tests drive it directly.
final class ProgressDisplay {
  private let write: (String) -> Void
  /// Whether the output is a terminal: live lines redrawn in place.
  let isTerminal: Bool
  /// Whether each epoch's completed line is written.
  let showsCompletedLines: Bool
  private let now: () -> Double
  /// The least time between two redraws of the live line, in seconds; default 0.1.
  var redrawInterval = 0.1
  /// Characters in the bar; default 20.
  var barWidth = 20

  private var label = ""
  private var lastDraw = -Double.infinity
  private var liveLineShown = false
  // The run.
  private var runStart: Double
  private var firstEpoch: Int?
  private var stepsDone = 0
  // The current epoch.
  private var epoch = 0
  private var epochStart = 0.0
  private var batchesDone = 0
  private var samples = 0
  private var lossSum = 0.0

  /// A display writing with `write`, a terminal's or not, timed by `clock` (seconds).
  init(
    write: @escaping (String) -> Void, isTerminal: Bool, showsCompletedLines: Bool = true,
    clock: @escaping () -> Double
  ) {
    self.write = write
    self.isTerminal = isTerminal
    self.showsCompletedLines = showsCompletedLines
    self.now = clock
    runStart = clock()
    epochStart = runStart
  }

  /// The display on standard error, or nil with `--quiet`. `standardOutputShowsEpochs`
  /// says whether standard output prints a line per epoch (the text report): then the
  /// completed lines are left out when standard output and standard error are the same
  /// terminal or file.
  static func standardError(quiet: Bool, standardOutputShowsEpochs: Bool = false)
    -> ProgressDisplay?
  {
    guard !quiet else { return nil }
    let clock = ContinuousClock()
    let start = clock.now
    let repeated = standardOutputShowsEpochs && standardStreamsShareAFile()
    return ProgressDisplay(
      write: { FileHandle.standardError.write(Data($0.utf8)) }, isTerminal: isatty(2) == 1,
      showsCompletedLines: !repeated,
      clock: {
        let (seconds, attoseconds) = (clock.now - start).components
        return Double(seconds) + Double(attoseconds) * 1e-18
      })
  }

  /// Whether file descriptors 1 and 2 are the same file (the same terminal, or `2>&1`).
  static func standardStreamsShareAFile() -> Bool {
    var out = stat()
    var err = stat()
    guard fstat(1, &out) == 0, fstat(2, &err) == 0 else { return false }
    return out.st_dev == err.st_dev && out.st_ino == err.st_ino
  }

  /// Starts a new run (such as the next rate of a sweep): its lines begin with `label`.
  func beginRun(label: String = "") {
    eraseLiveLine()
    self.label = label
    runStart = now()
    epochStart = runStart
    firstEpoch = nil
    stepsDone = 0
    epoch = 0
  }

  /// A training step of an epoch-based run of `epochs` epochs in all.
  func step(_ report: StepReport, of epochs: Int) {
    let time = now()
    if firstEpoch == nil { firstEpoch = report.epoch }
    if report.epoch != epoch {
      epoch = report.epoch
      batchesDone = 0
      samples = 0
      lossSum = 0
    }
    batchesDone = report.batch
    samples += report.batchSize
    lossSum += report.loss * Double(report.batchSize)
    stepsDone += 1
    guard isTerminal else { return }
    let finished = report.batchCount > 0 && report.batch >= report.batchCount
    if !finished, time - lastDraw < redrawInterval { return }
    lastDraw = time
    let line =
      epochLabel(report.epoch, of: epochs) + " " + bar(report.batch, of: report.batchCount)
      + " " + fraction(report.batch, report.batchCount) + "  loss "
      + TextReport.format(samples == 0 ? 0 : lossSum / Double(samples)) + "  "
      + rate(time) + "  " + timeLeft(time, epochs: epochs, batchCount: report.batchCount)
    draw(line)
  }

  /// The end of an epoch: its completed line, with the validation figures when there are.
  func epochEnded(_ report: EpochReport, of epochs: Int) {
    let time = now()
    let batchCount = batchesDone
    var line =
      epochLabel(report.epoch, of: epochs) + "  loss " + TextReport.format(report.trainLoss)
    if let v = report.validation {
      line += "  validation loss \(TextReport.format(v.loss))"
      if let a = v.accuracy { line += "  accuracy \(TextReport.format(a))" }
      if let r = v.regression { line += "  R² \(TextReport.format(r.r2))" }
    }
    line += "  " + rate(time) + "  " + timeLeft(time, epochs: epochs, batchCount: batchCount)
    if showsCompletedLines {
      if isTerminal {
        write("\r" + line + "\u{1B}[K\n")
        liveLineShown = false
      } else {
        write(line + "\n")
      }
    } else {
      eraseLiveLine()
    }
    epoch = 0
    epochStart = time
  }

  /// Step `step` (1-based) of `total` of a run without epochs, with a figure to show, such
  /// as `f 0.0123`: a live line on a terminal only.
  func iteration(_ step: Int, of total: Int, _ figure: String) {
    guard isTerminal else { return }
    let time = now()
    if step < total, time - lastDraw < redrawInterval { return }
    lastDraw = time
    let elapsed = time - runStart
    let perSecond = elapsed > 0 ? Double(step) / elapsed : 0
    let left =
      perSecond > 0 ? Self.duration(Double(Swift.max(0, total - step)) / perSecond) : "-:--"
    draw(
      label + bar(step, of: total) + " " + fraction(step, total) + "  " + figure + "  "
        + String(format: "%.0f", perSecond) + " steps/s  " + left + " left")
  }

  /// A completed line that is not an epoch's, such as a sweep's rate that diverged
  /// (`η = 10: diverged at epoch 1`), which has no completed line of its own: written on a
  /// terminal and anywhere else, after erasing the live line.
  func line(_ text: String) {
    eraseLiveLine()
    write(text + "\n")
  }

  /// Erases the live line, if one is showing (at the end of a run).
  func finish() { eraseLiveLine() }

  private func draw(_ line: String) {
    write("\r" + line + "\u{1B}[K")
    liveLineShown = true
  }

  private func eraseLiveLine() {
    guard isTerminal, liveLineShown else { return }
    write("\r\u{1B}[K")
    liveLineShown = false
  }

  private func epochLabel(_ epoch: Int, of epochs: Int) -> String {
    let width = String(epochs).count
    let number = String(repeating: " ", count: Swift.max(0, width - String(epoch).count))
    return label + "epoch " + number + "\(epoch)/\(epochs)"
  }

  private func fraction(_ done: Int, _ total: Int) -> String {
    let width = String(total).count
    return String(repeating: " ", count: Swift.max(0, width - String(done).count))
      + "\(done)/\(total)"
  }

  /// `[#####...............]`: the share done, in `barWidth` characters.
  func bar(_ done: Int, of total: Int) -> String {
    let filled =
      total > 0 ? Swift.min(barWidth, Swift.max(0, done * barWidth / total)) : 0
    return "[" + String(repeating: "#", count: filled)
      + String(repeating: ".", count: barWidth - filled) + "]"
  }

  private func rate(_ time: Double) -> String {
    let elapsed = time - epochStart
    guard elapsed > 0 else { return "- samples/s" }
    return String(format: "%.0f samples/s", Double(samples) / elapsed)
  }

  /// The time left in the run at the pace so far: remaining steps × seconds per step.
  private func timeLeft(_ time: Double, epochs: Int, batchCount: Int) -> String {
    guard let firstEpoch, stepsDone > 0, batchCount > 0 else { return "-:-- left" }
    let total = (epochs - firstEpoch + 1) * batchCount
    let perStep = (time - runStart) / Double(stepsDone)
    return Self.duration(perStep * Double(Swift.max(0, total - stepsDone))) + " left"
  }

  /// `m:ss`, or `h:mm:ss` from an hour on.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "-:--" }
    let total = Int(seconds.rounded())
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
    let ss = s < 10 ? "0\(s)" : "\(s)"
    if h > 0 { return "\(h):" + (m < 10 ? "0\(m)" : "\(m)") + ":" + ss }
    return "\(m):" + ss
  }
}
