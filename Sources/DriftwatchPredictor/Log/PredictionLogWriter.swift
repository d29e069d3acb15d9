import DriftwatchHTTP
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
        await Periodic.run(every: interval, waitFirst: true) {
            await log.flush()
            ticks += 1
            if ticks % 600 == 0 && (retentionRows > 0 || retentionAge != nil) {
                try? await log.applyRetention(maxRows: retentionRows, maxAge: retentionAge)
            }
            return nil
        }
        // What is still queued is written before the process ends; a database that is away
        // gets a few more tries.
        for _ in 0..<5 where log.pending > 0 {
            if await log.flush() { break }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
