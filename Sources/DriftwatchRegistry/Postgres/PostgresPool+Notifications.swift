import Foundation
import PostgresNIO

extension PostgresPool {
    /// Notifications on `channel` whose payload passes `matches`, as wake-ups. A connection of its
    /// own listens (a pooled one would be handed to other work); when it drops, it is made again
    /// after a pause, and a wake-up is sent once it listens again, since notifications sent in
    /// between are lost. The stream ends when its consumer stops reading.
    func notifications(channel: String, matches: @escaping @Sendable (String) -> Bool) -> AsyncStream<Void> {
        let location = location
        return AsyncStream { continuation in
            let listener = Task {
                var first = true
                while !Task.isCancelled {
                    do {
                        let configuration = try location.connectionConfiguration()
                        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Self.logger)
                        defer { Task { try? await connection.close() } }
                        try await connection.listen(on: channel) { notifications in
                            if !first { continuation.yield() }
                            first = false
                            for try await notification in notifications where matches(notification.payload) {
                                continuation.yield()
                            }
                        }
                    } catch {
                        Self.logger.debug("listening on \(channel) at \(location.display) failed: \(error)")
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            continuation.onTermination = { _ in listener.cancel() }
        }
    }
}
