import Foundation
import GRDB
import PostgresNIO
import Testing
@testable import DriftwatchRegistry

/// `loop.approval: manual` in the registry: the waiting states count as active, a person's
/// decision moves the attempt and is kept in its transition log.
@Suite struct ApprovalStoreTests {
    /// An attempt that passed the gate and waits: the registry with its champion (1) and challenger (2).
    func waitingAttempt(_ kind: StoreKind) async throws -> (Registry, RetrainAttempt) {
        let registry = Registry(store: try await kind.make())
        _ = try await registry.store.createVersion(newVersion("rides"))
        _ = try await registry.store.setAlias(model: "rides", alias: "champion", version: 1, kind: .move, reason: "first", actor: "test")
        let attempt = try #require(try await registry.store.beginAttempt(model: "rides", trigger: "manual", championVersion: 1))
        _ = try await registry.store.advanceAttempt(id: attempt.id, from: .triggered, to: .training, update: AttemptUpdate(), aliasMove: nil)
        _ = try await registry.store.createVersion(newVersion("rides"))
        _ = try await registry.store.advanceAttempt(id: attempt.id, from: .training, to: .gating, update: AttemptUpdate(challengerVersion: 2), aliasMove: nil)
        let waiting = try await registry.store.advanceAttempt(id: attempt.id, from: .gating, to: .awaitingApproval,
                                                              update: AttemptUpdate(metric: "rmse", championScore: 4, challengerScore: 3), aliasMove: nil)
        return (registry, waiting)
    }

    @Test(arguments: StoreKind.allCases)
    func anApprovedChallengerIsReleasedByTheLoopAndTheDecisionIsKept(kind: StoreKind) async throws {
        let (registry, waiting) = try await waitingAttempt(kind)
        // Waiting for a person is under way: no second attempt starts.
        #expect(try await registry.store.beginAttempt(model: "rides", trigger: "drift", championVersion: 1) == nil)
        let approved = try await registry.decide(.approve, model: "rides", reason: "checked the gate scores", actor: "cli:alice")
        #expect(approved.id == waiting.id && approved.state == .approved)
        #expect(approved.detail == "version 2 approved by cli:alice: checked the gate scores")
        #expect(approved.championScore == 4 && approved.challengerScore == 3)
        #expect(try await registry.store.beginAttempt(model: "rides", trigger: "drift", championVersion: 1) == nil)
        // A decision is taken once: the attempt no longer waits.
        await #expect(throws: RegistryError.nothingAwaitingApproval(model: "rides", state: .approved)) {
            try await registry.decide(.reject, model: "rides", reason: "", actor: "cli:bob")
        }
        // The loop releases it; nothing moved the champion before.
        #expect(try await registry.store.aliasVersion(model: "rides", alias: "champion") == 1)
        let released = try await registry.store.advanceAttempt(id: waiting.id, from: .approved, to: .promoting, update: AttemptUpdate(), aliasMove: nil)
        #expect(released.state == .promoting)
    }

    @Test(arguments: StoreKind.allCases)
    func aRejectedChallengerEndsTheAttempt(kind: StoreKind) async throws {
        let (registry, waiting) = try await waitingAttempt(kind)
        let rejected = try await registry.decide(.reject, model: "rides", reason: "", actor: "cli:bob")
        #expect(rejected.id == waiting.id && rejected.state == .rejected && rejected.detail == "version 2 rejected by cli:bob")
        #expect(try await registry.store.activeAttempt(model: "rides") == nil)
        #expect(try await registry.store.aliasVersion(model: "rides", alias: "champion") == 1)
        await #expect(throws: RegistryError.nothingAwaitingApproval(model: "rides", state: nil)) {
            try await registry.decide(.approve, model: "rides", reason: "", actor: "cli:bob")
        }
        await #expect(throws: RegistryError.unknownModel("trips")) {
            try await registry.decide(.approve, model: "trips", reason: "", actor: "cli:bob")
        }
        // An approval cannot skip the wait: a step from gating straight to approved is refused.
        await #expect(throws: RegistryError.invalidStep(from: .gating, to: .approved)) {
            try await registry.store.advanceAttempt(id: waiting.id, from: .gating, to: .approved, update: AttemptUpdate(), aliasMove: nil)
        }
    }

    /// The database's own rule (a partial unique index) must name every active state: it is what
    /// keeps two processes from both starting an attempt. Rows are written straight to the table,
    /// past the stores' own check.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func theDatabaseAllowsOneAttemptPerModelInEveryActiveState(kind: StoreKind) async throws {
        let store = try await kind.make()
        func insert(_ model: String, _ state: LoopState) async throws {
            switch store {
            case let sqlite as SQLiteRegistryStore:
                try await sqlite.pool.write { db in
                    try db.execute(sql: "INSERT INTO retrain_attempt (model, state, trigger, started_at, updated_at) VALUES (?, ?, 'test', 0, 0)",
                                   arguments: [model, state.rawValue])
                }
            case let postgres as PostgresRegistryStore:
                try await postgres.database.execute("INSERT INTO retrain_attempt (model, state, trigger, started_at, updated_at) VALUES (\(model), \(state.rawValue), 'test', 0, 0)")
            default:
                Issue.record("no raw access to \(kind)")
            }
        }
        for state in LoopState.allCases {
            let model = "m-\(state.rawValue)"
            try await insert(model, state)
            if state.isActive {
                await #expect(throws: (any Error).self, "a second active attempt beside one in \(state.rawValue)") { try await insert(model, .triggered) }
            } else {
                try await insert(model, .triggered)
            }
        }
    }
}
