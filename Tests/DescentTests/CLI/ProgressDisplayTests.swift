import Foundation
import Testing

@testable import Descent
@testable import DescentCLI

/// The progress display, driven with a fake output, terminal flag and clock.
@Suite("Progress display")
struct ProgressDisplayTests {
  /// What a display wrote, and the time it reads.
  final class Capture: @unchecked Sendable {
    var text = ""
    var time = 0.0
  }

  /// Two epochs of four batches of 10 samples, one second per batch.
  func drive(_ display: ProgressDisplay, _ capture: Capture) {
    for epoch in 1...2 {
      for batch in 1...4 {
        capture.time += 1
        display.step(
          StepReport(
            epoch: epoch, batch: batch, step: (epoch - 1) * 4 + batch, loss: Double(batch),
            batchSize: 10, learningRate: 0.1, batchCount: 4), of: 2)
      }
      display.epochEnded(
        EpochReport(
          epoch: epoch, trainLoss: 2.5, validation: nil, learningRate: 0.1,
          elapsedSeconds: capture.time), of: 2)
    }
    display.finish()
  }

  @Test("not on a terminal: one plain line per epoch, no control characters")
  func plain() {
    let capture = Capture()
    let display = ProgressDisplay(
      write: { capture.text += $0 }, isTerminal: false, clock: { capture.time })
    drive(display, capture)
    #expect(!capture.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    let lines = capture.text.split(separator: "\n")
    #expect(lines.count == 2)
    // 40 samples in 4 s per epoch; after the first, 4 steps left at 1 s each.
    #expect(lines[0] == "epoch 1/2  loss 2.5000  10 samples/s  0:04 left")
    #expect(lines[1] == "epoch 2/2  loss 2.5000  10 samples/s  0:00 left")
  }

  @Test("on a terminal: a live line with a bar, redrawn in place, completed per epoch")
  func terminal() {
    let capture = Capture()
    let display = ProgressDisplay(
      write: { capture.text += $0 }, isTerminal: true, clock: { capture.time })
    drive(display, capture)
    #expect(capture.text.contains("\repoch 1/2 [##########..........] 2/4  loss 1.5000"))
    #expect(capture.text.contains("[####################] 4/4"))
    #expect(capture.text.contains("\u{1B}[K"))
    #expect(capture.text.components(separatedBy: "\n").count == 3)
    #expect(capture.text.hasSuffix("0:00 left\u{1B}[K\n"))
  }

  @Test("when standard output shows the epochs in the same place, the live line is erased")
  func repeatedElsewhere() {
    let capture = Capture()
    let display = ProgressDisplay(
      write: { capture.text += $0 }, isTerminal: true, showsCompletedLines: false,
      clock: { capture.time })
    drive(display, capture)
    #expect(!capture.text.contains("\n"))
    #expect(capture.text.hasSuffix("\r\u{1B}[K"))
    let quiet = Capture()
    let file = ProgressDisplay(
      write: { quiet.text += $0 }, isTerminal: false, showsCompletedLines: false,
      clock: { quiet.time })
    drive(file, quiet)
    #expect(quiet.text.isEmpty)
  }

  @Test("runs without epochs show a live line on a terminal only, erased at the end")
  func iterations() {
    let capture = Capture()
    let display = ProgressDisplay(
      write: { capture.text += $0 }, isTerminal: true, clock: { capture.time })
    for step in 1...10 {
      capture.time += 0.5
      display.iteration(step, of: 10, "f 1.0")
    }
    display.finish()
    #expect(capture.text.contains("10/10  f 1.0"))
    #expect(capture.text.hasSuffix("\r\u{1B}[K"))
    let plain = Capture()
    let file = ProgressDisplay(
      write: { plain.text += $0 }, isTerminal: false, clock: { plain.time })
    for step in 1...10 { file.iteration(step, of: 10, "f 1.0") }
    file.finish()
    #expect(plain.text.isEmpty)
  }

  @Test("durations read as m:ss and h:mm:ss")
  func durations() {
    #expect(ProgressDisplay.duration(0) == "0:00")
    #expect(ProgressDisplay.duration(61.4) == "1:01")
    #expect(ProgressDisplay.duration(3725) == "1:02:05")
    #expect(ProgressDisplay.duration(.nan) == "-:--")
  }
}
