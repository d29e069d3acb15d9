import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import DriftwatchTestSupport
import Testing

/// Traffic between two versions with real processes: `driftwatch serve` on loopback, clients
/// sending continuously, and `driftwatch models traffic` moving the canary 0 → 5 → 50 → 100 %, back
/// to 0, then a shadow. No request may fail, each weight's split must be binomially plausible, and
/// a user must never switch versions within a weight.
@Suite(.serialized) struct TrafficLiveTests {
    /// What the clients are in: a settled weight ("canary 5") or "moving" while a change spreads.
    actor Phase {
        var name = "moving"
        func set(_ value: String) { name = value }
    }

    actor Results {
        struct Answer { var phase: String; var user: Int; var version: Int }
        var answers: [Answer] = []
        var failures: [String] = []
        var stop = false
        func add(_ answer: Answer) { answers.append(answer) }
        func fail(_ why: String) { failures.append(why) }
        func halt() { stop = true }
    }

    static let users = 400
    static let record = #"{"trip_distance": 3.2, "pickup_hour": 8, "PU_location": "Midtown", "DO_location": "Airport", "weekday": 2, "user": "USER"}"#

    @Test func aCanaryWidensWithoutAFailedRequestAndUsersStickToTheirVersion() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = scratch.url.appendingPathComponent("registry").path
        try await CommandRunner.championAndChallenger(registry: registry)
        func traffic(_ arguments: [String]) async throws -> CommandRunner.Result {
            try await CommandRunner.run(["models", "traffic", "ride-duration"] + arguments + ["--registry", registry])
        }
        #expect(try await traffic(["--canary", "0", "--key", "user"]).status == 0)
        let port = try freeLoopbackPort()
        let output = Loopback.Output()
        let server = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registry, "--model", "ride-duration",
                                                                          "--listen", "127.0.0.1:\(port)", "--reload-interval", "0.1"], output: output)
        defer { if server.isRunning { server.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        try await Loopback.waitFor("the server to be ready", seconds: 60, outputs: [output]) { (try await Loopback.request(base + "/ready")).status == 200 }

        /// Waits until the predictor reports the policy, then names the phase (the caller set
        /// "moving" before changing it, so no answer of the old weight counts for the new one).
        let phase = Phase(), results = Results()
        func settle(_ name: String, metric: String) async throws {
            await phase.set("moving")
            try await Loopback.waitFor("the predictor to take \(name)", seconds: 30, outputs: [output]) {
                String(decoding: try await Loopback.request(base + "/metrics").data, as: UTF8.self).contains(metric)
            }
            await phase.set(name)
        }
        try await settle("canary 0", metric: "driftwatch_predictor_traffic_weight_ratio{mode=\"canary\",version=\"2\"} 0.0\n")

        let clients = (0..<4).map { client in
            Task {
                var user = client
                while !(await results.stop) {
                    user = (user + 4) % Self.users
                    let before = await phase.name
                    do {
                        let (status, data) = try await Loopback.request(base + "/predict", body: Self.record.replacingOccurrences(of: "USER", with: "u\(user)"))
                        guard status == 200, let object = try JSONSerialization.jsonObject(with: data) as? [String: Any], let version = object["model_version"] as? Int else {
                            await results.fail("status \(status): \(String(decoding: data, as: UTF8.self))")
                            continue
                        }
                        let after = await phase.name
                        if before == after, before != "moving" { await results.add(.init(phase: before, user: user, version: version)) }
                    } catch {
                        await results.fail("\(error)")
                    }
                }
            }
        }
        func hold(requests: Int, in name: String) async throws {
            try await Loopback.waitFor("\(requests) answers at \(name)", seconds: 120, outputs: [output]) {
                await results.answers.filter { $0.phase == name }.count >= requests
            }
        }
        try await hold(requests: 1200, in: "canary 0")
        for weight in [5, 50, 100] {
            await phase.set("moving")  // before the change: answers from here on may come from either weight
            #expect(try await traffic(["--canary", "\(weight)", "--key", "user", "--reason", "widen"]).status == 0)
            try await settle("canary \(weight)", metric: "driftwatch_predictor_traffic_weight_ratio{mode=\"canary\",version=\"2\"} \(Double(weight) / 100)\n")
            try await hold(requests: 1200, in: "canary \(weight)")
        }
        // Rollback: the weight back to 0 returns every user to the champion.
        await phase.set("moving")
        #expect(try await traffic(["--canary", "0", "--key", "user", "--reason", "rollback"]).status == 0)
        try await settle("rolled back", metric: "driftwatch_predictor_traffic_weight_ratio{mode=\"canary\",version=\"2\"} 0.0\n")
        try await hold(requests: 600, in: "rolled back")
        await results.halt()
        for client in clients { await client.value }

        let failures = await results.failures
        #expect(failures.isEmpty, "\(failures.count) failed requests, e.g. \(failures.prefix(3))")
        let answers = await results.answers
        for (name, weight) in [("canary 0", 0.0), ("canary 5", 5), ("canary 50", 50), ("canary 100", 100), ("rolled back", 0)] {
            let here = answers.filter { $0.phase == name }
            var byUser: [Int: Set<Int>] = [:]
            for answer in here { byUser[answer.user, default: []].insert(answer.version) }
            #expect(byUser.values.allSatisfy { $0.count == 1 }, "\(name): a user switched versions")
            #expect(Set(here.map(\.version)).isSubset(of: [1, 2]))
            // Users, not requests, are split: the share of users on the challenger is binomial.
            let share = Double(byUser.values.filter { $0 == [2] }.count) / Double(byUser.count), p = weight / 100
            let tolerance = 4 * (p * (1 - p) / Double(byUser.count)).squareRoot()
            #expect(abs(share - p) <= tolerance, "\(name): \(share) of \(byUser.count) users on the challenger, expected \(p) ± \(tolerance)")
            print("traffic split at \(name): \(byUser.values.filter { $0 == [2] }.count) of \(byUser.count) users (\(String(format: "%.1f", share * 100)) %) and \(here.filter { $0.version == 2 }.count) of \(here.count) requests on the challenger")
        }
        // Widening only moves users to the challenger: everyone on it at 5 % stays on it at 50 %.
        let at5 = Set(answers.filter { $0.phase == "canary 5" && $0.version == 2 }.map(\.user))
        let at50 = Set(answers.filter { $0.phase == "canary 50" && $0.version == 2 }.map(\.user))
        #expect(at5.isSubset(of: at50))

        // Bad requests are refused with exit 2, and the policy stays as it was.
        for (arguments, message) in [(["--canary", "150"], "weight must be a percentage between 0 and 100"),
                                     (["--canary", "5", "--challenger-alias", "nope"], "has no alias 'nope'"),
                                     (["--shadow"], "already has a traffic policy (canary of alias 'challenger')"),
                                     (["--ab", "5", "--canary", "5"], "choose one of --shadow, --canary, --ab and --off")] {
            let result = try await traffic(arguments)
            #expect(result.status == 2 && result.stderr.contains(message), "\(arguments): \(result.status) \(result.stderr)")
        }
        let shown = try await traffic(["--format", "json"])
        let details = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect((details["policy"] as? [String: Any])?["weight"] as? Double == 0)
        #expect((details["changes"] as? [Any])?.count == 5)

        // A shadow: every answer from the champion, the challenger's logged beside it.
        #expect(try await traffic(["--off"]).status == 0)
        #expect(try await traffic(["--shadow"]).status == 0)
        try await settle("shadow", metric: "driftwatch_predictor_traffic_weight_ratio{mode=\"shadow\",version=\"2\"} 0.0\n")
        var last: Int64 = 0
        let page = try JSONSerialization.jsonObject(with: try await Loopback.request(base + "/v1/predictions?after=0&limit=10000").data) as? [String: Any]
        last = page?["next_after"] as? Int64 ?? Int64(page?["next_after"] as? Int ?? 0)
        for user in 0..<20 {
            let (status, data) = try await Loopback.request(base + "/predict", body: Self.record.replacingOccurrences(of: "USER", with: "u\(user)"))
            #expect(status == 200)
            #expect((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["model_version"] as? Int == 1)
        }
        try await Loopback.waitFor("the shadow rows in the log", seconds: 20, outputs: [output]) {
            let data = try await Loopback.request(base + "/v1/predictions?after=\(last)&limit=1000").data
            let rows = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["predictions"] as? [[String: Any]] ?? []
            return rows.count == 20 && rows.allSatisfy { ($0["shadow"] as? [String: Any])?["model_version"] as? Int == 2 && $0["model_version"] as? Int == 1 }
        }
        server.terminate()
        try await offThePool { server.waitUntilExit() }
        #expect(server.terminationStatus == 0)
    }
}
