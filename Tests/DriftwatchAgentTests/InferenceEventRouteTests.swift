import DriftwatchData
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import DriftwatchAgent

/// `POST /v1/cloudevents`: KServe's inference logger's request and response events, in binary and
/// structured mode, V1 and V2 payloads, joined by event id in either order into window rows that
/// labels then find; malformed events are refused naming what is wrong.
@Suite struct InferenceEventRouteTests {
    static func binaryHeaders(_ id: String, _ kind: String) -> HTTPFields {
        [.contentType: "application/json", HTTPFields.Element.Name("ce-id")!: id, HTTPFields.Element.Name("ce-specversion")!: "1.0",
         HTTPFields.Element.Name("ce-type")!: "org.kubeflow.serving.inference.\(kind)", HTTPFields.Element.Name("ce-source")!: "http://localhost:9081/",
         HTTPFields.Element.Name("ce-inferenceservicename")!: "rides"]
    }

    static func structured(_ id: String, _ kind: String, data: String) -> String {
        #"{"specversion": "1.0", "id": "\#(id)", "type": "org.kubeflow.serving.inference.\#(kind)", "source": "http://localhost:9081/", "datacontenttype": "application/json", "data": \#(data)}"#
    }

    @Test func requestsAndResponsesBecomeRowsThatLabelsFind() async throws {
        let agent = AgentRouteTests().agent()
        let app = Application(router: agent.buildRouter())
        let structuredHeaders: HTTPFields = [.contentType: "application/cloudevents+json"]
        try await app.test(.router) { client in
            // V1 objects, binary mode, request first.
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("a", "request"),
                                     body: ByteBuffer(string: #"{"instances": [{"x": 3, "zone": "b"}]}"#)) { response in
                #expect(response.status == .accepted && String(buffer: response.body).contains("\"waiting_for\":\"response\""))
            }
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("a", "response"),
                                     body: ByteBuffer(string: #"{"predictions": [6.5]}"#)) { response in
                #expect(response.status == .accepted && String(buffer: response.body) == #"{"accepted":1}"#)
            }
            // V1 lists in the reference's feature order, structured mode, response first.
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: structuredHeaders,
                                     body: ByteBuffer(string: Self.structured("b", "response", data: #"{"predictions": [[1.5], [9.5]]}"#))) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: structuredHeaders,
                                     body: ByteBuffer(string: Self.structured("b", "request", data: #"{"instances": [[0.5, "a"], [4.5, "c"]]}"#))) { response in
                #expect(String(buffer: response.body) == #"{"accepted":2}"#)
            }
            // V2: one tensor per column; and one [rows, features] matrix (numbers only, here with a NaN).
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("c", "request"),
                                     body: ByteBuffer(string: #"{"inputs": [{"name": "x", "shape": [2, 1], "datatype": "FP64", "data": [7, NaN]}, {"name": "zone", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}"#)) { _ in }
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("c", "response"),
                                     body: ByteBuffer(string: #"{"model_name": "rides", "outputs": [{"name": "p", "shape": [2, 1], "datatype": "FP64", "data": [14.5, 3]}]}"#)) { response in
                #expect(String(buffer: response.body) == #"{"accepted":2}"#)
            }
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("d", "request"),
                                     body: ByteBuffer(string: #"{"inputs": [{"name": "input-0", "shape": [1, 2], "datatype": "BYTES", "data": [["8", "c"]]}]}"#)) { _ in }
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("d", "response"),
                                     body: ByteBuffer(string: #"{"outputs": [{"name": "output-0", "shape": [1], "datatype": "FP32", "data": [16.5]}]}"#)) { response in
                #expect(String(buffer: response.body) == #"{"accepted":1}"#)
            }
            // Labels find the rows by the event id (with -i for several rows).
            try await client.execute(uri: "/v1/labels", method: .post, headers: [.contentType: "application/json"],
                                     body: ByteBuffer(string: #"[{"id": "a", "actual": 6}, {"id": "b-1", "actual": 9}, {"id": "c-0", "actual": 14}, {"id": "b", "actual": 1}]"#)) { response in
                #expect(String(buffer: response.body) == #"{"matched":3,"unmatched":1}"#)
            }
        }
        let (windowRows, labelledRows) = (await agent.windowRows, await agent.labelledRows)
        #expect(windowRows == 6 && labelledRows == 3)
        let batch = await agent.labelledBatch(limit: 10)
        guard case .numeric(let predictions)? = batch.column(named: "p") else { Issue.record("no prediction column"); return }
        #expect(predictions.values == [6.5, 9.5, 14.5])
    }

    @Test(arguments: [
        ([HTTPFields.Element.Name("ce-specversion")!: "1.0", HTTPFields.Element.Name("ce-type")!: "org.kubeflow.serving.inference.request"], "{}", "the CloudEvent has no id"),
        ([HTTPFields.Element.Name("ce-id")!: "x", HTTPFields.Element.Name("ce-specversion")!: "0.3", HTTPFields.Element.Name("ce-type")!: "org.kubeflow.serving.inference.request"], "{}", "specversion '0.3' is not CloudEvents 1.0"),
        ([HTTPFields.Element.Name("ce-id")!: "x", HTTPFields.Element.Name("ce-specversion")!: "1.0", HTTPFields.Element.Name("ce-type")!: "com.example.other"], "{}", "event type 'com.example.other' is neither"),
        ([.contentType: "application/cloudevents+json"], "[1]", "a structured CloudEvent is a JSON object"),
        ([.contentType: "text/plain"], "x", "content type 'text/plain' is not a CloudEvent"),
    ] as [(HTTPFields, String, String)])
    func malformedEventsAreRefused(headers: HTTPFields, body: String, message: String) async throws {
        let app = Application(router: AgentRouteTests().agent().buildRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status.code >= 400 && response.status.code < 500 && String(buffer: response.body).contains(message), "\(String(buffer: response.body))")
            }
        }
    }

    @Test func pairsThatDisagreeAreRefusedAndNothingIsTaken() async throws {
        let agent = AgentRouteTests().agent()
        let app = Application(router: agent.buildRouter())
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("e", "request"),
                                         body: ByteBuffer(string: #"{"instances": [{"x": 1, "zone": "a"}, {"x": 2, "zone": "b"}]}"#)) { _ in }
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("e", "response"),
                                     body: ByteBuffer(string: #"{"predictions": [1]}"#)) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("event e: 2 request rows but 1 predictions"))
            }
            _ = try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("f", "request"),
                                         body: ByteBuffer(string: #"{"instances": [[1, "a", 3]]}"#)) { _ in }
            try await client.execute(uri: "/v1/cloudevents", method: .post, headers: Self.binaryHeaders("f", "response"),
                                     body: ByteBuffer(string: #"{"predictions": [1]}"#)) { response in
                #expect(response.status == .badRequest && String(buffer: response.body).contains("instances[0] is neither an object keyed by column nor a list of the 2 feature columns (x, zone)"))
            }
        }
        #expect(await agent.windowRows == 0)
    }

    @Test func unpairedHalvesAreBounded() async {
        let joiner = InferenceEventJoiner(capacity: 100)
        for index in 0..<1000 {
            var event = try! InferenceEvent(headers: Self.binaryHeaders("id\(index)", "request"), body: ByteBuffer(string: "{}"))
            event.payload = Data()
            _ = await joiner.take(event)
        }
        let (waiting, dropped) = (await joiner.waiting, await joiner.dropped)
        #expect(waiting == 100 && dropped == 900)
        // The newest still pairs.
        let response = try! InferenceEvent(headers: Self.binaryHeaders("id999", "response"), body: ByteBuffer(string: "{}"))
        #expect(await joiner.take(response)?.request.id == "id999")
    }
}
