import DriftwatchRegistry
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import DriftwatchPredictor

/// When each version became champion, as the test moved the alias.
actor AliasTimeline {
    private var moves: [(version: Int, at: ContinuousClock.Instant)] = []
    /// The longest a timer of the test woke up late: how starved the process was (the whole suite
    /// runs in parallel on a shared machine), which delays the server's polls just as much.
    private(set) var starvation: Duration = .zero

    func record(_ version: Int) { moves.append((version, .now)) }

    func woke(late lateness: Duration) { starvation = max(starvation, lateness) }

    /// Whether `version` was champion at some moment between `start − grace` and `end`.
    /// The grace covers the server noticing a move (it polls every 50 ms, when it gets a core).
    func wasChampion(_ version: Int, from start: ContinuousClock.Instant, to end: ContinuousClock.Instant, grace: Duration) -> Bool {
        for (index, move) in moves.enumerated() where move.version == version && move.at <= end {
            let replaced = index + 1 < moves.count ? moves[index + 1].at : end
            if replaced >= start - grace { return true }
        }
        return false
    }
}

@Suite(.serialized) struct HotReloadTests {
    func application(_ predictor: Predictor) -> some ApplicationProtocol {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return Application(router: predictor.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                           services: predictor.services(logger: logger), logger: logger)
    }

    @Test func twentyAliasMovesUnderLoadFailNoRequest() async throws {
        let fixture = try PredictorFixture()
        for slope in [3.0, 4.0, 5.0] { try await fixture.register(slope: slope) }
        let timeline = AliasTimeline()
        try await fixture.registry.promote(model: "rides", version: 1, reason: "start", actor: "test")
        await timeline.record(1)
        let predictor = try await fixture.predictor(reloadInterval: .milliseconds(50))
        let finalVersion = [2, 3, 1][19 % 3]
        try await application(predictor).test(.live) { client in
            struct Outcome: Sendable { var status: HTTPResponse.Status; var version: Int?; var start: ContinuousClock.Instant; var end: ContinuousClock.Instant }
            let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { group in
                let stop = ManagedFlag()
                for _ in 0..<4 {
                    group.addTask {
                        var results: [Outcome] = []
                        while !(await stop.isSet) {
                            let start = ContinuousClock.now
                            let response = try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders,
                                                                    body: ByteBuffer(string: #"{"distance": 2, "zone": "b"}"#))
                            let version = (try? json(response.body) as? [String: Any])?["model_version"] as? Int
                            results.append(Outcome(status: response.status, version: version, start: start, end: .now))
                            await stop.countRequest()
                        }
                        return results
                    }
                }
                group.addTask {
                    for move in 0..<20 {
                        let asleep = ContinuousClock.now
                        try await Task.sleep(for: .milliseconds(120))
                        await timeline.woke(late: ContinuousClock.now - asleep - .milliseconds(120))
                        // At least five requests between moves, however slow a busy machine serves them.
                        let deadline = ContinuousClock.now + .seconds(20)
                        while await stop.requests < (move + 1) * 5, ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(10))
                        }
                        let version = [2, 3, 1][move % 3]
                        try await fixture.registry.promote(model: "rides", version: version, reason: "move \(move)", actor: "test")
                        await timeline.record(version)
                    }
                    try await Task.sleep(for: .milliseconds(200))
                    await stop.set()
                    return []
                }
                var all: [Outcome] = []
                for try await results in group { all += results }
                return all
            }
            #expect(outcomes.count >= 100)
            #expect(outcomes.allSatisfy { $0.status == .ok }, "\(outcomes.filter { $0.status != .ok }.count) failed requests")
            var served = Set<Int>()
            let grace = Duration.seconds(1) + (await timeline.starvation)
            for outcome in outcomes {
                let version = try #require(outcome.version)
                served.insert(version)
                #expect(await timeline.wasChampion(version, from: outcome.start, to: outcome.end, grace: grace), "version \(version) was not champion then (grace \(grace))")
            }
            #expect(served == [1, 2, 3])
            // The last move is picked up (moves 120 ms apart may share one poll on a busy machine,
            // so the number of loads is at most one per move, not exactly that).
            var current: Int?
            for _ in 0..<40 where current != finalVersion {
                let response = try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"distance": 2, "zone": "b"}"#))
                current = (try? json(response.body) as? [String: Any])?["model_version"] as? Int
                if current != finalVersion { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(current == finalVersion)
        }
        let text = predictor.metrics.render()
        let loaded = text.split(separator: "\n").first { $0.hasPrefix("driftwatch_predictor_reloads_total{outcome=\"loaded\"}") }.flatMap { Int($0.split(separator: " ").last ?? "") }
        #expect((2...21).contains(loaded ?? 0), "loaded \(loaded ?? -1) times for 1 start and 20 moves")
        #expect(text.contains("driftwatch_predictor_reloads_total{outcome=\"failed\"} 0") && text.contains("driftwatch_predictor_reloads_total{outcome=\"rejected\"} 0"))
        // model_info names only the version serving now, after twenty moves.
        let info = text.split(separator: "\n").filter { $0.hasPrefix("driftwatch_predictor_model_info{") }
        #expect(info == ["driftwatch_predictor_model_info{model=\"rides\",version=\"\(finalVersion)\"} 1.0"], "\(info)")
        #expect(text.contains("driftwatch_predictor_ready 1.0"))
    }

    @Test func badArtifactsAreRefusedAndTheOldModelKeepsServing() async throws {
        let fixture = try PredictorFixture()
        try await fixture.register()
        let corrupt = try await fixture.register(slope: 6)
        try await fixture.register(extraFeature: true)
        try await fixture.registry.promote(model: "rides", version: 1, reason: "start", actor: "test")
        // Damage version 2's file after registration: its checksum no longer matches.
        let path = (fixture.registry.location as NSString).appendingPathComponent(corrupt.artifactPath)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 5] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        let predictor = try await fixture.predictor(reloadInterval: .milliseconds(20))
        try await application(predictor).test(.live) { client in
            for version in [2, 3] {
                try await fixture.registry.promote(model: "rides", version: version, reason: "try \(version)", actor: "test")
                try await Task.sleep(for: .milliseconds(200))
                let response = try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"distance": 2, "zone": "b"}"#))
                #expect(response.status == .ok)
                #expect((try json(response.body) as? [String: Any])?["model_version"] as? Int == 1)
            }
        }
        #expect(predictor.metrics.render().contains("driftwatch_predictor_reloads_total{outcome=\"rejected\"} 2"))
        #expect(predictor.slot.model?.version == 1)
    }
}

/// A flag shared by concurrent test tasks, and the number of requests they completed.
actor ManagedFlag {
    private(set) var isSet = false
    private(set) var requests = 0
    func set() { isSet = true }
    func countRequest() { requests += 1 }
}
