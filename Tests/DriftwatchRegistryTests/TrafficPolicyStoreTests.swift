import Foundation
import Testing
@testable import DriftwatchRegistry

/// Traffic policies in every store: set, widened, audited, refused when wrong (and then nothing
/// changes), and moved in the same transaction as a retrain attempt's step.
@Suite struct TrafficPolicyStoreTests {
    /// A model with versions 1 (champion) and 2 (challenger).
    func twoVersions(_ kind: StoreKind) async throws -> any RegistryStore {
        let store = try await kind.make()
        for _ in 0..<2 { _ = try await store.createVersion(newVersion("rides")) }
        _ = try await store.setAlias(model: "rides", alias: "champion", version: 1, kind: .move, reason: "t", actor: "test")
        _ = try await store.setAlias(model: "rides", alias: "challenger", version: 2, kind: .move, reason: "t", actor: "test")
        return store
    }

    @Test(arguments: StoreKind.allCases)
    func aCanaryWidensAndEndsWithEveryChangeAudited(kind: StoreKind) async throws {
        let store = try await twoVersions(kind)
        #expect(try await store.trafficPolicy(model: "rides") == nil)
        _ = try await store.setTraffic(model: "rides", TrafficRequest(mode: .canary, weight: 5, key: "user"), reason: "start", actor: "a")
        let widened = try await store.setTraffic(model: "rides", TrafficRequest(mode: .canary, weight: 50, key: "user"), reason: "wider", actor: "b")
        #expect(widened.fromWeight == 5 && widened.toWeight == 50 && widened.fromMode == .canary)
        let policy = try #require(try await store.trafficPolicy(model: "rides"))
        #expect(policy.mode == .canary && policy.weight == 50 && policy.key == "user" && policy.challengerAlias == "challenger")
        _ = try await store.setTraffic(model: "rides", nil, reason: "done", actor: "c")
        #expect(try await store.trafficPolicy(model: "rides") == nil)
        let log = try await store.trafficLog(model: "rides")
        #expect(log.map(\.toWeight) == [5, 50, nil])
        #expect(log.map(\.toMode) == [.canary, .canary, nil])
        #expect(log.map(\.actor) == ["a", "b", "c"])
        #expect(log.map(\.reason) == ["start", "wider", "done"])
    }

    @Test(arguments: StoreKind.allCases)
    func badRequestsAreRefusedAndChangeNothing(kind: StoreKind) async throws {
        let store = try await twoVersions(kind)
        _ = try await store.setTraffic(model: "rides", TrafficRequest(mode: .canary, weight: 5), reason: "start", actor: "a")
        let refusals: [(TrafficRequest, String)] = [
            (TrafficRequest(mode: .canary, weight: 150), "weight must be a percentage between 0 and 100"),
            (TrafficRequest(mode: .canary, weight: -1), "weight must be a percentage between 0 and 100"),
            (TrafficRequest(mode: .canary, weight: .nan), "weight must be a percentage between 0 and 100"),
            (TrafficRequest(mode: .canary, challengerAlias: "nope", weight: 5), "has no alias 'nope'"),
            (TrafficRequest(mode: .canary, challengerAlias: "champion", weight: 5), "cannot be 'champion'"),
            (TrafficRequest(mode: .shadow, weight: 0), "already has a traffic policy (canary of alias 'challenger')"),
            (TrafficRequest(mode: .ab, weight: 50), "already has a traffic policy"),
        ]
        for (request, message) in refusals {
            do {
                _ = try await store.setTraffic(model: "rides", request, reason: "bad", actor: "x")
                Issue.record("\(request) was accepted")
            } catch let error as RegistryError {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
        await #expect(throws: RegistryError.unknownModel("other")) {
            try await store.setTraffic(model: "other", TrafficRequest(mode: .canary, weight: 5), reason: "bad", actor: "x")
        }
        #expect(try await store.trafficPolicy(model: "rides")?.weight == 5)
        #expect(try await store.trafficPolicy(model: "rides")?.mode == .canary)
        #expect(try await store.trafficLog(model: "rides").count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func anAttemptStepMovesTrafficInItsTransaction(kind: StoreKind) async throws {
        let store = try await twoVersions(kind)
        let attempt = try #require(try await store.beginAttempt(model: "rides", trigger: "t", championVersion: 1))
        for (from, to) in [(LoopState.triggered, LoopState.training), (.training, .gating)] {
            _ = try await store.advanceAttempt(id: attempt.id, from: from, to: to, update: AttemptUpdate(), aliasMove: nil)
        }
        let canary = try await store.advanceAttempt(id: attempt.id, from: .gating, to: .canary, update: AttemptUpdate(detail: "canary"), aliasMove: nil,
                                                    traffic: TrafficStep(request: TrafficRequest(mode: .canary, weight: 5), reason: "gate passed", actor: "loop"))
        #expect(canary.state == .canary && canary.state.isActive)
        #expect(try await store.activeAttempt(model: "rides")?.id == attempt.id)
        #expect(try await store.beginAttempt(model: "rides", trigger: "second", championVersion: 1) == nil)  // canary is active: no second attempt
        _ = try await store.advanceAttempt(id: attempt.id, from: .canary, to: .canary, update: AttemptUpdate(), aliasMove: nil,
                                           traffic: TrafficStep(request: TrafficRequest(mode: .canary, weight: 25), reason: "wider", actor: "loop"))
        #expect(try await store.trafficPolicy(model: "rides")?.weight == 25)
        // A step whose traffic change is refused does not happen at all.
        await #expect(throws: RegistryError.self) {
            try await store.advanceAttempt(id: attempt.id, from: .canary, to: .canary, update: AttemptUpdate(detail: "bad"), aliasMove: nil,
                                           traffic: TrafficStep(request: TrafficRequest(mode: .canary, weight: 101), reason: "bad", actor: "loop"))
        }
        #expect(try await store.trafficPolicy(model: "rides")?.weight == 25)
        _ = try await store.advanceAttempt(id: attempt.id, from: .canary, to: .promoting, update: AttemptUpdate(), aliasMove: nil)
        let verifying = try await store.advanceAttempt(id: attempt.id, from: .promoting, to: .verifying, update: AttemptUpdate(), aliasMove:
                                                        AttemptAliasMove(version: 2, kind: .move, reason: "promoted", actor: "loop"),
                                                       traffic: TrafficStep(request: nil, reason: "promoted", actor: "loop"))
        #expect(verifying.state == .verifying)
        #expect(try await store.aliasVersion(model: "rides", alias: "champion") == 2)
        #expect(try await store.trafficPolicy(model: "rides") == nil)
        #expect(try await store.trafficLog(model: "rides").map(\.toWeight) == [5, 25, nil])
    }
}
