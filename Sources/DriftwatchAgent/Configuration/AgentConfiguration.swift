import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import DriftwatchRegistry
import Foundation
import Yams

/// Everything `driftwatch agent` needs, from one YAML file; paths are relative to the file.
///
/// ```yaml
/// model: ride-duration
/// reference: {file: reference.csv, schema: schema.yaml}   # or {registry: ./registry}
/// window: {rows: 10000}                # or {seconds: 3600, max_rows: 100000}
/// min_rows: 500
/// evaluate_every: 30                   # seconds
/// sources: [push, {tail: rows.jsonl}]
/// drift: {alpha: 0.05, min-psi: 0.1}   # the keys of `driftwatch check --config`
/// concept_drift: {detectors: [adwin, page_hinkley]}   # or off; see ConceptDriftSettings
/// multivariate: on                       # or a mapping; see MultivariateOptions (default off)
/// segments: [{column: carrier, top: 20}]               # see SegmentSpec
/// web_config: web.yml                  # TLS and users, the Prometheus exporters' format
/// token_file: tokens.txt               # bearer tokens for ingest, labels, retrain, the webhook
/// request_timeout: 10                  # seconds a request has to arrive whole
/// max_connections: 1024
/// ```
public struct AgentConfiguration: Sendable {
    public enum Reference: Sendable, Equatable {
        /// A data file, typed by an optional schema file (kinds inferred where missing).
        case file(path: String, schema: String?)
        /// The training-data profile registered with the version an alias (the champion) points
        /// at, checked every `interval` seconds (and at once when a PostgreSQL registry announces a
        /// move) so the reference follows promotions. `location` is a directory or a postgres:// URL.
        case registry(location: String, alias: String, interval: Double)
    }

    public enum Source: Sendable, Equatable {
        /// `POST /v1/ingest` on the agent.
        case push
        /// A JSON Lines file another program appends to, read every `interval` seconds.
        case tail(path: String, interval: Double)
        /// The Driftwatch predictor's prediction log at `url`, read every `interval` seconds; the
        /// prediction goes into column `prediction` (default: the reference's prediction column).
        /// `instance` reads another writer's rows of a shared log (`*`: every writer's, e.g.
        /// `driftwatch predict --log` batches beside the replicas); nil reads the predictor's own.
        case pull(url: String, interval: Double, prediction: String?, instance: String? = nil, access: PullAccess = PullAccess())

        public var name: String {
            switch self {
            case .push: "push"
            case .tail: "tail"
            case .pull: "pull"
            }
        }
    }

    /// How the pull source presents itself to a predictor that wants credentials: the files
    /// holding a bearer token or a user's password, and the CA that signed its certificate.
    public struct PullAccess: Sendable, Equatable {
        public var tokenFile: String?
        public var username: String?
        public var passwordFile: String?
        public var caFile: String?

        public init(tokenFile: String? = nil, username: String? = nil, passwordFile: String? = nil, caFile: String? = nil) {
            self.tokenFile = tokenFile
            self.username = username
            self.passwordFile = passwordFile
            self.caFile = caFile
        }

        func resolved(_ resolve: (String) -> String) -> PullAccess {
            PullAccess(tokenFile: tokenFile.map(resolve), username: username, passwordFile: passwordFile.map(resolve), caFile: caFile.map(resolve))
        }

        /// The credentials, with the secrets read from their files now.
        public func credentials() throws -> ClientCredentials {
            ClientCredentials(token: try tokenFile.map(BearerTokens.first(file:)), username: username,
                              password: try passwordFile.map { try ClientCredentials.secret(file: $0, what: "password") }, caFile: caFile)
        }
    }

