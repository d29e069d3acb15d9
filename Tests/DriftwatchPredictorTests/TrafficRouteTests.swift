import DriftwatchRegistry
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import DriftwatchPredictor

/// Traffic between the champion and a challenger: the routing hash, and the predictor's routes
/// under canary, A/B and shadow policies.
@Suite struct TrafficRouteTests {
    @Test func routingSplitsKeysByWeightStickilyAndOnlyWidens() {
        let keys = (0..<40_000).map { "user-\($0)" }
        var previous = Set<String>()
        for weight in [1.0, 5, 25, 50, 75, 100] {
            let routed = Set(keys.filter { TrafficRouting.routesToChallenger(key: $0, model: "rides", weight: weight) })
            let share = Double(routed.count) / Double(keys.count), p = weight / 100
            // Within four standard deviations of the binomial share.
            #expect(abs(share - p) <= 4 * (p * (1 - p) / Double(keys.count)).squareRoot() + 1e-12, "weight \(weight): share \(share)")
            #expect(previous.isSubset(of: routed), "widening to \(weight)% moved keys back to the champion")
            previous = routed
        }
        // The same key always routes the same way; another model's split is independent of this one's.
        #expect(keys.allSatisfy { TrafficRouting.bucket(key: $0, model: "rides") == TrafficRouting.bucket(key: $0, model: "rides") })
        let both = keys.filter { TrafficRouting.routesToChallenger(key: $0, model: "rides", weight: 50) && TrafficRouting.routesToChallenger(key: $0, model: "fares", weight: 50) }
        #expect(abs(Double(both.count) / Double(keys.count) - 0.25) < 0.02)
    }

    /// Versions 1 (champion) and 2 (challenger, a different slope), a predictor serving them under `request`.
    func predictor(_ request: TrafficRequest?) async throws -> (Predictor, PredictorFixture) {
        let fixture = try PredictorFixture()
        try await fixture.register(slope: 3)
        try await fixture.register(slope: 6)
        try await fixture.registry.promote(model: "rides", version: 1, reason: "t", actor: "test")
        try await fixture.registry.promote(model: "rides", version: 2, alias: "challenger", reason: "t", actor: "test")
        if let request { _ = try await fixture.registry.store.setTraffic(model: "rides", request, reason: "t", actor: "test") }
        return (try await fixture.predictor(), fixture)
    }

    func answer(_ client: some TestClientProtocol, _ body: String = #"{"distance": 2, "zone": "b"}"#, headers: HTTPFields = jsonHeaders) async throws -> [String: Any] {
        try await client.execute(uri: "/predict", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            #expect(response.status == .ok)
            return try #require(try json(response.body) as? [String: Any])
        }
    }

