import DriftwatchRegistry
import Logging
import ServiceLifecycle

/// Follows the registry alias (polling, and at once on a PostgreSQL registry's announcement):
/// when it points at another version, that version is loaded, checked and swapped in; a version that fails the checks is refused (and counted) and the
/// current model keeps serving. A refused version is not retried until the alias moves again.
struct ModelWatcher: Service {
    let loader: ModelLoader
    let slot: ModelSlot
    let metrics: PredictorMetrics
    let interval: Duration
    let logger: Logger

    /// Loads the alias's version once; used at start-up and by every poll.
    func check(lastRefused: inout Int?) async {
        do {
            guard let version = try await loader.aliasVersion() else { return }
            if version == slot.model?.version || version == lastRefused { return }
            do {
                let model = try await loader.load(version: version, replacing: slot.model)
                slot.replace(with: model)
                metrics.serving(model: model.name, version: version)
                metrics.reload("loaded")
                lastRefused = nil
                logger.info("serving \(model.name) version \(version)")
            } catch where !Task.isCancelled {
                metrics.reload(error is ModelLoader.Rejection ? "rejected" : "failed")
                lastRefused = version
                logger.error("refused \(loader.model) version \(version): \(error)")
            }
        } catch where Task.isCancelled {
            return  // shutting down mid-read or mid-load: neither a failure nor a refusal
        } catch {
            metrics.reload("failed")
            logger.error("cannot read the registry: \(error)")
        }
    }

    func run() async throws {
        let wakeups = AliasWakeups.stream(store: loader.registry.store, model: loader.model, interval: interval)
        try await cancelWhenGracefulShutdown {
            var lastRefused: Int?
            for await _ in wakeups { await check(lastRefused: &lastRefused) }
        }
    }
}
