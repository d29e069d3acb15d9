import DriftwatchHTTP
import Logging
import ServiceLifecycle

/// Evaluates the window on a timer until the agent shuts down. A failed evaluation is logged and
/// the last snapshot keeps being served.
public struct EvaluationLoop: Service {
    let agent: Agent
    let interval: Duration
    let logger: Logger
    /// Told of each new snapshot (the retrain loop).
    let loop: RetrainCoordinator?
    let onSnapshot: (@Sendable (Snapshot) async -> Void)?

    public init(agent: Agent, interval: Duration, logger: Logger, loop: RetrainCoordinator? = nil, onSnapshot: (@Sendable (Snapshot) async -> Void)? = nil) {
        self.agent = agent
        self.interval = interval
        self.logger = logger
        self.loop = loop
        self.onSnapshot = onSnapshot
    }

    public func run() async throws {
        await Periodic.run(every: interval, waitFirst: true) {
            do {
                if let snapshot = try await agent.evaluate() {
                    logger.debug("evaluated \(snapshot.windowRows) rows: \(snapshot.report.dataset.driftedColumns) columns drifted")
                    await onSnapshot?(snapshot)
                    await loop?.observe(snapshot)
                }
            } catch {
                logger.error("evaluation failed: \(error)")
            }
            do {
                try await agent.persist()
            } catch {
                logger.error("saving the agent state failed: \(error)")
            }
            return nil
        }
        try? await agent.persist()
    }
}
