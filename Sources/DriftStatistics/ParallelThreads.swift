import Foundation

/// Runs the iterations of a loop side by side, one thread each (the caller's among them), and
/// returns when all are done. Unlike Dispatch's `concurrentPerform`, whose pool threads run at the
/// process's priority, the threads started here inherit the caller's: an agent's evaluation,
/// lowered to nice 10 so that scrapes and ingests get a core first, stays lowered on every core.
public enum ParallelThreads {
    public static func perform(iterations: Int, stackSize: Int = 8 << 20, _ body: @escaping @Sendable (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        let group = DispatchGroup()
        for index in 1..<iterations {
            group.enter()
            let thread = Thread {
                body(index)
                group.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        body(0)
        group.wait()
    }
}
