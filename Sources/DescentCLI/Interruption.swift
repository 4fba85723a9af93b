import Foundation
import Synchronization

/// Ctrl-C during training: the first SIGINT asks training to stop after the current step (so
/// that the last completed epoch's checkpoint can be written); a second one ends the process
/// at once, as usual.
enum Interruption {
  /// Whether a SIGINT has arrived since ``install()``.
  static let requested = Atomic<Bool>(false)

  /// Routes the first SIGINT to ``requested`` instead of ending the process. The handler
  /// does only async-signal-safe work: an atomic store, `write(2)` and `signal(2)`.
  static func install() {
    // A parent may have started this process with SIGINT blocked (the mask is inherited);
    // unblock it so that Ctrl-C reaches the handler.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
    signal(SIGINT) { _ in
      Interruption.requested.store(true, ordering: .sequentiallyConsistent)
      let message: StaticString =
        "\nInterrupted: stopping after this step (Ctrl-C again to quit at once).\n"
      _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
      // The next Ctrl-C takes the default action: the process ends.
      signal(SIGINT, SIG_DFL)
    }
  }

  /// Whether training should stop now.
  static var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }
}