    @Test func aCanaryRoutesByWeightAndEveryAnswerNamesItsVersion() async throws {
        let (predictor, fixture) = try await predictor(TrafficRequest(mode: .canary, weight: 100))
        #expect(predictor.challenger.traffic?.model.version == 2)
        try await Application(router: predictor.buildRouter()).test(.router) { client in
            for _ in 0..<5 {
                let object = try await answer(client)
                #expect(object["model_version"] as? Int == 2 && object["variant"] as? String == "challenger")
            }
            _ = try await fixture.registry.store.setTraffic(model: "rides", TrafficRequest(mode: .canary, weight: 0), reason: "back", actor: "test")
            var refused: Int?, refusedChallenger: Int?
            await predictor.watcher(logger: Logger(label: "test")).check(lastRefused: &refused, lastRefusedChallenger: &refusedChallenger)
            for _ in 0..<5 {
                let object = try await answer(client)
                #expect(object["model_version"] as? Int == 1 && object["variant"] as? String == "champion")
            }
            // A refusal is labelled with the version that refused.
            try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"zone": "b"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[Predictor.versionHeader] == "1")
            }
        }
        let metrics = predictor.metrics.render()
        #expect(metrics.contains(#"driftwatch_predictor_requests_total{route="/predict",code="200",version="2"} 5"#))
        #expect(metrics.contains(#"driftwatch_predictor_requests_total{route="/predict",code="200",version="1"} 5"#))
        #expect(metrics.contains(#"driftwatch_predictor_requests_total{route="/predict",code="400",version="1"} 1"#))
        #expect(metrics.contains(#"driftwatch_predictor_request_duration_seconds_count{route="/predict",version="2"} 5"#))
        #expect(metrics.contains(#"driftwatch_predictor_predictions_total{version="2",variant="challenger"} 5"#))
        #expect(metrics.contains(#"driftwatch_predictor_traffic_weight_ratio{mode="canary",version="2"} 0.0"#))
        await predictor.log.flush()
        let logged = try await predictor.log.page(after: 0, limit: 100, instance: nil)
        #expect(logged.map(\.modelVersion) == Array(repeating: 2, count: 5) + Array(repeating: 1, count: 5))
    }

    @Test func aUserSticksToOneVersionByTheRoutingField() async throws {
        let (predictor, _) = try await predictor(TrafficRequest(mode: .ab, weight: 50, key: "user"))
        try await Application(router: predictor.buildRouter()).test(.router) { client in
            var versions: [String: Set<Int>] = [:]
            for round in 0..<4 {
                for user in 0..<40 {
                    let object = try await answer(client, #"{"distance": \#(round + 1), "zone": "b", "user": "u\#(user)"}"#)
                    versions["u\(user)", default: []].insert(try #require(object["model_version"] as? Int))
                }
            }
            #expect(versions.values.allSatisfy { $0.count == 1 }, "a user switched versions")
            let challengerUsers = versions.values.filter { $0 == [2] }.count
            #expect(challengerUsers > 5 && challengerUsers < 35)
            // The header routes as well, and wins over the field.
            let expected = TrafficRouting.routesToChallenger(key: "header-key", model: "rides", weight: 50) ? 2 : 1
            for _ in 0..<3 {
                var headers = jsonHeaders
                headers[Predictor.routingKeyHeader] = "header-key"
                let object = try await answer(client, #"{"distance": 1, "zone": "b", "user": "u1"}"#, headers: headers)
                #expect(object["model_version"] as? Int == expected)
            }
        }
    }

    @Test func aShadowChallengerIsLoggedNeverReturned() async throws {
        let (predictor, _) = try await predictor(TrafficRequest(mode: .shadow, weight: 0))
        try await Application(router: predictor.buildRouter()).test(.router) { client in
            var returned: [Double] = []
            for distance in 1...4 {
                let object = try await answer(client, #"{"distance": \#(distance), "zone": "b"}"#)
                #expect(object["model_version"] as? Int == 1)
                returned.append(try #require(object["prediction"] as? Double))
            }
            await predictor.log.flush()
            try await client.execute(uri: "/v1/predictions?after=0", method: .get) { response in
                let page = try #require(try json(response.body) as? [String: Any])
                let rows = try #require(page["predictions"] as? [[String: Any]])
                #expect(rows.count == 4)
                for (row, served) in zip(rows, returned) {
                    #expect(row["prediction"] as? Double == served)
                    let shadow = try #require(row["shadow"] as? [String: Any])
                    #expect(shadow["model_version"] as? Int == 2)
                    // Version 2 learnt twice the slope: its answers are larger.
                    #expect(try #require(shadow["prediction"] as? Double) > served)
                }
            }
        }
        let metrics = predictor.metrics.render()
        #expect(metrics.contains(#"driftwatch_predictor_predictions_total{version="2",variant="shadow"} 4"#))
        #expect(metrics.contains(#"driftwatch_predictor_predictions_total{version="1",variant="champion"} 4"#))
        #expect(metrics.contains("driftwatch_predictor_shadow_errors_total 0"))
    }

    @Test func aChallengerThatBreaksTheServingContractIsRefused() async throws {
        let fixture = try PredictorFixture()
        try await fixture.register(slope: 3)
        try await fixture.register(slope: 6, extraFeature: true)  // needs an input version 1 does not take
        try await fixture.registry.promote(model: "rides", version: 1, reason: "t", actor: "test")
        try await fixture.registry.promote(model: "rides", version: 2, alias: "challenger", reason: "t", actor: "test")
        _ = try await fixture.registry.store.setTraffic(model: "rides", TrafficRequest(mode: .canary, weight: 100), reason: "t", actor: "test")
        let predictor = try await fixture.predictor()
        #expect(predictor.challenger.traffic == nil)
        #expect(predictor.metrics.render().contains(#"driftwatch_predictor_reloads_total{outcome="rejected"} 1"#))
        try await Application(router: predictor.buildRouter()).test(.router) { client in
            for _ in 0..<3 {
                let object = try await answer(client)
                #expect(object["model_version"] as? Int == 1 && object["variant"] as? String == "champion")
            }
            try await client.execute(uri: "/version", method: .get) { response in
                let object = try #require(try json(response.body) as? [String: Any])
                #expect(object["challenger"] is NSNull)
            }
        }
        // A compatible challenger under the same alias is taken at the next check.
        try await fixture.register(slope: 6)
        try await fixture.registry.promote(model: "rides", version: 3, alias: "challenger", reason: "t", actor: "test")
        var refused: Int?, refusedChallenger: Int? = 2
        await predictor.watcher(logger: Logger(label: "test")).check(lastRefused: &refused, lastRefusedChallenger: &refusedChallenger)
        #expect(predictor.challenger.traffic?.model.version == 3)
        try await Application(router: predictor.buildRouter()).test(.router) { client in
            try await client.execute(uri: "/version", method: .get) { response in
                let object = try #require(try json(response.body) as? [String: Any])
                let challenger = try #require(object["challenger"] as? [String: Any])
                #expect(challenger["mode"] as? String == "canary" && challenger["weight"] as? Double == 100 && challenger["model_version"] as? Int == 3)
            }
        }
    }
}
