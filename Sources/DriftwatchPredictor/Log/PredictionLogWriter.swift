import ServiceLifecycle

/// Empties the prediction log's queue on a timer, applies retention now and then, and writes
/// what is left when the server shuts down.
struct PredictionLogWriter: Service {
    let log: PredictionLog
    let interval: Duration
    let retentionRows: Int
    let retentionAge: Duration?

    func run() async throws {
        var ticks = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            log.flush()
            ticks += 1
            if ticks % 600 == 0 && (retentionRows > 0 || retentionAge != nil) {
                try? log.applyRetention(maxRows: retentionRows, maxAge: retentionAge)
            }
        }
        log.flush()
    }
}
