import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import DriftwatchPredictor

func json(_ buffer: ByteBuffer) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

@Suite struct PredictRouteTests {
    @Test func predictsOneRecordOrManyAndLogsThem() async throws {
        let predictor = try await PredictorFixture().servingPredictor()
        let app = Application(router: predictor.buildRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"distance": 2, "zone": "a"}"#)) { response in
                #expect(response.status == .ok)
                let object = try #require(try json(response.body) as? [String: Any])
                #expect(object["model_version"] as? Int == 1)
                // 3·2 + 4 plus the noise the fit absorbed: close to 10.3
                #expect(abs((object["prediction"] as? Double ?? 0) - 10.3) < 0.5)
                #expect((object["prediction_id"] as? String)?.isEmpty == false)
            }
            try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders,
                                     body: ByteBuffer(string: #"[{"distance": 1, "zone": "b"}, {"distance": 5, "zone": "mars"}, {"distance": 5, "zone": null}]"#)) { response in
                #expect(response.status == .ok)
                let items = try #require(try json(response.body) as? [[String: Any]])
                #expect(items.count == 3)
                // An unseen category and a missing one are both served as __other__.
                #expect(items[1]["prediction"] as? Double == items[2]["prediction"] as? Double)
            }
        }
        await predictor.log.flush()
        let logged = try await predictor.log.page(after: 0, limit: 100, instance: nil)
        #expect(logged.count == 4)
        #expect(logged.map(\.seq) == logged.map(\.seq).sorted())
        #expect(predictor.metrics.render().contains("driftwatch_predictor_unseen_categories_total{column=\"zone\"} 1"))
    }

    @Test func badInputIsAnsweredWithJSONErrorsAndNothingIsLogged() async throws {
        let predictor = try await PredictorFixture().servingPredictor(bodyLimit: 200)
        let app = Application(router: predictor.buildRouter())
        let cases: [(String, HTTPFields, String, HTTPResponse.Status, String)] = [
            ("/predict", jsonHeaders, #"{"zone": "a"}"#, .badRequest, "missing feature 'distance'"),
            ("/predict", jsonHeaders, #"{"distance": "far", "zone": "a"}"#, .badRequest, "feature 'distance' must be a number"),
            ("/predict", jsonHeaders, #"{"distance": 1e999, "zone": "a"}"#, .badRequest, "'distance' is not a finite number"),
            ("/predict", jsonHeaders, #"{"distance": 1, "zone": "a""#, .badRequest, "invalid JSON"),
            ("/predict", jsonHeaders, "[]", .badRequest, "empty array"),
            ("/predict", jsonHeaders, "", .badRequest, "empty body"),
            ("/predict", jsonHeaders, #"[{"distance": 1, "zone": "a"}, {"zone": "b"}]"#, .badRequest, "record 1: missing feature 'distance'"),
            ("/predict", [.contentType: "text/plain"], #"{"distance": 1, "zone": "a"}"#, .unsupportedMediaType, "content type 'text/plain' is not supported"),
            ("/predict", jsonHeaders, "[" + String(repeating: #"{"distance": 1, "zone": "a"},"#, count: 20) + "]", .contentTooLarge, "larger than the limit"),
            ("/nowhere", jsonHeaders, "{}", .notFound, "no route POST /nowhere"),
        ]
        try await app.test(.router) { client in
            for (uri, headers, body, status, message) in cases {
                try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(body)")
                    let object = try json(response.body) as? [String: Any]
                    #expect((object?["error"] as? String)?.contains(message) == true, "\(body) → \(String(buffer: response.body))")
                }
            }
            // The server keeps serving after all that.
            try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"distance": 1, "zone": "a"}"#)) { response in
                #expect(response.status == .ok)
            }
        }
        await predictor.log.flush()
        #expect(try await predictor.log.page(after: 0, limit: 100, instance: nil).count == 1)
    }

    @Test func mlflowScoringFormats() async throws {
        let app = Application(router: try await PredictorFixture().servingPredictor().buildRouter())
        let bodies: [(HTTPFields, String)] = [
            (jsonHeaders, #"{"dataframe_split": {"columns": ["distance", "zone"], "data": [[2, "a"], [3, "b"]]}}"#),
            (jsonHeaders, #"{"dataframe_records": [{"distance": 2, "zone": "a"}, {"distance": 3, "zone": "b"}]}"#),
            (jsonHeaders, #"{"instances": [{"distance": 2, "zone": "a"}, {"distance": 3, "zone": "b"}]}"#),
            (jsonHeaders, #"{"inputs": {"distance": [2, 3], "zone": ["a", "b"]}}"#),
            ([.contentType: "text/csv"], "distance,zone\n2,a\n3,b\n"),
        ]
        try await app.test(.router) { client in
            var answers: [[Double]] = []
            for (headers, body) in bodies {
                try await client.execute(uri: "/invocations", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .ok, "\(body)")
                    let object = try #require(try json(response.body) as? [String: Any])
                    answers.append(try #require(object["predictions"] as? [Double]))
                }
            }
            #expect(answers.count == bodies.count)
            #expect(Set(answers.map { $0.map { ($0 * 1e9).rounded() } }).count == 1)
            try await client.execute(uri: "/invocations", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"tensor": [1]}"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func feedbackAndThePredictionCursor() async throws {
        let predictor = try await PredictorFixture().servingPredictor()
        let app = Application(router: predictor.buildRouter())
        try await app.test(.router) { client in
            var ids: [String] = []
            for distance in 1...5 {
                try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"distance": \#(distance), "zone": "c"}"#)) { response in
                    ids.append(try #require((try json(response.body) as? [String: Any])?["prediction_id"] as? String))
                }
            }
            try await client.execute(uri: "/v1/feedback", method: .post, headers: jsonHeaders,
                                     body: ByteBuffer(string: #"[{"prediction_id": "\#(ids[1])", "actual": 7.5}, {"prediction_id": "\#(ids[3])", "actual": 12}]"#)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/feedback", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"prediction_id": "nope", "actual": 1}"#)) { response in
                #expect(response.status == .notFound)
            }
            // Pages of two follow the cursor without gaps or repeats.
            var after: Int64 = 0
            var seen: [[String: Any]] = []
            for _ in 0..<4 {
                try await client.execute(uri: "/v1/predictions?after=\(after)&limit=2", method: .get) { response in
                    let object = try #require(try json(response.body) as? [String: Any])
                    seen += try #require(object["predictions"] as? [[String: Any]])
                    after = Int64(try #require(object["next_after"] as? Int))
                }
            }
            #expect(seen.map { $0["id"] as? String } == ids)
            #expect(seen[1]["actual"] as? Double == 7.5 && seen[3]["actual"] as? Double == 12)
            #expect(seen[0]["actual"] is NSNull)
            #expect((seen[0]["features"] as? [String: Any])?["zone"] as? String == "c")
            try await client.execute(uri: "/v1/predictions?limit=0", method: .get) { response in #expect(response.status == .badRequest) }
        }
    }

    @Test func probesAndMetrics() async throws {
        let fixture = try PredictorFixture()
        try await fixture.register()
        let predictor = try await fixture.predictor()
        let app = Application(router: predictor.buildRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            // No alias yet: alive but not ready, and predictions are refused.
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"distance": 1, "zone": "a"}"#)) {
                #expect($0.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                for family in ["driftwatch_build_info", "driftwatch_predictor_requests_total", "driftwatch_predictor_request_duration_seconds",
                               "driftwatch_predictor_predictions_logged_total", "driftwatch_predictor_prediction_log_dropped_total",
                               "driftwatch_predictor_prediction_log_write_failures_total", "driftwatch_predictor_reloads_total"] {
                    #expect(text.contains("# TYPE \(family) "), "\(family)")
                }
                // No model, no model_info series (and a family without series is not written).
                #expect(!text.contains("driftwatch_predictor_model_info"))
                #expect(text.contains("driftwatch_predictor_requests_total{route=\"/ready\",code=\"503\"} 1"))
                #expect(text.contains("driftwatch_predictor_ready 0"))
            }
        }
    }
}