    public var model: String
    public var reference: Reference
    public var host = "127.0.0.1"
    public var port = 9100
    public var window: SlidingWindow.Policy = .rows(10_000)
    /// Fewest rows an evaluation needs.
    public var minRows = 500
    /// Seconds between evaluations.
    public var evaluateEvery: Double = 30
    /// Share of rows kept (by id hash).
    public var samplingRate: Double = 1
    public var sources: [Source] = [.push]
    public var task: LearningTask = .regression
    public var positiveClass = "1"
    /// A classifier's predictions with a confidence, max(p, 1 − p), below this count as unsure.
    public var lowConfidence = 0.6
    /// Categorical columns whose values split the window into segments compared with the whole.
    public var segments: [SegmentSpec] = []
    /// Estimate quality before labels (CBPE for a classifier, DLE for a regressor), learnt from the reference file.
    public var estimatePerformance = false
    /// The config line of `estimate_performance`, for errors found when the reference is read.
    public var estimatePerformanceLine: Int?
    /// The config file, for those errors.
    public var source = ""
    public var drift: DriftOptions
    /// Multivariate methods run at every evaluation (nil: `multivariate: off`, the default).
    public var multivariate: MultivariateOptions?
    /// Largest request body accepted by the ingest and label endpoints, in bytes.
    public var bodyLimit = 4 << 20
    /// Where the window and the source positions are saved (nil: not saved).
    public var statePath: String?
    /// Retraining by the agent itself (nil: the agent only watches).
    public var loop: LoopPolicy?
    /// Detectors on the error stream of labelled rows (nil: `concept_drift: off`); the task's
    /// defaults unless configured.
    public var conceptDrift: ConceptDriftSettings? = .defaults(for: .regression)
    /// How a challenger is compared with the champion on labelled rows (shadow, canary, A/B).
    public var comparison = ComparisonSettings()
    /// TLS, users, bearer tokens and request limits of the listener.
    public var security = ServerSecurity()
    /// The web config file (`web_config:`), read by ``load(path:)``.
    public var webConfigPath: String?
    /// The bearer token file (`token_file:`), read by ``load(path:)``.
    public var tokenFile: String?

    static let knownKeys = ["comparison", "model", "reference", "listen", "window", "min_rows", "evaluate_every", "sampling_rate", "sources", "task", "positive_class", "drift", "body_limit", "state", "loop", "concept_drift", "low_confidence", "segments", "estimate_performance", "web_config", "token_file", "request_timeout", "max_connections", "multivariate"]

    /// The agent's default drift rule: significance and an effect of PSI ≥ 0.1, or for a vector
    /// column MMD² ≥ 0.005 (see the rule benchmarks: the largest of 1,000 stationary MMD² was 0.0024).
    public static var defaultDrift: DriftOptions {
        var options = DriftOptions()
        options.minimumPSI = 0.1
        options.minimumMMD = 0.005
        return options
    }

