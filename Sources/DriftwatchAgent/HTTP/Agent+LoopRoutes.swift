import DriftwatchData
import DriftwatchHTTP
import DriftwatchRegistry
import DriftwatchReport
import Foundation
import Hummingbird
import NIOCore

/// Who may start a retrain over HTTP: with a token configured, requests that carry it as a
/// bearer token; without one, only an agent listening on loopback accepts them.
struct LoopAccess: Sendable {
    var token: String?
    var host: String

    var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") }

    func check(_ request: Request) throws {
        if let token {
            let given = request.headers[.authorization] ?? ""
            guard Self.constantTimeEqual(Array(given.utf8), Array("Bearer \(token)".utf8)) else {
                throw APIError(status: .unauthorized, message: "send the loop token as 'Authorization: Bearer <token>'")
            }
        } else if !isLoopback {
            throw APIError(status: .forbidden, message: "the agent listens on \(host): set loop.token (or the DRIFTWATCH_TOKEN variable) to accept retrain requests from the network")
        }
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Agent {
    /// The retrain loop's routes: the Alertmanager webhook, manual retrains and the loop's state.
    nonisolated func addLoopRoutes(to router: Router<BasicRequestContext>, loop: RetrainCoordinator) {
        let access = LoopAccess(token: loop.policy.token, host: configuration.host)
        let limit = configuration.bodyLimit
        router.post("/v1/alertmanager") { request, _ in
            try access.check(request)
            let body = try await Self.body(request, limit: limit)
            let payload: AlertmanagerPayload
            do {
                payload = try JSONDecoder().decode(AlertmanagerPayload.self, from: Data(buffer: body))
            } catch {
                throw APIError(status: .badRequest, message: "not an Alertmanager webhook payload (version 4: status, alerts[] with labels and startsAt): \(Self.decodingProblem(error))")
            }
            let outcome = await loop.receive(payload.alerts)
            var fields: [(String, JSONValue)] = [("accepted", .int(outcome.accepted)), ("ignored", .int(outcome.ignored)), ("duplicates", .int(outcome.duplicates))]
            if let answer = outcome.answer { fields.append(("retrain", Self.loopJSON(answer))) }
            return JSONResponse.make(body: JSONValue.object(fields).rendered(pretty: false))
        }
        router.post("/v1/retrain") { request, _ in
            try access.check(request)
            let body = try await request.body.collect(upTo: limit)
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
        router.get("/api/v1/loop") { _, _ in
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

    static func decodingProblem(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context): "missing '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: "invalid JSON"
        default: "\(error)"
        }
    }
}
