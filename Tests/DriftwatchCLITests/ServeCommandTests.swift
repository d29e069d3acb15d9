import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import DriftwatchTestSupport
import GRDB
import Testing

/// `driftwatch serve` as a real process on loopback.
@Suite struct ServeCommandTests {
    @Test func servesLogsAndShutsDownCleanlyOnSIGTERM() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = try await CommandRunner.registryWithChampion(in: scratch)
        let port = try freeLoopbackPort()
        let output = Loopback.Output()
        let server = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registry, "--model", "ride-duration", "--listen", "127.0.0.1:\(port)"],
                                         output: output)
        defer { if server.isRunning { server.terminate() } }
        try await Loopback.waitFor("the server to be ready", seconds: 60, outputs: [output]) {
            (try await Loopback.request("http://127.0.0.1:\(port)/ready")).status == 200
        }
        let record = #"{"trip_distance": 3.2, "pickup_hour": 8, "PU_location": "Midtown", "DO_location": "Airport", "weekday": 2}"#
        for _ in 0..<25 {
            let (status, _) = try await Loopback.request("http://127.0.0.1:\(port)/predict", body: record)
            #expect(status == 200)
        }
        // SIGTERM: the server stops accepting, finishes, writes what is queued, and exits 0.
        server.terminate()
        try await offThePool { server.waitUntilExit() }
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)
        // All 25 predictions reached the log before the process ended.
        let log = try DatabaseQueue(path: registry + "/predictions.sqlite")
        let count = try await log.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM prediction") }
        #expect(count == 25)
    }

    @Test func badListenAddressExitsTwo() async throws {
        let result = try await CommandRunner.run(["serve", "--model", "m", "--listen", "nowhere"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--listen must be host:port"))
    }
}
