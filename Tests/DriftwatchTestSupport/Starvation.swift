import NIOCore
import NIOPosix
import Synchronization

/// Runs `body` and returns how long it took and how starved the process was meanwhile: timers
/// wake every 20 ms, one on Swift's cooperative pool and one on each of SwiftNIO's shared event
/// loops (where sockets and their timeouts live), and the most any of them woke late in total is
/// the time the process had no thread free for that kind of work (the whole suite runs in
/// parallel on a shared machine). A bound on how long `body` may take, such as "no hang past the
/// timeout", adds this to its margin, so that the test fails on a hang and not on a busy machine.
public func measuringStarvation<T: Sendable>(_ body: () async throws -> T) async rethrows -> (result: T, elapsed: Duration, starved: Duration) {
    let started = ContinuousClock.now
    let tick = Duration.milliseconds(20)
    let loopTick = TimeAmount.nanoseconds(Int64(tick / .nanoseconds(1)))
    let pool = Lateness(tick: tick)
    let poolTimer = Task {
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            pool.woke()
        }
    }
    let loops = MultiThreadedEventLoopGroup.singleton.makeIterator().map { loop in
        let lateness = Lateness(tick: tick)
        return (lateness: lateness, timer: loop.scheduleRepeatedTask(initialDelay: loopTick, delay: loopTick) { _ in lateness.woke() })
    }
    defer {
        poolTimer.cancel()
        for loop in loops { loop.timer.cancel() }
    }
    let result = try await body()
    let ended = ContinuousClock.now
    let starved = loops.map { $0.lateness.total(until: ended) }.reduce(pool.total(until: ended)) { max($0, $1) }
    return (result, ended - started, starved)
}

/// How late one timer woke, summed: each wake is due a tick after the previous one (the first a
/// tick after the timer was made, so that waiting for a thread to start it counts too).
private final class Lateness: Sendable {
    private let tick: Duration
    private let state: Mutex<(since: ContinuousClock.Instant, total: Duration)>

    init(tick: Duration) {
        self.tick = tick
        state = Mutex((ContinuousClock.now, .zero))
    }

    func woke() {
        let now = ContinuousClock.now
        state.withLock { state in
            state.total += max(.zero, now - state.since - tick)
            state.since = now
        }
    }

    /// The total up to `end`, counting the wake still due at that moment.
    func total(until end: ContinuousClock.Instant) -> Duration {
        state.withLock { state in state.total + max(.zero, end - state.since - tick) }
    }
}
