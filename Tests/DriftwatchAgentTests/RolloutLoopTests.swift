import DriftStatistics
import DriftwatchData
import DriftwatchRegistry
import Foundation
import Testing
@testable import DriftwatchAgent

/// The loop's rollout through a canary: a gated challenger answers a growing share of traffic
/// while the live comparison says it is not worse, then is promoted; a worse one is rolled back
/// (weight to 0, audited). Every step is stored, so a new process resumes the rollout.
@Suite(.serialized) struct RolloutLoopTests {
    static let rollout = ", rollout: {mode: canary, steps: [10, 50, 100], min_rows: 60}"
    static let comparison = "comparison: {min_rows: 50}"

    /// Labelled rows of the concept y = 3x + 20 served by `version`, predicting `predict(x)`.
    static func served(_ n: Int, seed: UInt64, version: Int, predict: (Double) -> Double) -> [ObservedRow] {
        LoopFixture.rows(n, seed: seed, predict: predict).map { row in
            var row = row
            row.id = "v\(version)-\(row.id ?? "")"
            row.modelVersion = version
            return row
        }
    }

    func weight(_ fixture: LoopFixture) async throws -> Double? {
        try await fixture.registry.store.trafficPolicy(model: "rides")?.weight
    }

    func state(_ fixture: LoopFixture) async throws -> RetrainAttempt {
        try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
    }

    @Test func aNotWorseChallengerWidensStepByStepAndIsPromoted() async throws {
        let fixture = try await LoopFixture()
        var (agent, loop) = try await fixture.process(Self.rollout, top: Self.comparison)
        await loop.resume()
        await agent.ingest(Self.served(400, seed: 1, version: 1) { 2 * $0 })
        guard case .started = await loop.request(trigger: "manual", manual: true) else { Issue.record("not started"); return }
        await loop.settle()
        var attempt = try await state(fixture)
        #expect(attempt.state == .canary, "\(attempt.detail)")
        let challenger = try #require(attempt.challengerVersion)
        #expect(try await weight(fixture) == 10)
        #expect(try await fixture.registry.store.trafficPolicy(model: "rides")?.mode == .canary)
        // Both versions serve; the challenger (trained on the new concept) does better.
        var seed: UInt64 = 10
        func serve() async throws {
            seed += 1
            await agent.ingest(Self.served(120, seed: seed, version: 1) { 2 * $0 } + Self.served(70, seed: seed + 100, version: challenger) { 3 * $0 + 20.5 })
            await loop.observe(try #require(try await agent.evaluate()))
        }
        try await serve()  // the first look at this step starts its count
        try await serve()
        #expect(try await weight(fixture) == 50)
        let page = await agent.statusPage()
        #expect(page.contains("version \(challenger) against champion version 1, separate rows (canary, A/B), welch_t"))
        #expect(page.contains("verdict: <b>better</b>"))
        let json = try #require(await agent.latest).json.rendered(pretty: false)
        #expect(json.contains("\"challenger_version\":\(challenger)") && json.contains("\"verdict\":\"better\""), "\(json.suffix(400))")
        // The agent dies; a new process resumes the rollout at 50 % from the stored state.
        (agent, loop) = try await fixture.process(Self.rollout, top: Self.comparison)
        await loop.resume()
        #expect(try await state(fixture).state == .canary)
        try await serve()
        try await serve()
        #expect(try await weight(fixture) == 100)
        try await serve()
        try await serve()
        await loop.settle()
        attempt = try await state(fixture)
        #expect(attempt.state == .verifying, "\(attempt.state): \(attempt.detail)")
        #expect(try await fixture.champion() == challenger)
        #expect(try await fixture.registry.store.trafficPolicy(model: "rides") == nil)
        let log = try await fixture.registry.store.trafficLog(model: "rides")
        #expect(log.map(\.toWeight) == [10, 50, 100, nil])
        #expect(log.allSatisfy { $0.actor == "driftwatch-loop" })
        // The comparison is on /metrics while the rollout runs.
        #expect(agent.exporter.render().contains("driftwatch_challenger_verdict{"))
    }

    @Test func aWorseChallengerIsRolledBackToWeightZero() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop) = try await fixture.process(Self.rollout, top: Self.comparison)
        await agent.ingest(Self.served(400, seed: 3, version: 1) { 3 * $0 + 20.5 })
        guard case .started = await loop.request(trigger: "manual", manual: true) else { Issue.record("not started"); return }
        await loop.settle()
        let challenger = try #require(try await state(fixture).challengerVersion)
        #expect(try await state(fixture).state == .canary)
        // In production the challenger's answers are far off while the champion's are right.
        for round in 0..<3 where try await state(fixture).state == .canary {
            await agent.ingest(Self.served(150, seed: 40 + UInt64(round), version: 1) { 3 * $0 + 20.5 }
                               + Self.served(80, seed: 60 + UInt64(round), version: challenger) { 3 * $0 + 45 })
            await loop.observe(try #require(try await agent.evaluate()))
        }
        let attempt = try await state(fixture)
        #expect(attempt.state == .rolledBack, "\(attempt.state): \(attempt.detail)")
        #expect(attempt.detail.contains("worse than the champion"))
        #expect(try await fixture.champion() == 1)
        #expect(try await weight(fixture) == 0)
        let last = try #require(try await fixture.registry.store.trafficLog(model: "rides").last)
        #expect(last.fromWeight == 10 && last.toWeight == 0 && last.reason.contains("worse"))
    }

    @Test func rolloutSettingsAreCheckedWithTheirLine() throws {
        let fixture = try LoopFixtureFiles()
        let cases: [(String, String)] = [
            ("{mode: blue}", "loop.rollout.mode must be direct, shadow or canary"),
            ("{mode: canary, steps: [50, 10]}", "loop.rollout.steps must be increasing percentages"),
            ("{mode: canary, steps: [5, 150]}", "loop.rollout.steps must be increasing percentages"),
            ("{mode: canary, min_rows: 1}", "loop.rollout.min_rows must be a whole number ≥ 2"),
            ("{mode: canary, require: maybe}", "loop.rollout.require must be not_worse or better"),
            ("{mode: canary, weight: 5}", "unknown key 'loop.rollout.weight'"),
        ]
        for (rollout, message) in cases {
            #expect(throws: DataError.self) { try fixture.parse(rollout) }
            do { _ = try fixture.parse(rollout) } catch let error as DataError {
                #expect(error.description.contains(message) && error.description.contains("agent.yaml:"), "\(error.description)")
            }
        }
        let parsed = try fixture.parse("{mode: shadow, min_rows: 300, require: better, key: user}").loop!.rollout
        #expect(parsed.mode == .shadow && parsed.minRows == 300 && parsed.require == .better && parsed.key == "user")
    }
}

/// Parses agent configs with a loop and a given rollout (no registry is opened).
struct LoopFixtureFiles {
    func parse(_ rollout: String) throws -> AgentConfiguration {
        try AgentConfiguration.parse(yaml: """
            model: rides
            reference: {registry: ./registry}
            loop:
              training: train.yaml
              rollout: \(rollout)
            """, source: "agent.yaml", environment: [:])
    }
}
