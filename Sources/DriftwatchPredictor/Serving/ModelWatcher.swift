import DriftwatchRegistry
import Logging
import ServiceLifecycle

/// Follows the registry alias (polling, and at once on a PostgreSQL registry's announcement):
/// when it points at another version, that version is loaded, checked and swapped in; a version that fails the checks is refused (and counted) and the
/// current model keeps serving. A refused version is not retried until the alias moves again.
/// The traffic policy and its challenger are followed the same way: a challenger that fails the
/// checks is refused and every request stays with the champion.
struct ModelWatcher: Service {
    let loader: ModelLoader
    let slot: ModelSlot
    let challenger: ChallengerSlot
    let metrics: PredictorMetrics
    let interval: Duration
    let logger: Logger

    /// Loads the alias's version and the challenger once; used at start-up and by every poll.
    func check(lastRefused: inout Int?, lastRefusedChallenger: inout Int?) async {
        await check(lastRefused: &lastRefused)
        await checkChallenger(lastRefused: &lastRefusedChallenger)
    }

    /// Follows the traffic policy: loads the challenger alias's version when it changed, drops it
    /// when the policy ends.
    func checkChallenger(lastRefused: inout Int?) async {
        do {
            guard let (policy, version) = try await loader.traffic() else {
                if challenger.traffic != nil { logger.info("traffic policy ended: every request goes to the champion") }
                challenger.replace(with: nil)
                metrics.traffic(nil)
                return
            }
            if let current = challenger.traffic, current.model.version == version {
                if current.policy != policy { follow(policy, with: current.model) }
                return
            }
            if version == lastRefused { return }
            if let model = await load(version, refused: &lastRefused, role: "challenger") {
                follow(policy, with: model)
            } else {
                challenger.replace(with: nil)
                metrics.traffic(nil)
            }
        } catch where Task.isCancelled {
            return
        } catch {
            metrics.reload("failed")
            logger.error("cannot read the traffic policy: \(error)")
        }
    }

    /// Loads the alias's version once.
    func check(lastRefused: inout Int?) async {
        do {
            guard let version = try await loader.aliasVersion() else { return }
            if version == slot.model?.version || version == lastRefused { return }
            guard let model = await load(version, refused: &lastRefused, role: "champion") else { return }
            slot.replace(with: model)
            metrics.serving(model: model.name, version: version)
            logger.info("serving \(model.name) version \(version)")
        } catch where Task.isCancelled {
            return  // shutting down mid-read or mid-load: neither a failure nor a refusal
        } catch {
            metrics.reload("failed")
            logger.error("cannot read the registry: \(error)")
        }
    }

    /// Puts a policy and its challenger in force.
    private func follow(_ policy: TrafficPolicy, with model: ServingModel) {
        challenger.replace(with: .init(policy: policy, model: model))
        metrics.traffic(policy, version: model.version)
        logger.info("traffic: \(policy.mode.rawValue) at \(policy.weight)% to version \(model.version)")
    }

    /// Loads and checks a version; a refusal is counted, logged and remembered in `refused` (not
    /// retried until the alias moves), and gives nil.
    func load(_ version: Int, refused: inout Int?, role: String) async -> ServingModel? {
        do {
            let model = try await loader.load(version: version, replacing: slot.model)
            metrics.reload("loaded")
            refused = nil
            return model
        } catch {
            // Shutting down mid-load is neither a failure nor a refusal.
            guard !Task.isCancelled else { return nil }
            metrics.reload(error is ModelLoader.Rejection ? "rejected" : "failed")
            refused = version
            logger.error("refused \(role) \(loader.model) version \(version): \(error)")
            return nil
        }
    }

    func run() async throws {
        try await AliasWakeups.follow(store: loader.registry.store, model: loader.model, interval: interval, initial: Refused()) { refused in
            await check(lastRefused: &refused.champion, lastRefusedChallenger: &refused.challenger)
        }
    }

    /// The versions refused last, not retried until their alias moves.
    struct Refused: Sendable {
        var champion: Int?
        var challenger: Int?
    }
}
