import Foundation

/// Runs blocking work (a child process waited for, a pipe read to its end) on a thread of its own,
/// so that the few threads of Swift's cooperative pool never wait on it: on a two-core machine one
/// blocked pool thread halves the speed of every other test, two stop them all.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
