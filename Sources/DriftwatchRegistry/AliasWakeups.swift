import Foundation
import ServiceLifecycle

/// When a follower of an alias (the predictor's model, the agent's reference) should look at it
/// again: at once, then every `interval`, and straight away whenever the store announces a move
/// (PostgreSQL's LISTEN/NOTIFY). Polling stays the fallback, so a lost notification costs one
/// interval at most. Wake-ups that arrive while the follower is busy are merged into one.
public enum AliasWakeups {
    public static func stream(store: any RegistryStore, model: String, interval: Duration) -> AsyncStream<Void> {
        AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            continuation.yield()
            let timer = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    continuation.yield()
                }
            }
            let announcements = Task {
                guard let moves = store.aliasMoves(model: model) else { return }
                for await _ in moves { continuation.yield() }
            }
            continuation.onTermination = { _ in
                timer.cancel()
                announcements.cancel()
            }
        }
    }

    /// Follows the model's aliases until a graceful shutdown: `check` runs at every wake-up of
    /// ``stream(store:model:interval:)``, carrying its own state (e.g. the version it refused, so
    /// that it is not retried until the alias moves) from one call to the next. The predictor's
    /// model watcher and the agent's reference watcher both follow this way.
    public static func follow<State: Sendable>(store: any RegistryStore, model: String, interval: Duration, initial: State,
                                               _ check: @escaping @Sendable (inout State) async -> Void) async throws {
        let wakeups = stream(store: store, model: model, interval: interval)
        await cancelWhenGracefulShutdown {
            var state = initial
            for await _ in wakeups { await check(&state) }
        }
    }
}
