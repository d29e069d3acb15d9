import Logging
import ServiceLifecycle

/// Feeds the agent from a JSON Lines file on a timer; a failing read is counted and retried
/// with a growing pause (up to a minute), and never stops the agent.
public struct TailSource: Service {
    let agent: Agent
    let path: String
    let interval: Duration
    let logger: Logger

    public init(agent: Agent, path: String, interval: Duration, logger: Logger) {
        self.agent = agent
        self.path = path
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var tail = FileTail(path: path)
        var pause = interval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let batch = try tail.read()
                if !batch.rows.isEmpty || batch.rejected > 0 {
                    await agent.ingest(batch.rows, rejected: batch.rejected, source: "tail")
                }
                pause = interval
            } catch {
                await agent.sourceFailed("tail")
                logger.warning("reading \(path) failed: \(error)")
                pause = min(pause * 2, .seconds(60))
            }
            try? await Task.sleep(for: pause)
        }
    }
}
