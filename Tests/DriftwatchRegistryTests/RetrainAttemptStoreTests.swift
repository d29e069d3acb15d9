import Foundation
import Testing
@testable import DriftwatchRegistry

@Suite struct RetrainAttemptStoreTests {
    @Test(arguments: StoreKind.allCases)
    func anAttemptStepsThroughItsStatesWithAliasMovesInTheSameStep(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.createVersion(newVersion("rides"))
        _ = try await store.setAlias(model: "rides", alias: "champion", version: 1, kind: .move, reason: "first", actor: "test")
        let attempt = try #require(try await store.beginAttempt(model: "rides", trigger: "drift: 3 evaluations", championVersion: 1))
        #expect(attempt.state == .triggered && attempt.championVersion == 1)
        // Never two at once.
        #expect(try await store.beginAttempt(model: "rides", trigger: "manual", championVersion: 1) == nil)
        #expect(try await store.activeAttempt(model: "rides")?.id == attempt.id)

        _ = try await store.advanceAttempt(id: attempt.id, from: .triggered, to: .training, update: AttemptUpdate(), aliasMove: nil)
        _ = try await store.createVersion(newVersion("rides"))
        _ = try await store.advanceAttempt(id: attempt.id, from: .training, to: .gating, update: AttemptUpdate(challengerVersion: 2), aliasMove: nil)
        let gated = try await store.advanceAttempt(id: attempt.id, from: .gating, to: .promoting,
                                                   update: AttemptUpdate(metric: "rmse", championScore: 4, challengerScore: 3), aliasMove: nil)
        #expect(gated.challengerVersion == 2 && gated.championScore == 4 && gated.challengerScore == 3)
        // A step from a state the attempt is no longer in is refused: another process moved it.
        await #expect(throws: RegistryError.attemptConflict(id: attempt.id, expected: .gating, found: .promoting)) {
            try await store.advanceAttempt(id: attempt.id, from: .gating, to: .rejected, update: AttemptUpdate(), aliasMove: nil)
        }
        await #expect(throws: RegistryError.invalidStep(from: .promoting, to: .training)) {
            try await store.advanceAttempt(id: attempt.id, from: .promoting, to: .training, update: AttemptUpdate(), aliasMove: nil)
        }
        _ = try await store.advanceAttempt(id: attempt.id, from: .promoting, to: .verifying, update: AttemptUpdate(detail: "promoted"),
                                           aliasMove: AttemptAliasMove(version: 2, kind: .move, reason: "gate passed", actor: "loop"))
        #expect(try await store.aliasVersion(model: "rides", alias: "champion") == 2)
        let ended = try await store.advanceAttempt(id: attempt.id, from: .verifying, to: .rolledBack, update: AttemptUpdate(verifiedScore: 9),
                                                   aliasMove: AttemptAliasMove(version: 1, kind: .rollback, reason: "worse in production", actor: "loop"))
        #expect(ended.state == .rolledBack && ended.verifiedScore == 9)
        #expect(try await store.aliasVersion(model: "rides", alias: "champion") == 1)
        #expect(try await store.auditLog(model: "rides").map(\.kind) == [.move, .move, .rollback])
        #expect(try await store.activeAttempt(model: "rides") == nil)
        // The next attempt may start now.
        let next = try #require(try await store.beginAttempt(model: "rides", trigger: "manual", championVersion: 1))
        #expect(try await store.attempts(model: "rides", limit: 10).map(\.id) == [next.id, attempt.id])
    }

    /// Resumes are counted per state: moving on starts the count again.
    @Test(arguments: StoreKind.allCases)
    func resumesAreCountedAtTheStateTheAttemptIsIn(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.createVersion(newVersion("rides"))
        let attempt = try #require(try await store.beginAttempt(model: "rides", trigger: "manual", championVersion: 1))
        #expect(try await store.recordResume(id: attempt.id, state: .triggered) == 1)
        _ = try await store.advanceAttempt(id: attempt.id, from: .triggered, to: .training, update: AttemptUpdate(), aliasMove: nil)
        #expect(try await store.recordResume(id: attempt.id, state: .training) == 1)
        #expect(try await store.recordResume(id: attempt.id, state: .training) == 2)
        #expect(try await store.recordResume(id: attempt.id, state: .training) == 3)
        _ = try await store.advanceAttempt(id: attempt.id, from: .training, to: .gating, update: AttemptUpdate(challengerVersion: 1), aliasMove: nil)
        #expect(try await store.recordResume(id: attempt.id, state: .gating) == 1)
        #expect(try await store.activeAttempt(model: "rides")?.state == .gating)
    }

    @Test(arguments: StoreKind.allCases)
    func anAliasMoveThatFailsLeavesTheStepUndone(kind: StoreKind) async throws {
        let store = try await kind.make()
        _ = try await store.createVersion(newVersion("rides"))
        let attempt = try #require(try await store.beginAttempt(model: "rides", trigger: "manual", championVersion: 1))
        _ = try await store.advanceAttempt(id: attempt.id, from: .triggered, to: .training, update: AttemptUpdate(), aliasMove: nil)
        _ = try await store.advanceAttempt(id: attempt.id, from: .training, to: .gating, update: AttemptUpdate(challengerVersion: 7), aliasMove: nil)
        _ = try await store.advanceAttempt(id: attempt.id, from: .gating, to: .promoting, update: AttemptUpdate(), aliasMove: nil)
        // Version 7 does not exist: the alias cannot point at it, and the attempt stays where it was.
        await #expect(throws: (any Error).self) {
            try await store.advanceAttempt(id: attempt.id, from: .promoting, to: .verifying, update: AttemptUpdate(),
                                           aliasMove: AttemptAliasMove(version: 7, kind: .move, reason: "x", actor: "loop"))
        }
        #expect(try await store.activeAttempt(model: "rides")?.state == .promoting)
        #expect(try await store.aliasVersion(model: "rides", alias: "champion") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func anAttemptKeepsItsRowsForWhoeverResumesIt(kind: StoreKind) async throws {
        let store = try await kind.make()
        let attempt = try #require(try await store.beginAttempt(model: "rides", trigger: "manual", championVersion: nil))
        #expect(try await store.attemptData(id: attempt.id) == nil)
        let rows = AttemptData(train: Data("x,y\n1,2\n".utf8), holdout: Data([0, 0xFF, 0x10]))
        try await store.saveAttemptData(id: attempt.id, rows)
        #expect(try await store.attemptData(id: attempt.id) == rows)
        await #expect(throws: RegistryError.unknownAttempt(999)) { try await store.saveAttemptData(id: 999, rows) }
    }
}
