import DriftwatchData
import DriftwatchHTTP
import Foundation

/// Fetches a model's files from an MLflow tracking server over its REST API, as MLflow's client
/// does: a URI resolves to a model version (an alias through `registered-models/alias`), the version
/// to its artifacts (`model-versions/get-download-uri`), a run's path to the run's artifacts or the
/// logged model of that name; the files come through the server's artifact proxy
/// (`mlflow-artifacts`, served by default since MLflow 2.0). Every answer is checked before it is
/// used: a wrong shape, a path that climbs out of the model, an artifact store the server does not
/// proxy are errors that name the server and the URI.
public struct MLflowTrackingServer: Sendable {
    public let url: URL
    public let credentials: ClientCredentials

    public init(url: URL, credentials: ClientCredentials) {
        self.url = url
        self.credentials = credentials
    }

    /// The credentials MLflow's own clients read from the environment: `MLFLOW_TRACKING_TOKEN`, or
    /// `MLFLOW_TRACKING_USERNAME` and `MLFLOW_TRACKING_PASSWORD`; `MLFLOW_TRACKING_SERVER_CERT_PATH`
    /// for a CA.
    public static func environmentCredentials(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ClientCredentials {
        ClientCredentials(token: environment["MLFLOW_TRACKING_TOKEN"], username: environment["MLFLOW_TRACKING_USERNAME"],
                          password: environment["MLFLOW_TRACKING_PASSWORD"], caFile: environment["MLFLOW_TRACKING_SERVER_CERT_PATH"])
    }

    public struct Fetched: Sendable {
        public var file: Data
        /// The file as errors name it: the URI and the file's name in the model.
        public var source: String
        /// Where it came from, for the import's run.
        public var origin: [String: String]
    }

    /// The booster file of the model `uri` names.
    public func fetch(_ uri: MLflowModelURI) async throws -> Fetched {
        var origin = ["mlflow_tracking_uri": url.absoluteString, "mlflow_model_uri": uri.description]
        let artifacts: String
        switch uri {
        case .alias(let name, let alias):
            let answer = try await get("mlflow/registered-models/alias", ["name": name, "alias": alias], uri)
            guard let version = (answer["model_version"] as? [String: Any])?["version"].flatMap({ Int("\($0)") }) else {
                throw failure(uri, "the alias answer holds no model_version.version")
            }
            origin["mlflow_model_version"] = String(version)
            artifacts = try await downloadURI(name: name, version: version, uri)
        case .version(let name, let version):
            origin["mlflow_model_version"] = String(version)
            artifacts = try await downloadURI(name: name, version: version, uri)
        case .loggedModel(let id):
            artifacts = try await loggedModelArtifacts(try await get("mlflow/logged-models/\(id)", [:], uri)["model"], uri)
        case .run(let id, let path):
            artifacts = try await runArtifacts(run: id, path: path, uri)
        }
        let folder = try proxyPath(artifacts, uri)
        let mlmodelText = try await file(folder + "/" + MLflowModelFile.name, uri)
        let source = "\(uri)/\(MLflowModelFile.name)"
        let model = try MLflowModelFile(yaml: String(decoding: mlmodelText, as: UTF8.self), source: source)
        origin["mlflow_artifact_uri"] = artifacts
        return Fetched(file: try await file(folder + "/" + model.data, uri), source: "\(uri)/\(model.data)", origin: origin)
    }

    // MARK: Resolution

    private func downloadURI(name: String, version: Int, _ uri: MLflowModelURI) async throws -> String {
        let answer = try await get("mlflow/model-versions/get-download-uri", ["name": name, "version": String(version)], uri)
        guard let artifacts = answer["artifact_uri"] as? String else { throw failure(uri, "the download-URI answer holds no artifact_uri") }
        return artifacts
    }

    private func loggedModelArtifacts(_ model: Any?, _ uri: MLflowModelURI) async throws -> String {
        guard let info = (model as? [String: Any])?["info"] as? [String: Any], let artifacts = info["artifact_uri"] as? String else {
            throw failure(uri, "the logged model's answer holds no info.artifact_uri")
        }
        return artifacts
    }

    /// A run's path: the run's own artifacts (MLflow 2), else the logged model the run made under
    /// that name (MLflow 3 keeps models apart from runs).
    private func runArtifacts(run: String, path: String, _ uri: MLflowModelURI) async throws -> String {
        let answer = try await get("mlflow/runs/get", ["run_id": run], uri)
        guard let info = (answer["run"] as? [String: Any])?["info"] as? [String: Any], let root = info["artifact_uri"] as? String,
              let experiment = info["experiment_id"] as? String else {
            throw failure(uri, "the run's answer holds no info.artifact_uri and experiment_id")
        }
        let inRun = root + "/" + path
        if let folder = try? proxyPath(inRun, uri), try await list(folder, uri).contains(MLflowModelFile.name) { return inRun }
        let search = try await post("mlflow/logged-models/search", ["experiment_ids": [experiment], "filter": "source_run_id = '\(run)'"], uri)
        let models = (search["models"] as? [Any]) ?? []
        guard let model = models.first(where: { (($0 as? [String: Any])?["info"] as? [String: Any])?["name"] as? String == path }) else {
            throw failure(uri, "run \(run) has no model at '\(path)' (neither among its artifacts nor its logged models)")
        }
        return try await loggedModelArtifacts(model, uri)
    }

    /// The path under the artifact proxy of an `mlflow-artifacts:` URI.
    private func proxyPath(_ artifacts: String, _ uri: MLflowModelURI) throws -> String {
        guard artifacts.hasPrefix("mlflow-artifacts:") else {
            throw failure(uri, "its artifacts are at '\(Message.short(artifacts, limit: 100))', which the server does not proxy; start it with --serve-artifacts (the default), or download the model and import it with --mlflow-model")
        }
        var path = String(artifacts.dropFirst("mlflow-artifacts:".count))
        // mlflow-artifacts://host:port/path names the server too; the path is what counts.
        if path.hasPrefix("//") { path = String(path.dropFirst(2).drop { $0 != "/" }) }
        let parts = path.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0 == "." }) else { throw failure(uri, "artifact URI '\(Message.short(artifacts, limit: 100))' is not a path") }
        return parts.joined(separator: "/")
    }

    // MARK: Exchanges

    private func list(_ folder: String, _ uri: MLflowModelURI) async throws -> [String] {
        let answer = try await get("mlflow-artifacts/artifacts", ["path": folder], uri)
        return ((answer["files"] as? [Any]) ?? []).compactMap { ($0 as? [String: Any])?["path"] as? String }
    }

    private func file(_ path: String, _ uri: MLflowModelURI) async throws -> Data {
        let encoded = path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? String($0) }
        let answer = try await exchange(endpoint("mlflow-artifacts/artifacts/" + encoded.joined(separator: "/"), [:]), body: nil, uri)
        guard answer.status == 200 else { throw failure(uri, "fetching artifact '\(path)' answered HTTP \(answer.status)\(Self.mlflowMessage(answer.body))") }
        return answer.body
    }

    private func get(_ path: String, _ query: [String: String], _ uri: MLflowModelURI) async throws -> [String: Any] {
        try decode(try await exchange(endpoint(path, query), body: nil, uri), path, uri)
    }

    private func post(_ path: String, _ body: [String: Any], _ uri: MLflowModelURI) async throws -> [String: Any] {
        try decode(try await exchange(endpoint(path, [:]), body: JSONSerialization.data(withJSONObject: body), uri), path, uri)
    }

    private func endpoint(_ path: String, _ query: [String: String]) -> URL {
        var components = URLComponents(url: url.appendingPathComponent("api/2.0/" + path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) } }
        return components.url!
    }

    private func exchange(_ endpoint: URL, body: Data?, _ uri: MLflowModelURI) async throws -> ServiceClient.Answer {
        do {
            return try await ServiceClient.send(endpoint, method: body == nil ? .GET : .POST, json: body, credentials: credentials, timeout: .seconds(60))
        } catch let error as DataError {
            throw error
        } catch {
            throw DataError(file: url.absoluteString, "cannot reach the MLflow tracking server for \(uri): \(error)")
        }
    }

    private func decode(_ answer: ServiceClient.Answer, _ path: String, _ uri: MLflowModelURI) throws -> [String: Any] {
        guard answer.status == 200 else { throw failure(uri, "\(path) answered HTTP \(answer.status)\(Self.mlflowMessage(answer.body))") }
        guard let object = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any] else {
            throw failure(uri, "\(path) answered with something that is not a JSON object")
        }
        return object
    }

    private func failure(_ uri: MLflowModelURI, _ message: String) -> DataError {
        DataError(file: url.absoluteString, "\(uri): \(message)")
    }

    /// MLflow's error answer `{"error_code": …, "message": …}` as `: CODE: message`.
    static func mlflowMessage(_ body: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let message = object["message"] as? String else { return "" }
        let code = object["error_code"] as? String
        return ": " + (code.map { "\($0): " } ?? "") + Message.short(message, limit: 200)
    }
}
