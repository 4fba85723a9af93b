import Foundation

/// How many threads Descent's kernels may use.
///
/// The matrix product splits C's rows or columns across up to ``count`` threads, one block per
/// 64³ multiply-adds at most (so products under 2·64³ stay on the calling thread). Each
/// element's sum is taken in the same order whatever the split, so results are bit-identical
/// for every thread count: training with 1 thread and with 8 gives the same parameters, bit
/// for bit.
///
/// The threads beside the caller come from a process-wide pool, started on first use; an idle
/// worker spins for 0.2 ms waiting for the next product (a training loop issues them back to
/// back, and waking a sleeping thread costs 50–100 µs on Linux), then sleeps.
///
///     Threading.count = 1                      // process-wide
///     Threading.withCount(2) { train() }       // this task only
public enum Threading {
  /// The process-wide thread count. Defaults to ``defaultCount`` (all active cores).
  ///
  /// Safe to read and write from any thread (a lock guards it). ``withCount(_:_:)`` overrides
  /// it for one task.
  /// - Precondition: set to at least 1.
  public static var count: Int {
    get { scopedCount ?? storage.value }
    set {
      precondition(newValue >= 1, "Threading.count: needs at least 1 thread, got \(newValue)")
      storage.value = newValue
    }
  }

  /// The number of active processor cores (`ProcessInfo.activeProcessorCount`): the default
  /// for ``count``.
  public static var defaultCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// Runs `body` with ``count`` reading `threads` in the current task and the tasks it
  /// creates, leaving the process-wide setting and other tasks alone.
  /// - Precondition: `threads >= 1`.
  public static func withCount<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
    precondition(threads >= 1, "Threading.withCount: needs at least 1 thread, got \(threads)")
    return try $scopedCount.withValue(threads, operation: body)
  }

  @TaskLocal private static var scopedCount: Int?

  private static let storage = LockedCount(defaultCount)
}

/// An `Int` guarded by a lock: the process-wide thread count, shared by every thread.
private final class LockedCount: @unchecked Sendable {
  // `@unchecked`: `stored` is only read and written while holding `lock`.
  private let lock = NSLock()
  private var stored: Int

  init(_ value: Int) { stored = value }

  var value: Int {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
