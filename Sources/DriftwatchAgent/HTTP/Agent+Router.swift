import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import DriftwatchReport
import Foundation
import Hummingbird
import NIOCore

extension Agent {
    /// The agent's HTTP routes, with the retrain loop's when it has one. Who may call each is
    /// decided by the configuration's ``ServerSecurity`` (a loop token counts as a bearer token).
    public nonisolated func buildRouter(loop: RetrainCoordinator? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware())
        let policy = accessPolicy(loop: loop)
        let probes = router.group(.probe, policy)
        let open = router.group(.open, policy)
        let writes = router.group(.write, policy)
        if let loop { addLoopRoutes(open: open, writes: writes, loop: loop) }
        let limit = configuration.bodyLimit
        open.get("/") { _, _ in
            let active = await loop?.activeAttempt()
            let page = await self.statusPage(loopState: loop == nil ? nil : active?.state ?? .watching, activeAttempt: active)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        probes.get("/health") { _, _ in JSONResponse.make(body: "{\"status\":\"ok\"}") }
        probes.get("/ready") { _, _ in
            let ready = await self.isReady
            let reference = await self.referenceVersion.map(String.init) ?? "null"
            return JSONResponse.make(status: ready ? .ok : .serviceUnavailable,
                                     body: "{\"ready\":\(ready),\"window_rows\":\(await self.windowRows),\"reference_version\":\(reference)}")
        }
        open.get("/metrics") { _, _ in MetricsResponse.make(self.exporter.renderBytes()) }
        open.get("/openapi.yaml") { _, _ in OpenAPIDocuments.response(OpenAPIDocuments.agent) }
        open.get("/api/v1/snapshot") { _, _ in
            guard let snapshot = await self.servedSnapshot else {
                throw APIError(status: .notFound, message: "no snapshot yet: the window needs \(self.configuration.minRows) rows")
            }
            return JSONResponse.make(body: snapshot.json.rendered(pretty: false))
        }
        writes.post("/v1/ingest") { request, _ in
            let body = try await Self.body(request, limit: limit)
            let (rows, rejected) = try Self.rows(body)
            let accepted = await self.ingest(rows, rejected: rejected)
            try await self.acknowledge("rows")
            return JSONResponse.make(body: "{\"accepted\":\(accepted),\"rejected\":\(rejected)}")
        }
        // KServe's inference logger: request and response events joined by their id into rows.
        let joiner = InferenceEventJoiner()
        writes.post("/v1/cloudevents") { request, _ in
            let event = try InferenceEvent(headers: request.headers, body: try await RequestContent.collect(request, limit: limit))
            guard let pair = await joiner.take(event) else {
                return JSONResponse.make(status: .accepted, body: "{\"accepted\":0,\"waiting_for\":\"\(event.kind == .request ? "response" : "request")\"}")
            }
            let schema = await self.profile.schema
            let rows = try InferenceEvent.rows(request: pair.request, response: pair.response, features: schema.names(withRole: .feature),
                                               prediction: schema.names(withRole: .prediction).first ?? "prediction", receivedAt: Date().timeIntervalSince1970)
            let accepted = await self.ingest(rows)
            try await self.acknowledge("rows")
            return JSONResponse.make(status: .accepted, body: "{\"accepted\":\(accepted)}")
        }
        writes.post("/v1/labels") { request, _ in
            let body = try await Self.body(request, limit: limit)
            let labels = try Self.labels(body)
            var matched = 0
            for (id, actual) in labels where await self.label(id: id, actual: actual) { matched += 1 }
            try await self.acknowledge("labels")
            return JSONResponse.make(body: "{\"matched\":\(matched),\"unmatched\":\(labels.count - matched)}")
        }
        return router
    }

    /// The configured users and tokens, with the loop's token as one more bearer token.
    nonisolated func accessPolicy(loop: RetrainCoordinator?) -> AccessPolicy {
        var security = configuration.security
        if let token = loop?.policy.token, !security.tokens.contains(token) { security.tokens.append(token) }
        return security.policy(host: configuration.host)
    }

    /// With a state file, pushed rows and labels are saved before they are acknowledged; when the
    /// save fails the client hears so (503) and may send them again.
    func acknowledge(_ what: String) async throws {
        do {
            try await saveTaken()
        } catch {
            throw APIError(status: .serviceUnavailable, message: "the \(what) were taken but could not be saved to the state file (\(error)); send them again")
        }
    }

    static func body(_ request: Request, limit: Int) async throws -> ByteBuffer {
        try RequestContent.requireType(request, ["application/json"])
        return try await RequestContent.collect(request, limit: limit)
    }

    static func objects(_ buffer: ByteBuffer) throws -> [FlatJSONObject] {
        try buffer.withUnsafeReadableBytes { raw in
            do {
                return try FlatJSONRecords.parse(raw.bindMemory(to: UInt8.self)).objects.map(\.0)
            } catch let failure as FlatJSONRecords.Failure {
                throw APIError(status: .badRequest, message: failure.message)
            }
        }
    }

    /// Ingested records: column values, an optional `id` and an optional `actual`. A record with a
    /// non-finite number is skipped and counted, not fatal to the others.
    static func rows(_ buffer: ByteBuffer) throws -> (rows: [ObservedRow], rejected: Int) {
        let now = Date().timeIntervalSince1970
        var rows: [ObservedRow] = [], rejected = 0
        for object in try objects(buffer) {
            if let row = ObservedRow(object, receivedAt: now) { rows.append(row) } else { rejected += 1 }
        }
        return (rows, rejected)
    }

    /// `{"id": …, "actual": …}` or an array of them.
    static func labels(_ buffer: ByteBuffer) throws -> [(String, FeatureInput)] {
        try objects(buffer).enumerated().map { index, object in
            let members = Dictionary(object.members, uniquingKeysWith: { first, _ in first })
            guard let idValue = members["id"], let actualValue = members["actual"], let actual = FeatureInput(actualValue), actual != .missing else {
                throw APIError(status: .badRequest, message: "label \(index): needs an id and a non-null, finite actual")
            }
            switch idValue {
            case .string(let id), .number(let id): return (id, actual)
            default: throw APIError(status: .badRequest, message: "label \(index): id must be a string or a number")
            }
        }
    }
}
