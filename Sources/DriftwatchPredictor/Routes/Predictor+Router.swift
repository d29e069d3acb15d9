import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import Foundation
import Hummingbird
import NIOCore

extension Predictor {
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        let policy = configuration.security.policy(host: configuration.host)
        let probes = router.group(.probe, policy)
        let open = router.group(.open, policy)
        let writes = router.group(.write, policy)
        let logReads = router.group(.readLog, policy)
        probes.get("/health") { _, _ in JSONResponse.make(body: "{\"status\":\"ok\"}") }
        probes.get("/ready") { _, _ in
            guard let model = slot.model else {
                return JSONResponse.make(status: .serviceUnavailable, body: "{\"ready\":false,\"reason\":\"no model loaded: is an alias set?\"}")
            }
            return JSONResponse.make(body: "{\"ready\":true,\"model\":\(JSONText.quote(model.name)),\"model_version\":\(model.version)}")
        }
        open.get("/version") { _, _ in
            let model = slot.model
            // The challenger and its policy, when traffic is shared.
            let traffic = challenger.traffic.map {
                "{\"mode\":\"\($0.policy.mode.rawValue)\",\"weight\":\(JSONText.number($0.policy.weight)),\"alias\":\(JSONText.quote($0.policy.challengerAlias)),\"model_version\":\($0.model.version)}"
            } ?? "null"
            return JSONResponse.make(body: "{\"driftwatch\":\(JSONText.quote(version)),\"model\":\(JSONText.quote(configuration.model)),\"alias\":\(JSONText.quote(configuration.alias)),\"model_version\":\(model.map { String($0.version) } ?? "null"),\"challenger\":\(traffic)}")
        }
        open.get("/metrics") { _, _ in MetricsResponse.make(metrics.renderBytes()) }
        open.get("/openapi.yaml") { _, _ in OpenAPIDocuments.response(OpenAPIDocuments.predictor) }
        open.post("/predict") { request, _ in try await predict(request) }
        open.post("/invocations") { request, _ in try await invocations(request) }
        writes.post("/v1/feedback") { request, _ in try await feedback(request) }
        logReads.get("/v1/predictions") { request, _ in try await predictions(request) }
        addInferenceProtocolRoutes(probes: probes, open: open)
        return router
    }

    func servingModel() throws -> ServingModel {
        guard let model = slot.model else { throw APIError(status: .serviceUnavailable, message: "no model loaded yet") }
        return model
    }

    /// Predicts every record first, so a bad record fails the request and nothing is logged. The
    /// shadow challenger (if any) scores the same records; its failure never fails the request.
    /// With a durable log, returns only once the predictions' log rows are committed.
    func score(_ records: [RequestRecord], _ assignment: Assignment) async throws -> [(id: String, value: Double)] {
        let model = assignment.model
        var values: [Double] = []
        values.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            do {
                let (value, unseen) = try model.predict(record.inputs)
                guard value.isFinite else {
                    throw APIError(status: .internalServerError,
                                   message: "model '\(model.name)' version \(model.version) predicted \(value) for \(records.count > 1 ? "record \(index)" : "the record"); nothing was logged",
                                   headers: [Self.versionHeader: String(model.version)])
                }
                metrics.unseen(unseen)
                values.append(value)
            } catch let error as RecordError {
                throw APIError(status: .badRequest, message: records.count > 1 ? "record \(index): \(error.message)" : error.message,
                               headers: [Self.versionHeader: String(model.version)])
            }
        }
        var shadowValues: [Double]?
        if let shadow = assignment.shadow {
            // A non-finite shadow answer counts as the shadow's failure and is not logged.
            if let values = try? records.map({ try shadow.predict($0.inputs).value }), values.allSatisfy(\.isFinite) {
                shadowValues = values
                metrics.predicted(records.count, version: shadow.version, variant: "shadow")
            } else {
                metrics.shadowFailed()
            }
        }
        metrics.predicted(records.count, version: model.version, variant: assignment.variant)
        let ids = self.ids.next(records.count)
        let now = Date().timeIntervalSince1970
        let ticket = log.enqueue(records.indices.map { index in
            PendingPrediction(id: ids[index], timestamp: now, modelVersion: model.version, features: records[index].json, prediction: values[index],
                              shadowVersion: shadowValues == nil ? nil : assignment.shadow?.version, shadowPrediction: shadowValues?[index])
        })
        if configuration.durableLog {
            guard let ticket, await log.commit(through: ticket) else {
                throw APIError(status: .serviceUnavailable,
                               message: ticket == nil ? "the prediction log's queue is full; nothing was logged, send the request again"
                                   : "the prediction could not be written to the log yet (it is written when the log store recovers); it was not answered",
                               headers: [Self.versionHeader: String(model.version)])
            }
        }
        return Array(zip(ids, values)).map { (id: $0.0, value: $0.1) }
    }

    /// The header naming the model version that answered (also on refusals), which the request
    /// metrics are labelled with.
    static let versionHeader = HTTPFields.Element.Name("Driftwatch-Model-Version")!
    /// The header a client may send to route its requests (one user, one version).
    static let routingKeyHeader = HTTPFields.Element.Name("Driftwatch-Routing-Key")!

    /// Who answers a request: the champion, or the challenger under a canary or A/B policy; a
    /// shadow challenger scores it too.
    struct Assignment {
        var model: ServingModel
        var variant: String
        var shadow: ServingModel?
    }

    func assign(_ request: Request, records: [RequestRecord], champion: ServingModel) -> Assignment {
        guard let traffic = challenger.traffic else { return Assignment(model: champion, variant: "champion") }
        switch traffic.policy.mode {
        case .shadow:
            return Assignment(model: champion, variant: "champion", shadow: traffic.model)
        case .canary, .ab:
            let weight = traffic.policy.weight
            let toChallenger = if let key = routingKey(request, records: records, field: traffic.policy.key) {
                TrafficRouting.routesToChallenger(key: key, model: configuration.model, weight: weight)
            } else {
                Double.random(in: 0..<100) < weight
            }
            return toChallenger ? Assignment(model: traffic.model, variant: "challenger") : Assignment(model: champion, variant: "champion")
        }
    }

    /// The request's routing key: the header, else the policy's field in the first record.
    func routingKey(_ request: Request, records: [RequestRecord], field: String?) -> String? {
        if let header = request.headers[Self.routingKeyHeader], !header.isEmpty { return header }
        guard let field, let value = records.first?.inputs[field] else { return nil }
        switch value {
        case .text(let text): return text
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .missing, .vector: return nil
        }
    }

    func predict(_ request: Request) async throws -> Response {
        try RequestContent.requireType(request, ["application/json"])
        let body = try await RequestContent.collect(request, limit: configuration.bodyLimit)
        let champion = try servingModel()
        let (records, isArray) = try RecordParsing.predictBody(body)
        let assignment = assign(request, records: records, champion: champion)
        let results = try await score(records, assignment)
        let model = assignment.model
        let items = results.map { "{\"prediction\":\(JSONText.number($0.value)),\"model_version\":\(model.version),\"variant\":\"\(assignment.variant)\",\"prediction_id\":\"\($0.id)\"}" }
        var response = JSONResponse.make(body: isArray ? "[" + items.joined(separator: ",") + "]" : items[0])
        response.headers[Self.versionHeader] = String(model.version)
        return response
    }

    func invocations(_ request: Request) async throws -> Response {
        let type = try RequestContent.requireType(request, ["application/json", "text/csv"])
        let body = try await RequestContent.collect(request, limit: configuration.bodyLimit)
        let champion = try servingModel()
        let records = try MLflowInput.records(body, contentType: type)
        let assignment = assign(request, records: records, champion: champion)
        let results = try await score(records, assignment)
        var response = JSONResponse.make(body: "{\"predictions\":[" + results.map { JSONText.number($0.value) }.joined(separator: ",") + "]}")
        response.headers[Self.versionHeader] = String(assignment.model.version)
        return response
    }

    /// Ground truth for earlier predictions: `{"prediction_id": …, "actual": …}` or an array of them.
    func feedback(_ request: Request) async throws -> Response {
        try RequestContent.requireType(request, ["application/json"])
        let body = try await RequestContent.collect(request, limit: configuration.bodyLimit)
        let document: AnyJSON
        do {
            document = try JSONDecoder().decode(AnyJSON.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest("invalid JSON")
        }
        let items: [AnyJSON]
        switch document {
        case .array(let array): items = array
        case .object: items = [document]
        default: throw APIError.badRequest("send {\"prediction_id\": …, \"actual\": …} or an array of them")
        }
        guard !items.isEmpty else { throw APIError.badRequest("empty array: send at least one feedback item") }
        let regression = slot.model?.artifact.model.task == .regression
        let pairs = try items.enumerated().map { index, item -> (String, String) in
            guard case .object(let members) = item, case .scalar(.text(let id))? = members["prediction_id"],
                  let actual = members["actual"]?.input, actual != .missing else {
                throw APIError.badRequest("feedback \(index): needs a string prediction_id and a scalar, non-null actual")
            }
            if case .number(let value) = actual, !value.isFinite { throw APIError.badRequest("feedback \(index): actual must be finite") }
            if regression, case .text = actual { throw APIError.badRequest("feedback \(index): actual must be a number: '\(configuration.model)' is a regression model") }
            return (id, actual.jsonText)
        }
        var unknown: [String] = []
        for (id, actual) in pairs where try await !log.feedback(id: id, actual: actual) { unknown.append(id) }
        if !unknown.isEmpty {
            return JSONResponse.make(status: .notFound, body: "{\"error\":\"unknown prediction_id\",\"unknown\":[" + unknown.map(JSONText.quote).joined(separator: ",") + "],\"recorded\":\(pairs.count - unknown.count)}")
        }
        return JSONResponse.make(body: "{\"recorded\":\(pairs.count)}")
    }

    /// The prediction log after a cursor: `?after=SEQ&limit=N` (N ≤ 10,000). A log shared by a
    /// fleet holds every replica's predictions; this replica's are returned unless
    /// `instance=NAME` names another or `instance=*` asks for all.
    func predictions(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard let after = Int64(query["after"].map(String.init) ?? "0"), after >= 0 else { throw APIError.badRequest("after must be a non-negative integer") }
        guard let limit = Int(query["limit"].map(String.init) ?? "1000"), (1...10_000).contains(limit) else { throw APIError.badRequest("limit must be between 1 and 10000") }
        let instance = query["instance"].map(String.init) ?? log.instance
        let rows = try await log.page(after: after, limit: limit, instance: instance == "*" ? nil : instance)
        let page = PredictionLogPage(predictions: try rows.map { try $0.entry() }, nextAfter: rows.last?.seq ?? after)
        return JSONResponse.make(bytes: page.encoded())
    }
}

/// Counts every request by route pattern and status, and times it.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: PredictorMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(context, code: Int(response.status.code), version: response.headers[versionHeader], since: start)
            return response
        } catch let error as APIError {
            record(context, code: Int(error.status.code), version: error.headers[versionHeader], since: start)
            throw error
        } catch {
            // Framework errors (unknown route, oversized body, …) get the same JSON shape as ours.
            let refusal = APIError.from(error, request: request)
            record(context, code: Int(refusal.status.code), version: nil, since: start)
            throw refusal
        }
    }

    private var versionHeader: HTTPFields.Element.Name { Predictor.versionHeader }

    private func record(_ context: Context, code: Int, version: String?, since start: ContinuousClock.Instant) {
        metrics.request(route: context.endpointPath ?? "unmatched", code: code, version: version ?? "", seconds: (ContinuousClock.now - start).inSeconds)
    }
}
