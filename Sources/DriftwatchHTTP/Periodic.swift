import ServiceLifecycle

/// The loop of the servers' background work — evaluations, source polls, log flushes: run a body,
/// pause, again, until a graceful shutdown or cancellation. The body returns the pause before its
/// next run (nil: the interval), so a poll can back off after a failure.
public enum Periodic {
    /// Runs `body` every `interval` (the first run at once, or after one interval when `waitFirst`).
    /// A pause ends as soon as a graceful shutdown begins, so a long interval (an evaluation every
    /// few minutes) never holds up SIGTERM.
    public static func run(every interval: Duration, waitFirst: Bool = false, _ body: () async -> Duration?) async {
        if waitFirst { await pause(interval) }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let pause = await body() ?? interval
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
            await Self.pause(pause)
        }
    }

    /// Sleeps for `duration`, or until a graceful shutdown or cancellation, whichever comes first.
    public static func pause(_ duration: Duration) async {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
