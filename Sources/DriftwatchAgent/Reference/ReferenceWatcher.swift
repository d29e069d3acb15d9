import DriftwatchRegistry
import Logging
import ServiceLifecycle

/// Follows the registry alias (polling, and at once on a PostgreSQL registry's announcement): when it moves (a promotion, a rollback), the agent switches to the
/// new version's training profile. A version without a usable profile is logged and skipped until
/// the alias moves again; the current reference stays in use meanwhile.
public struct ReferenceWatcher: Service {
    let agent: any ReferenceHolder
    let reference: RegistryReference
    let interval: Duration
    let logger: Logger

    public init(agent: any ReferenceHolder, reference: RegistryReference, interval: Duration, logger: Logger) {
        self.agent = agent
        self.reference = reference
        self.interval = interval
        self.logger = logger
    }

    /// Checks the alias once; returns the version now in use as the reference.
    @discardableResult
    public func check(skipping refused: inout Int?) async -> Int? {
        do {
            let version = try await reference.aliasVersion()
            guard version != refused, version != (await agent.referenceVersion) else { return await agent.referenceVersion }
            do {
                try await adopt(version: version)
            } catch {
                refused = version
                logger.error("keeping the current reference: \(error)")
            }
        } catch {
            logger.error("cannot read alias '\(reference.alias)' of \(reference.model): \(error)")
        }
        return await agent.referenceVersion
    }

    /// Makes a version's training profile (and validation metrics) the reference: the one path by
    /// which the reference moves, whether the alias moved or the retrain loop just promoted.
    public func adopt(version: Int) async throws {
        let profile = try await reference.profile(version: version)
        await agent.switchReference(to: profile, version: version, quality: (try? await reference.quality(version: version)) ?? [:])
        logger.info("reference switched to \(reference.model) version \(version)")
    }

    public func run() async throws {
        try await AliasWakeups.follow(store: reference.registry.store, model: reference.model, interval: interval, initial: Int?.none) { refused in
            await check(skipping: &refused)
        }
    }
}
