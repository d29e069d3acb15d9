import DriftwatchData
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import DriftwatchAgent

@Suite(.serialized) struct LoopRouteTests {
    func alert(_ status: String, fingerprint: String, labels: [String: String] = ["alertname": "DriftwatchDatasetDrift", "driftwatch_action": "retrain"]) -> String {
        let labelText = labels.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ")
        return #"{"status": "\#(status)", "labels": {\#(labelText)}, "annotations": {"summary": "drift"}, "startsAt": "2026-11-26T10:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus", "fingerprint": "\#(fingerprint)"}"#
    }

    func payload(_ alerts: [String], status: String = "firing") -> ByteBuffer {
        ByteBuffer(string: #"{"version": "4", "groupKey": "{}:{}", "truncatedAlerts": 0, "status": "\#(status)", "receiver": "driftwatch", "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://alertmanager", "alerts": [\#(alerts.joined(separator: ","))]}"#)
    }

    @Test func theWebhookStartsOneRetrainPerFiringAlertAndIgnoresTheRest() async throws {
        let fixture = try await LoopFixture()
        let (agent, loop) = try await fixture.process(drives: false)
        await agent.ingest(LoopFixture.rows(300, seed: 11) { 2 * $0 })
        let app = Application(router: agent.buildRouter(loop: loop))
        try await app.test(.router) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            // Resolved alerts and alerts without the action label do nothing.
            try await client.execute(uri: "/v1/alertmanager", method: .post, headers: json,
                                     body: payload([alert("resolved", fingerprint: "a1"), alert("firing", fingerprint: "b2", labels: ["alertname": "Other"])])) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"accepted":0,"ignored":2,"duplicates":0}"#)
            }
            try await client.execute(uri: "/v1/alertmanager", method: .post, headers: json, body: payload([alert("firing", fingerprint: "c3")])) { response in
                #expect(response.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(object["accepted"] as? Int == 1)
                let retrain = try #require(object["retrain"] as? [String: Any])
                #expect(retrain["outcome"] as? String == "started")
                #expect((retrain["attempt"] as? [String: Any])?["trigger"] as? String == "alertmanager: DriftwatchDatasetDrift")
            }
            // Alertmanager repeats the notification: the same alert is not acted on twice.
            try await client.execute(uri: "/v1/alertmanager", method: .post, headers: json, body: payload([alert("firing", fingerprint: "c3")])) { response in
                #expect(String(buffer: response.body) == #"{"accepted":0,"ignored":0,"duplicates":1}"#)
            }
            try await client.execute(uri: "/v1/alertmanager", method: .post, headers: json, body: ByteBuffer(string: #"{"status": "firing"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("missing 'alerts'"))
            }
            // A manual request while the attempt is under way is answered 409 with it.
            try await client.execute(uri: "/v1/retrain", method: .post, headers: json, body: ByteBuffer(string: #"{"reason": "test"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains(#""outcome":"busy""#))
            }
            try await client.execute(uri: "/api/v1/loop", method: .get) { response in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                #expect(object["state"] as? String == "triggered")
            }
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("reference: version 1's training data") && page.contains("retrain loop: triggered"))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"driftwatch_alertmanager_alerts_total{outcome="accepted"} 1"#))
                #expect(text.contains(#"driftwatch_alertmanager_alerts_total{outcome="duplicate"} 1"#))
                #expect(text.contains(#"driftwatch_loop_state{model="rides",state="triggered"} 1.0"#))
            }
        }
    }

    @Test func writeRoutesNeedTheTokenOrLoopback() async throws {
        let fixture = try await LoopFixture()
        var configuration = try fixture.configuration(", token: s3cret")
        configuration.host = "0.0.0.0"
        let agent = try await Agent.start(configuration: configuration, version: "test")
        let loop = RetrainCoordinator(agent: agent, registry: fixture.registry, policy: configuration.loop!, training: try .load(path: fixture.trainingPath),
                                      codeVersion: "test", logger: Logger(label: "test"), drivesAttempts: false)
        try await Application(router: agent.buildRouter(loop: loop)).test(.router) { client in
            try await client.execute(uri: "/v1/retrain", method: .post) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/retrain", method: .post, headers: [.authorization: "Bearer wrong"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/retrain", method: .post, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .conflict)  // allowed, but the window has no labelled rows yet
                #expect(String(buffer: response.body).contains("labelled rows"))
            }
            // The token guards what the loop learns from too: rows and labels.
            let rows = ByteBuffer(string: #"[{"id": "r1", "x": 1.0, "actual": 5.0}]"#)
            for uri in ["/v1/ingest", "/v1/labels"] {
                try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: rows) { #expect($0.status == .unauthorized) }
            }
            try await client.execute(uri: "/v1/ingest", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer s3cret"], body: rows) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
        }
        // Listening beyond loopback without a token: writes are refused outright.
        var open = try fixture.configuration()
        open.host = "0.0.0.0"
        let exposed = try await Agent.start(configuration: open, version: "test")
        let exposedLoop = RetrainCoordinator(agent: exposed, registry: fixture.registry, policy: open.loop!, training: try .load(path: fixture.trainingPath),
                                             codeVersion: "test", logger: Logger(label: "test"), drivesAttempts: false)
        try await Application(router: exposed.buildRouter(loop: exposedLoop)).test(.router) { client in
            try await client.execute(uri: "/v1/alertmanager", method: .post, headers: [.contentType: "application/json"], body: payload([])) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("answers only on a loopback listener"))
            }
            try await client.execute(uri: "/v1/ingest", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "[]")) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func theLoopSectionIsCheckedKeyByKey() throws {
        let base = "model: m\nreference: {registry: r}\n"
        let policy = try AgentConfiguration.parse(yaml: base + "loop: {training: t.yaml, token_env: DW_TOKEN, trigger: {drift_evaluations: 2, accuracy_margin: off}}\n",
                                                  source: "a.yaml", environment: ["DW_TOKEN": "abc"]).loop
        #expect(policy?.driftEvaluations == 2 && policy?.accuracyMargin == nil && policy?.token == "abc")
        #expect(throws: DataError(file: "a.yaml", line: 4, "unknown key 'loop.cooldwn' (known: \(LoopPolicy.knownKeys.joined(separator: ", ")))")) {
            try AgentConfiguration.parse(yaml: base + "loop:\n  cooldwn: 5\n  training: t.yaml\n", source: "a.yaml", environment: [:])
        }
        #expect(throws: DataError(file: "a.yaml", line: 3, "loop needs training: a training config (train.yaml) or a training command ({command: [...]})")) {
            try AgentConfiguration.parse(yaml: base + "loop: {cooldown: 5}\n", source: "a.yaml", environment: [:])
        }
        #expect(throws: DataError(file: "a.yaml", line: 5, "loop.holdout must be a share between 0 and 1")) {
            try AgentConfiguration.parse(yaml: base + "loop:\n  training: t.yaml\n  holdout: 1.5\n", source: "a.yaml", environment: [:])
        }
        #expect(throws: DataError(file: "a.yaml", line: 3, "the loop promotes models in a registry: set reference: {registry: …} so the reference follows the champion")) {
            try AgentConfiguration.parse(yaml: "model: m\nreference: {file: r.csv}\nloop: {training: t.yaml}\n", source: "a.yaml", environment: [:])
        }
    }
}
