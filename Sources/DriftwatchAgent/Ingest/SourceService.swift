import DriftwatchHTTP
import Logging
import ServiceLifecycle

/// A source the agent polls for rows: a JSON Lines file it tails, the predictor's prediction log
/// it pages through. Its position is saved with the window, so a restart resumes where it left off.
public protocol PolledSource: Sendable {
    /// The name the source's position and counters are kept under (`tail`, `pull`).
    var name: String { get }
    /// Continues from a position saved before a restart.
    mutating func resume(from position: String)
    /// The rows since the last read; `more` when another read would find more straight away.
    mutating func poll() async throws -> (rows: [ObservedRow], rejected: Int, position: String, more: Bool)
}

/// Feeds the agent from a polled source on a timer; a failing read is counted and retried with a
/// growing pause (up to a minute), and never stops the agent.
public struct SourceService<Source: PolledSource>: Service {
    let agent: Agent
    let source: Source
    let interval: Duration
    let logger: Logger

    public init(agent: Agent, source: Source, interval: Duration, logger: Logger) {
        self.agent = agent
        self.source = source
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var source = source
        let name = source.name
        if let saved = await agent.positions[name] { source.resume(from: saved) }
        var pause = interval
        await Periodic.run(every: interval) {
            do {
                var more: Bool
                repeat {
                    let read = try await source.poll()
                    more = read.more
                    await agent.sourceAnswered(name)
                    if !read.rows.isEmpty || read.rejected > 0 {
                        await agent.ingest(read.rows, rejected: read.rejected, source: name, position: read.position)
                    }
                } while more
                pause = interval
            } catch {
                await agent.sourceFailed(name)
                logger.warning("source \(name) failed: \(error)")
                pause = min(pause * 2, .seconds(60))
            }
            return pause
        }
    }
}
