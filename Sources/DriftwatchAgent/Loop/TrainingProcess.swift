import Foundation

/// Runs a training command as a child process: no shell (the program is found on the PATH by
/// `/usr/bin/env`), extra environment variables, its output (stdout and stderr together) written
/// to a file, stopped (SIGTERM, then SIGKILL after a grace period) when it outlives its timeout or
/// the waiting task is cancelled.
struct TrainingProcess {
    var arguments: [String]
    var environment: [String: String]
    var workingDirectory: String?
    var timeout: Double
    var output: URL
    /// Time between SIGTERM and SIGKILL.
    var grace: Double = 10

    struct Ending: Sendable {
        var status: Int32
        /// Stopped for outliving the timeout.
        var timedOut: Bool
        var seconds: Double
    }

    func run() async throws -> Ending {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let log = try FileHandle(forWritingTo: output)
        defer { try? log.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let child = Child(process)
        let started = Date()
        let ended: Void = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                process.terminationHandler = { _ in continuation.resume() }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
                child.watch(timeout: timeout, grace: grace)
            }
        } onCancel: {
            child.stop(grace: grace)
        }
        _ = ended
        return Ending(status: process.terminationStatus, timedOut: child.timedOut, seconds: Date().timeIntervalSince(started))
    }

    /// The process, shared with the timer and the cancellation handler.
    private final class Child: @unchecked Sendable {
        private let process: Process
        private let lock = NSLock()
        private var stopped = false
        private(set) var timedOut: Bool {
            get { lock.withLock { _timedOut } }
            set { lock.withLock { _timedOut = newValue } }
        }
        private var _timedOut = false

        init(_ process: Process) { self.process = process }

        func watch(timeout: Double, grace: Double) {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
                guard process.isRunning else { return }
                timedOut = true
                stop(grace: grace)
            }
        }

        func stop(grace: Double) {
            let first = lock.withLock { () -> Bool in
                defer { stopped = true }
                return !stopped
            }
            guard first, process.isRunning else { return }
            process.terminate()
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [self] in
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
    }

    /// The last `lines` lines of the output (at most `bytes` read from its end).
    static func tail(of file: URL, lines: Int, bytes: Int = 16_384) -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > UInt64(bytes) ? size - UInt64(bytes) : 0)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).suffix(lines).joined(separator: "\n")
    }
}
