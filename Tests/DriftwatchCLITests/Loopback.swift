import DriftwatchHTTP
import DriftwatchTestSupport
import Foundation
import Testing

/// The processes a test starts on loopback, and HTTP to them.
enum Loopback {
    /// A GET, or a POST of JSON when there is a body; the status and the body of the answer.
    ///
    /// Driftwatch's own client (AsyncHTTPClient), one per exchange: FoundationNetworking's shared
    /// `URLSession` lets concurrent tests' requests stall behind each other until they time out.
    static func request(_ url: String, body: Data? = nil, timeout: Double = 10) async throws -> (status: Int, data: Data) {
        let answer = try await ServiceClient.send(URL(string: url)!, method: body == nil ? .GET : .POST, json: body,
                                                  timeout: .milliseconds(Int(timeout * 1000)))
        return (answer.status, answer.body)
    }

    static func request(_ url: String, body: String) async throws -> (status: Int, data: Data) {
        try await request(url, body: Data(body.utf8))
    }

    /// Output of a child process, collected as it arrives.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        /// The process writing here, to say on a timeout whether it still runs.
        private var writer: Process?
        func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
        func attach(_ process: Process) { lock.withLock { writer = process } }

        /// "running (pid N)", or how the process ended.
        var processState: String {
            guard let process = lock.withLock({ writer }) else { return "no process" }
            if process.isRunning { return "running (pid \(process.processIdentifier))" }
            return process.terminationReason == .exit ? "exited with status \(process.terminationStatus)" : "killed by signal \(process.terminationStatus)"
        }
    }

    /// Waits for `condition`, checking every 200 ms; on a timeout it records an issue that shows the
    /// last error the condition threw and the end of what the `outputs` processes said, and throws.
    static func waitFor(_ what: String, seconds: Double, outputs: [Loopback.Output] = [], _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                if try await condition() { return }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        // The lines that tell a story: repeated "not retraining" notices are left out.
        let told = outputs.map { output in
            " [process \(output.processState)]:\n" + output.text.split(separator: "\n").filter { !$0.contains("not retraining") }.suffix(25).joined(separator: "\n")
        }
        let why = lastError.map { " (last error: \($0))" } ?? ""
        Issue.record("timed out after \(seconds) s waiting for \(what)\(why)\(told.joined(separator: "\n---"))")
        throw CancellationError()
    }

    /// Waits until a server on a loopback port answers `GET path` with 200, polling from a thread
    /// of its own with plain sockets: on a busy two-core suite Swift's cooperative threads can be
    /// taken for tens of seconds by other tests, and polls that need one are then never sent.
    static func waitUntilAnswering(port: Int, path: String = "/health", seconds: Double, outputs: [Loopback.Output] = []) async throws {
        let answered = try await offThePool { () -> Bool in
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let connection = try? RawConnection(port: port) {
                    connection.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    if connection.readUntilClosed(seconds: 5).text.hasPrefix("HTTP/1.1 200") { return true }
                }
                usleep(200_000)
            }
            return false
        }
        if !answered {
            try await waitFor("port \(port) to answer \(path)", seconds: 0, outputs: outputs) { false }
        }
    }

    /// Starts a program; its standard output and error go to `output` when given, otherwise nowhere.
    static func launch(_ path: String, _ arguments: [String], output: Output? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let output {
            output.attach(process)
            let pipe = Pipe()
            pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
            process.standardOutput = pipe
            process.standardError = pipe
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Starts Prometheus with a config, its database under `scratch`, listening on `port`.
    static func launchPrometheus(_ path: String, config: String, scratch: URL, port: Int) throws -> Process {
        try launch(path, ["--config.file=\(config)", "--storage.tsdb.path=\(scratch.appendingPathComponent("tsdb").path)", "--web.listen-address=127.0.0.1:\(port)"])
    }

    /// Stops the processes still running (SIGTERM, SIGKILL if one outlives 30 s), waiting for
    /// them on a thread of its own: a test's `defer` runs on one of Swift's cooperative threads,
    /// which are as many as the cores, and a test blocking one holds up every other test.
    static func stop(_ processes: [Process]) {
        let running = processes.filter(\.isRunning)
        for process in running { process.terminate() }
        guard !running.isEmpty else { return }
        let box = UnsafeSendableProcesses(running)
        Thread {
            let deadline = Date().addingTimeInterval(30)
            for process in box.processes {
                while process.isRunning && Date() < deadline { usleep(50_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
        }.start()
    }

    /// Waits for a process to end without holding one of Swift's cooperative threads.
    static func exit(_ process: Process) async throws {
        let box = UnsafeSendableProcesses([process])
        try await offThePool { box.processes[0].waitUntilExit() }
    }

    private struct UnsafeSendableProcesses: @unchecked Sendable {
        let processes: [Process]
        init(_ processes: [Process]) { self.processes = processes }
    }
}
