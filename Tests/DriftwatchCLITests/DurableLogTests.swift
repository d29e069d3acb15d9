import DriftwatchHTTP
import DriftwatchTestSupport
import Foundation
import GRDB
import Testing

/// `driftwatch serve --durable-log` killed with SIGKILL under load: every prediction a client
/// was answered is in the log.
@Suite struct DurableLogTests {
    /// Sends predictions from `clients` connections until the server goes away; the ids answered.
    static func load(port: Int, clients: Int) async -> [String] {
        let record = Data(#"{"trip_distance": 3.2, "pickup_hour": 8, "PU_location": "Midtown", "DO_location": "Airport", "weekday": 2}"#.utf8)
        return await withTaskGroup(of: [String].self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var answered: [String] = []
                    let url = URL(string: "http://127.0.0.1:\(port)/predict")!
                    for _ in 0..<20_000 {
                        guard let answer = try? await ServiceClient.send(url, method: .POST, json: record, timeout: .seconds(5)) else { break }
                        guard answer.status == 200,
                              let id = (try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["prediction_id"] as? String else { continue }
                        answered.append(id)
                    }
                    return answered
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
    }

    @Test func everyAnsweredPredictionSurvivesAKill() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = try await CommandRunner.registryWithChampion(in: scratch)
        let port = try freeLoopbackPort()
        let output = Loopback.Output()
        let server = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registry, "--model", "ride-duration",
                                                                         "--listen", "127.0.0.1:\(port)", "--durable-log"], output: output)
        defer { Loopback.stop([server]) }
        try await Loopback.waitFor("the server to be ready", seconds: 60, outputs: [output]) {
            (try await Loopback.request("http://127.0.0.1:\(port)/ready")).status == 200
        }
        let traffic = Task { await Self.load(port: port, clients: 8) }
        // Kill mid-load, once a good number of predictions has been answered.
        let log = registry + "/predictions.sqlite"
        try await Loopback.waitFor("predictions to be logged", seconds: 60, outputs: [output]) {
            try await DatabaseQueue(path: log).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM prediction") ?? 0 } >= 300
        }
        kill(server.processIdentifier, SIGKILL)
        let answered = await traffic.value
        try await Loopback.exit(server)
        #expect(server.terminationReason == .uncaughtSignal)
        let logged = try await DatabaseQueue(path: log).read { Set(try String.fetchAll($0, sql: "SELECT id FROM prediction")) }
        let lost = answered.filter { !logged.contains($0) }
        print("durable log: \(answered.count) predictions answered before the kill, \(logged.count) logged, \(lost.count) answered but lost")
        #expect(answered.count >= 300)
        #expect(lost.isEmpty, "\(lost.count) answered predictions are not in the log, e.g. \(lost.prefix(3))")
    }
}
