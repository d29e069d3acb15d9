import DriftwatchData
import DriftwatchHTTP
import DriftwatchRegistry
import DriftwatchReport
import Foundation
import Hummingbird
import NIOCore

extension Agent {
    /// The retrain loop's routes: the Alertmanager webhook, manual retrains and the loop's state.
    nonisolated func addLoopRoutes(open: RouterGroup<BasicRequestContext>, writes: RouterGroup<BasicRequestContext>, loop: RetrainCoordinator) {
        let limit = configuration.bodyLimit
        writes.post("/v1/alertmanager") { request, _ in
            let body = try await Self.body(request, limit: limit)
            let payload: AlertmanagerPayload
            do {
                payload = try JSONDecoder().decode(AlertmanagerPayload.self, from: Data(buffer: body))
            } catch {
                throw APIError(status: .badRequest, message: "not an Alertmanager webhook payload (version 4: status, alerts[] with labels and startsAt): \(JSONProblem.describe(error))")
            }
            let outcome = await loop.receive(payload.alerts)
            var fields: [(String, JSONValue)] = [("accepted", .int(outcome.accepted)), ("ignored", .int(outcome.ignored)), ("duplicates", .int(outcome.duplicates))]
            if let answer = outcome.answer { fields.append(("retrain", Self.loopJSON(answer))) }
            return JSONResponse.make(body: JSONValue.object(fields).rendered(pretty: false))
        }
        writes.post("/v1/retrain") { request, _ in
            let body = try await RequestContent.collect(request, limit: limit)
            var reason = "manual"
            if body.readableBytes > 0, let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any], let given = object["reason"] as? String {
                reason = "manual: \(given)"
            }
            let answer = await loop.request(trigger: reason, manual: true)
            let status: HTTPResponse.Status
            switch answer {
            case .started: status = .accepted
            case .busy, .refused: status = .conflict
            }
            return JSONResponse.make(status: status, body: JSONValue.object([("retrain", Self.loopJSON(answer))]).rendered(pretty: false))
        }
        open.get("/api/v1/loop") { _, _ in
            let attempts = try await loop.registry.store.attempts(model: loop.model, limit: 20)
            let state = attempts.first { $0.state.isActive }?.state ?? .watching
            return JSONResponse.make(body: JSONValue.object([("model", .string(loop.model)), ("state", .string(state.rawValue)),
                                                             ("attempts", .array(attempts.map(Self.loopJSON)))]).rendered(pretty: false))
        }
    }

    static func loopJSON(_ answer: RetrainCoordinator.Answer) -> JSONValue {
        switch answer {
        case .started(let attempt): .object([("outcome", .string("started")), ("attempt", loopJSON(attempt))])
        case .busy(let attempt): .object([("outcome", .string("busy")), ("attempt", loopJSON(attempt))])
        case .refused(let reason): .object([("outcome", .string("refused")), ("reason", .string(reason))])
        }
    }

    static func loopJSON(_ attempt: RetrainAttempt) -> JSONValue {
        .object([
            ("id", .int(Int(attempt.id))), ("state", .string(attempt.state.rawValue)), ("trigger", .string(attempt.trigger)),
            ("started_at", .number(attempt.startedAt.timeIntervalSince1970)), ("updated_at", .number(attempt.updatedAt.timeIntervalSince1970)),
            ("champion_version", attempt.championVersion.map { .int($0) } ?? .null), ("challenger_version", attempt.challengerVersion.map { .int($0) } ?? .null),
            ("metric", attempt.metric.map { .string($0) } ?? .null), ("champion_score", attempt.championScore.map { .number($0) } ?? .null),
            ("challenger_score", attempt.challengerScore.map { .number($0) } ?? .null), ("verified_score", attempt.verifiedScore.map { .number($0) } ?? .null),
            ("detail", .string(attempt.detail)),
        ])
    }

}
