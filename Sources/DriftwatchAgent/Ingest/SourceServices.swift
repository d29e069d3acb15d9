import DriftwatchHTTP
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
        var tail = FileTail(path: path, position: await agent.positions["tail"])
        await pollWithBackoff(agent: agent, source: "tail", interval: interval, logger: logger) {
            let batch = try tail.read()
            await agent.sourceAnswered("tail")
            if !batch.rows.isEmpty || batch.rejected > 0 {
                await agent.ingest(batch.rows, rejected: batch.rejected, source: "tail", position: tail.position)
            }
        }
    }
}

/// Feeds the agent from the predictor's prediction log, page by page, on a timer; failures are
/// counted and retried with a growing pause.
public struct PullSource: Service {
    let agent: Agent
    var pull: PredictionLogPull
    let interval: Duration
    let logger: Logger

    public init(agent: Agent, pull: PredictionLogPull, interval: Duration, logger: Logger) {
        self.agent = agent
        self.pull = pull
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var pull = pull
        if let saved = await agent.positions["pull"].flatMap(Int64.init) { pull.resume(after: saved) }
        await pollWithBackoff(agent: agent, source: "pull", interval: interval, logger: logger) {
            // Drain full pages without waiting; a short page means we are caught up.
            var rows: [ObservedRow]
            repeat {
                rows = try await pull.next()
                await agent.sourceAnswered("pull")
                if !rows.isEmpty { await agent.ingest(rows, source: "pull", position: String(pull.cursor)) }
            } while rows.count == pull.pageSize
        }
    }
}

/// Runs `poll` every `interval` until shutdown. A failure is counted for `source` and logged, and
/// the pause doubles (up to a minute) until a poll succeeds again; nothing stops the agent.
func pollWithBackoff(agent: Agent, source: String, interval: Duration, logger: Logger, _ poll: () async throws -> Void) async {
    var pause = interval
    await Periodic.run(every: interval) {
        do {
            try await poll()
            pause = interval
        } catch {
            await agent.sourceFailed(source)
            logger.warning("source \(source) failed: \(error)")
            pause = min(pause * 2, .seconds(60))
        }
        return pause
    }
}
