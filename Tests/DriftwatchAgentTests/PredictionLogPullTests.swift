import DriftwatchHTTP
import DriftwatchLearning
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import DriftwatchAgent

/// A stand-in for the predictor's log endpoint: two pages, then nothing new; `after` is honoured.
@Suite struct PredictionLogPullTests {
    func logServer() -> some ApplicationProtocol {
        let router = Router()
        router.get("/v1/predictions") { request, _ -> Response in
            let after = Int(request.uri.queryParameters["after"].map(String.init) ?? "0") ?? 0
            let entries = [
                #"{"seq":1,"id":"a","timestamp":1,"instance":"p-0","model_version":1,"features":{"x":1.5,"zone":"a"},"prediction":3.5,"actual":null}"#,
                #"{"seq":2,"id":"b","timestamp":2,"instance":"p-0","model_version":1,"features":{"x":2,"zone":null},"prediction":4.5,"actual":5}"#,
                #"{"seq":3,"id":"c","timestamp":3,"instance":"p-1","model_version":2,"features":{"x":3,"zone":"c"},"prediction":6.5,"actual":null}"#,
            ].enumerated().filter { $0.offset + 1 > after }.prefix(2).map(\.element)
            let next = after + entries.count
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"predictions":[\#(entries.joined(separator: ","))],"next_after":\#(next)}"#)))
        }
        router.get("/broken/v1/predictions") { _, _ -> Response in Response(status: .internalServerError) }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    @Test func readsPageByPageWithoutRepeats() async throws {
        try await logServer().test(.live) { client in
            let port = try #require(client.port)
            var pull = PredictionLogPull(baseURL: URL(string: "http://127.0.0.1:\(port)")!, predictionColumn: "p", pageSize: 2)
            let first = try await pull.next()
            #expect(first.map(\.id) == ["a", "b"])
            #expect(first[0].values["p"] == .number(3.5) && first[0].values["zone"] == .text("a"))
            #expect(first[1].values["zone"] == .missing && first[1].actual == .number(5))
            #expect(pull.cursor == 2)
            #expect(try await pull.next().map(\.id) == ["c"])
            #expect(try await pull.next().isEmpty)
            #expect(pull.cursor == 3)
            var broken = PredictionLogPull(baseURL: URL(string: "http://127.0.0.1:\(port)/broken")!, predictionColumn: "p")
            await #expect(throws: PredictionLogPull.Failure.self) { try await broken.next() }
            #expect(broken.cursor == 0)
        }
    }
}

@Suite struct PredictionLogPageTests {
    @Test func absentValuesAreWrittenAsNullAndEveryEntryReadsBack() throws {
        let page = PredictionLogPage(predictions: [
            .init(seq: 7, id: "p-1", timestamp: 1_800_000_000.5, instance: "serve-0", modelVersion: 3,
                  features: FeatureObject(["x": .number(1.5), "zone": .text("a/b \"q\""), "gone": .missing]), prediction: 4.25),
            .init(seq: 9, id: "p-2", timestamp: 1_800_000_001, instance: "batch", modelVersion: 3, features: FeatureObject(json: #"{"x": 2, "ok": true}"#), prediction: -2,
                  actual: .text("yes"), shadow: .init(modelVersion: 4, prediction: 0.5)),
        ], nextAfter: 9)
        let data = Data(page.encoded())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(object["predictions"] as? [[String: Any]])
        #expect(object["next_after"] as? Int == 9)
        #expect(Set(entries[0].keys) == ["seq", "id", "timestamp", "instance", "model_version", "features", "prediction", "actual", "shadow"])
        #expect(entries[0]["actual"] is NSNull && entries[0]["shadow"] is NSNull)
        #expect((entries[0]["features"] as? [String: Any])?["gone"] is NSNull)
        #expect((entries[1]["shadow"] as? [String: Any])?["model_version"] as? Int == 4)
        // Text features go out as the log keeps them and read back as the same values.
        #expect((entries[1]["features"] as? [String: Any])?["ok"] as? Bool == true)
        let decoded = try PredictionLogPage.decode(data)
        #expect(decoded == page)
        #expect(try decoded.predictions[1].features.values() == ["x": .number(2), "ok": .text("true")])
    }
}
