import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs long CPU-bound work (an evaluation, a save) on a thread of its own instead of the shared
/// concurrency pool, optionally at a lower scheduling priority: scrapes, ingests and health checks
/// then get a core at once while an evaluation runs, however long it takes.
enum BackgroundThread {
    /// Runs `work` on a new thread and returns its result.
    ///
    /// - Parameter niceness: the thread's nice value (Linux keeps one per thread, and `who = 0`
    ///   names the calling thread); 0 keeps the process's priority.
    static func run<T: Sendable>(niceness: Int32 = 0, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                #if canImport(Glibc)
                if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
                #endif
                continuation.resume(with: Result { try work() })
            }
            thread.name = "driftwatch-background"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
