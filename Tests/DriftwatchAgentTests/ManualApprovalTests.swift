import DriftwatchData
import DriftwatchRegistry
import Foundation
import GRDB
import Testing
@testable import DriftwatchAgent

/// `loop.approval: manual`: a challenger that passed the gate waits for a person, across restarts,
/// and is released (or not) as they decide.
@Suite(.serialized) struct ManualApprovalTests {
    /// A concept change retrained and gated under manual approval: the attempt that waits.
    func waitingAttempt(_ fixture: LoopFixture, loop extra: String = "") async throws -> (Agent, RetrainCoordinator, RetrainAttempt) {
        let (agent, loop) = try await fixture.process(", approval: manual" + extra)
        await loop.resume()
        await agent.ingest(LoopFixture.rows(400, seed: 3) { 2 * $0 })
        guard case .started = await loop.request(trigger: "manual", manual: true) else { throw CancellationError() }
        await loop.settle()
        return (agent, loop, try #require(try await fixture.registry.store.activeAttempt(model: "rides")))
    }

    @Test func aGatedChallengerWaitsForApprovalAcrossRestartsAndIsPromotedOnceApproved() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop, waiting) = try await waitingAttempt(fixture)
        #expect(waiting.state == .awaitingApproval, "\(waiting.state): \(waiting.detail)")
        #expect(waiting.detail.contains("waits for approval: driftwatch models approve|reject rides"), "\(waiting.detail)")
        let challenger = try #require(waiting.challengerVersion)
        #expect(try await fixture.champion() == 1)
        // Shown on /metrics and on the status page.
        #expect(agent.exporter.render().contains(#"driftwatch_loop_state{model="rides",state="awaiting_approval"} 1.0"#))
        #expect(agent.exporter.render().contains(#"driftwatch_loop_state{model="rides",state="watching"} 0.0"#))
        let page = await agent.statusPage(loopState: waiting.state, activeAttempt: waiting)
        #expect(page.contains("challenger version \(challenger) waits for approval") && page.contains("retrain loop: awaiting_approval"))
        // Nothing else starts meanwhile, and evaluations do not release it.
        guard case .busy = await loop.request(trigger: "manual", manual: true) else { Issue.record("a second attempt was not refused"); return }
        await loop.observe(try #require(try await agent.evaluate()))
        await loop.settle()
        #expect(try await fixture.registry.store.activeAttempt(model: "rides")?.state == .awaitingApproval)
        // Waiting is no crash loop: restarts leave it waiting.
        for _ in 0..<3 {
            let (_, restarted) = try await fixture.process(", approval: manual")
            await restarted.resume()
            await restarted.settle()
        }
        #expect(try await fixture.registry.store.activeAttempt(model: "rides")?.state == .awaitingApproval)

        _ = try await fixture.registry.decide(.approve, model: "rides", reason: "gate scores look right", actor: "cli:alice")
        // The agent releases it at its next evaluation: promoted, followed by the reference.
        await loop.observe(try #require(try await agent.evaluate()))
        await loop.settle()
        let released = try #require(try await fixture.registry.store.activeAttempt(model: "rides"))
        #expect(released.id == waiting.id && released.state == .verifying, "\(released.state): \(released.detail)")
        #expect(try await fixture.champion() == challenger)
        #expect(await agent.referenceVersion == challenger)
        // The person's decision is in the append-only transition log.
        let database = try DatabaseQueue(path: (fixture.registry.location as NSString).appendingPathComponent(Registry.databaseName))
        let log = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT from_state, to_state, detail FROM retrain_transition WHERE attempt_id = ? ORDER BY id", arguments: [waiting.id])
                .map { "\($0["from_state"] as String? ?? "–")→\($0["to_state"] as String): \($0["detail"] as String)" }
        }
        #expect(log.contains("awaiting_approval→approved: version \(challenger) approved by cli:alice: gate scores look right"), "\(log)")
        #expect(log.contains { $0.hasPrefix("approved→promoting") }, "\(log)")
    }

    @Test func anApprovedChallengerGoesIntoTheConfiguredRollout() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop, waiting) = try await waitingAttempt(fixture, loop: ", rollout: {mode: canary, steps: [10, 100], min_rows: 50}")
        #expect(waiting.state == .awaitingApproval)
        #expect(try await fixture.registry.store.trafficPolicy(model: "rides") == nil)
        _ = try await fixture.registry.decide(.approve, model: "rides", reason: "", actor: "cli:alice")
        await loop.observe(try #require(try await agent.evaluate()))
        await loop.settle()
        #expect(try await fixture.registry.store.activeAttempt(model: "rides")?.state == .canary)
        let traffic = try #require(try await fixture.registry.store.trafficPolicy(model: "rides"))
        #expect(traffic.mode == .canary && traffic.weight == 10)
        #expect(try await fixture.champion() == 1)
    }

    @Test func aRejectedChallengerIsNeverServedAndTheLoopWatchesAgain() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop, waiting) = try await waitingAttempt(fixture)
        _ = try await fixture.registry.decide(.reject, model: "rides", reason: "trigger was a holiday", actor: "cli:bob")
        await loop.observe(try #require(try await agent.evaluate()))
        await loop.settle()
        let ended = try #require(try await fixture.registry.store.attempts(model: "rides", limit: 1).first)
        #expect(ended.id == waiting.id && ended.state == .rejected && ended.detail == "version \(waiting.challengerVersion!) rejected by cli:bob: trigger was a holiday")
        #expect(try await fixture.champion() == 1)
        #expect(await loop.currentState() == .watching)
    }

    @Test func approvalIsAutoOrManual() throws {
        let fixture = LoopFixturePaths()
        #expect(throws: DataError.self) { try fixture.configuration(", approval: yes") }
        do {
            _ = try fixture.configuration(", approval: yes")
        } catch {
            #expect("\(error)".contains("loop.approval must be auto or manual, not 'yes'"), "\(error)")
        }
        #expect(try fixture.configuration("").loop?.approval == .automatic)
        #expect(try fixture.configuration(", approval: manual").loop?.approval == .manual)
    }
}

/// A loop configuration without a registry behind it, for parsing alone.
struct LoopFixturePaths {
    func configuration(_ loop: String) throws -> AgentConfiguration {
        try AgentConfiguration.parse(yaml: """
            model: rides
            reference: {registry: /nonexistent}
            loop: {training: train.yaml\(loop)}
            """, source: "agent.yaml", environment: [:])
    }
}
