import DriftwatchHTTP
import DriftwatchLearning
import Foundation

/// Reads the Driftwatch predictor's prediction log (`GET /v1/predictions?after=SEQ&limit=N`)
/// page by page, keeping the cursor so that nothing is read twice.
public struct PredictionLogPull: Sendable {
    public let baseURL: URL
    /// Column the prediction is recorded under in the agent's rows.
    public let predictionColumn: String
    public let pageSize: Int
    /// Whose rows of a shared log to read (`*`: everyone's); nil: the predictor's own.
    public let instance: String?
    /// The last log sequence number read.
    public private(set) var cursor: Int64
    /// What the predictor asks of a log reader (a token, a user) and the CA of its certificate.
    public let credentials: ClientCredentials

    public init(baseURL: URL, predictionColumn: String, pageSize: Int = 5_000, cursor: Int64 = 0, instance: String? = nil,
                credentials: ClientCredentials = ClientCredentials()) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.instance = instance
        self.predictionColumn = predictionColumn
        self.pageSize = pageSize
        self.cursor = cursor
    }

    /// Continues after a cursor saved before a restart.
    public mutating func resume(after saved: Int64) {
        cursor = max(cursor, saved)
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The next page of logged predictions as rows; the cursor advances past them.
    public mutating func next(now: Double = Date().timeIntervalSince1970) async throws -> [ObservedRow] {
        var components = URLComponents(url: baseURL.appendingPathComponent("v1/predictions"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "after", value: String(cursor)), URLQueryItem(name: "limit", value: String(pageSize))]
        if let instance { components.queryItems?.append(URLQueryItem(name: "instance", value: instance)) }
        let answer = try await ServiceClient.send(components.url!, credentials: credentials)
        guard answer.status == 200 else {
            let reason = answer.status == 401 || answer.status == 403 ? " (set token_file, or username and password_file, on the pull source)" : ""
            throw Failure(description: "\(components.url!) answered \(answer.status)\(reason)")
        }
        let page: PredictionLogPage
        do {
            page = try PredictionLogPage.decode(answer.body)
        } catch {
            throw Failure(description: "\(components.url!) did not return a prediction log page")
        }
        let rows = try page.predictions.map { entry -> ObservedRow in
            var values = try entry.features.values()
            values[predictionColumn] = .number(entry.prediction)
            let actual = entry.actual.flatMap { $0 == .missing ? nil : $0 }
            return ObservedRow(id: entry.id, values: values, actual: actual, receivedAt: now, modelVersion: entry.modelVersion,
                               shadowVersion: entry.shadow?.modelVersion, shadowPrediction: entry.shadow?.prediction)
        }
        cursor = max(cursor, page.nextAfter)
        return rows
    }
}

extension PredictionLogPull: PolledSource {
    public var name: String { "pull" }

    public mutating func resume(from position: String) {
        if let saved = Int64(position) { resume(after: saved) }
    }

    /// The next page; a full page means more may be waiting, a short one that the log is caught up.
    public mutating func poll() async throws -> (rows: [ObservedRow], rejected: Int, position: String, more: Bool) {
        let rows = try await next()
        return (rows, 0, String(cursor), rows.count == pageSize)
    }
}