    public static func load(path: String) throws -> AgentConfiguration {
        var configuration = try parse(yaml: ConfigurationFile.text(at: path), source: path)
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") || PostgresLocation.isURL(file) ? file : (base as NSString).appendingPathComponent(file)
        }
        switch configuration.reference {
        case .file(let file, let schema): configuration.reference = .file(path: resolve(file), schema: schema.map(resolve))
        case .registry(let location, let alias, let interval): configuration.reference = .registry(location: resolve(location), alias: alias, interval: interval)
        }
        configuration.statePath = configuration.statePath.map(resolve)
        if let training = configuration.loop?.training { configuration.loop?.training = training.resolved(resolve, directory: base.isEmpty ? "." : base) }
        if let trusted = configuration.loop?.trustedData { configuration.loop?.trustedData = resolve(trusted) }
        configuration.webConfigPath = configuration.webConfigPath.map(resolve)
        configuration.tokenFile = configuration.tokenFile.map(resolve)
        try configuration.readSecurityFiles()
        configuration.sources = configuration.sources.map { source in
            switch source {
            case .tail(let file, let interval): .tail(path: resolve(file), interval: interval)
            case .pull(let url, let interval, let prediction, let instance, let access):
                .pull(url: url, interval: interval, prediction: prediction, instance: instance, access: access.resolved(resolve))
            case .push: source
            }
        }
        return configuration
    }

    /// `registry: ${NAME}` takes the location from the environment variable NAME, so that a
    /// PostgreSQL URL with its password can come from a secret rather than the config file.
    static func parseReference(_ node: Node?, environment: [String: String] = [:], fail: (String) -> DataError) throws -> Reference {
        let usage = "reference needs a data file, {file: reference.csv, schema: schema.yaml}, a saved profile, {file: reference.profile}, or a registry, {registry: ./registry, alias: champion, poll: 5}"
        guard let reference = node?.mapping else { throw fail(usage) }
        let keys = Set(reference.keys.compactMap(\.string))
        if var directory = reference["registry"]?.string {
            if directory.hasPrefix("${"), directory.hasSuffix("}") {
                let name = String(directory.dropFirst(2).dropLast())
                guard let value = environment[name], !value.isEmpty else { throw fail("reference.registry names the environment variable \(name), which is not set") }
                directory = value
            }
            guard keys.isSubset(of: ["registry", "alias", "poll"]) else { throw fail("a registry reference takes registry, alias and poll only") }
            let alias = reference["alias"]?.string ?? "champion"
            let interval = try reference["poll"].map { node -> Double in
                guard let value = node.float, value > 0 else { throw fail("reference.poll must be a positive number of seconds") }
                return value
            } ?? 5
            return .registry(location: directory, alias: alias, interval: interval)
        }
        if let file = reference["file"]?.string {
            guard keys.isSubset(of: ["file", "schema"]) else { throw fail("a file reference takes file and schema only") }
            return .file(path: file, schema: reference["schema"]?.string)
        }
        throw fail(usage)
    }

    public static func parse(yaml: String, source: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AgentConfiguration {
        let root = try ConfigurationFile.section(yaml: yaml, source: source, expected: "an agent config is a mapping (model, reference, window, sources, …)", known: knownKeys)
        func fail(_ key: String, _ message: String) -> DataError { root.error(key, message) }
        guard let model = root["model"]?.string else { throw DataError(file: source, "missing key 'model'") }
        var configuration = AgentConfiguration(model: model, reference: try parseReference(root["reference"], environment: environment, fail: { fail("reference", $0) }),
                                               drift: defaultDrift)
        if let listen = root["listen"]?.string {
            guard let address = ListenAddress(listen) else { throw fail("listen", "listen must be host:port, got '\(listen)'") }
            configuration.host = address.host
            configuration.port = address.port
        }
        if let window = root["window"]?.mapping {
            if let rows = window["rows"]?.int {
                guard rows > 0 else { throw fail("window", "window.rows must be positive") }
                configuration.window = .rows(rows)
            } else if let seconds = window["seconds"]?.float {
                let maxRows = window["max_rows"]?.int ?? 100_000
                guard seconds > 0, maxRows > 0 else { throw fail("window", "window.seconds and window.max_rows must be positive") }
                configuration.window = .time(seconds: seconds, maxRows: maxRows)
            } else {
                throw fail("window", "window needs rows: N or seconds: S (with max_rows)")
            }
        }
        if let value = try root.whole("min_rows", minimum: 1) { configuration.minRows = value }
        if let value = try root.number("evaluate_every", "must be a positive number of seconds", { $0 > 0 }) { configuration.evaluateEvery = value }
        if let value = try root.number("sampling_rate", "must be in (0, 1]", { $0 > 0 && $0 <= 1 }) { configuration.samplingRate = value }
        if let node = root["body_limit"] {
            guard let value = node.int, value > 0 else { throw fail("body_limit", "body_limit must be a positive number of bytes") }
            configuration.bodyLimit = value
        }
        if let list = root["sources"] {
            guard let items = list.sequence, !items.isEmpty else { throw fail("sources", "sources is a list, e.g. [push, {tail: rows.jsonl}]") }
            configuration.sources = try items.map { item in
                if item.string == "push" { return .push }
                if let tail = item.mapping, let path = tail["tail"]?.string {
                    let interval = tail["interval"]?.float ?? 1
                    guard interval > 0 else { throw fail("sources", "tail interval must be positive") }
                    return .tail(path: path, interval: interval)
                }
                if let pull = item.mapping, let url = pull["pull"]?.string {
                    let known = ["pull", "interval", "prediction", "instance", "token_file", "username", "password_file", "ca_file"]
                    let section = try ConfigurationSection(item, path: "sources.pull", known: known, source: source)
                    let interval = pull["interval"]?.float ?? 5
                    guard interval > 0, URL(string: url)?.scheme?.hasPrefix("http") == true else {
                        throw fail("sources", "pull needs an http(s) URL of a Driftwatch predictor and a positive interval")
                    }
                    let access = PullAccess(tokenFile: section["token_file"]?.string, username: section["username"]?.string,
                                            passwordFile: section["password_file"]?.string, caFile: section["ca_file"]?.string)
                    guard (access.username == nil) == (access.passwordFile == nil), access.tokenFile == nil || access.username == nil else {
                        throw section.error("username", "sources.pull takes a token_file, or a username with a password_file, not both")
                    }
                    return .pull(url: url, interval: interval, prediction: pull["prediction"]?.string, instance: pull["instance"]?.string, access: access)
                }
                throw fail("sources", "source '\(item.string ?? "?")' is not available (available: push, {tail: file.jsonl, interval: seconds}, {pull: http://predictor:9696, interval: seconds, instance: name or *, token_file | username + password_file, ca_file})")
            }
        }
        if let task: LearningTask = try root.choice("task", "must be regression or binary_classification") { configuration.task = task }
        if let positive = root["positive_class"]?.string { configuration.positiveClass = positive }
        configuration.source = source
        if let value = try root.flag("estimate_performance") {
            configuration.estimatePerformance = value
            configuration.estimatePerformanceLine = root.line("estimate_performance")
            if value, case .registry = configuration.reference {
                throw fail("estimate_performance", "estimate_performance calibrates on the reference's predictions and labels: it needs reference: {file: …}, not a registry")
            }
        }
        if let node = root["segments"] { configuration.segments = try SegmentSpec.parse(node, source: source) }
        if let value = try root.number("low_confidence", "must be in (0.5, 1]: the confidence max(p, 1 - p) below which a prediction counts as unsure", { $0 > 0.5 && $0 <= 1 }) {
            configuration.lowConfidence = value
        }
        configuration.conceptDrift = try root["concept_drift"].map { try ConceptDriftSettings.parse($0, task: configuration.task, source: source) }
            ?? .defaults(for: configuration.task)
        if let node = root["comparison"] { configuration.comparison = try ComparisonSettings.parse(node, source: source) }
        if let node = root["multivariate"] { configuration.multivariate = try MultivariateOptions.parse(node, source: source) }
        if let state = root["state"]?.string { configuration.statePath = state }
        configuration.webConfigPath = root["web_config"]?.string
        configuration.tokenFile = root["token_file"]?.string
        configuration.security.tokens = try BearerTokens.load(file: nil, environment: environment)
        if let seconds = try root.number("request_timeout", "must be a positive number of seconds (at most 3600)", { $0 > 0 && $0 <= 3600 }) {
            configuration.security.requestTimeout = .milliseconds(Int(seconds * 1000))
        }
        if let value = try root.whole("max_connections", minimum: 1, maximum: 1_000_000) { configuration.security.maxConnections = value }
        if let drift = root["drift"] {
            guard drift.mapping != nil else { throw fail("drift", "drift is a mapping of the check settings (alpha, min-psi, …)") }
            // Start from the agent's defaults, then apply the keys given.
            var options = try DriftOptions.parse(yaml: try Yams.serialize(node: drift), source: source)
            if drift.mapping?["min-psi"] == nil { options.minimumPSI = defaultDrift.minimumPSI }
            if drift.mapping?["min-mmd"] == nil { options.minimumMMD = defaultDrift.minimumMMD }
            configuration.drift = options
        }
        if let loop = root["loop"] {
            configuration.loop = try LoopPolicy.parse(loop, source: source, environment: environment)
            guard case .registry = configuration.reference else {
                throw fail("loop", "the loop promotes models in a registry: set reference: {registry: …} so the reference follows the champion")
            }
            if configuration.loop?.conceptDrift == true && configuration.conceptDrift == nil {
                throw fail("loop", "loop.trigger.concept_drift needs the concept-drift detectors: remove concept_drift: off")
            }
            if configuration.loop?.multivariateDrift == true && configuration.multivariate == nil {
                throw fail("loop", "loop.trigger.multivariate_drift needs the multivariate methods: add multivariate: on")
            }
        }
        return configuration
    }

    /// Reads the web config and the token file named by the configuration (or by the command line).
    public mutating func readSecurityFiles(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        security.web = try webConfigPath.map(WebConfiguration.load(path:))
        security.tokens = try BearerTokens.load(file: tokenFile, environment: environment)
    }
}
