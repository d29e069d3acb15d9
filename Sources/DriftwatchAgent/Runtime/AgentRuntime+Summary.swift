import DriftwatchHTTP
import DriftwatchRegistry
import Foundation

extension AgentRuntime {
    /// One paragraph, logged at start, of what this agent watches and how: the model and its
    /// reference, the columns, the window and the evaluations, the sources, the detectors, the
    /// multivariate methods, the retrain loop, and who may write to it — so that a look at the log says whether the agent
    /// runs as meant.
    public func summary() async -> String {
        let configuration = agent.configuration
        let columns = await agent.profile.schema.columns.map(\.name)
        let shown = columns.prefix(8).joined(separator: ", ") + (columns.count > 8 ? " and \(columns.count - 8) more" : "")
        let reference: String
        switch configuration.reference {
        case .file(let path, _):
            reference = "the data in \(path)"
        case .registry(let location, let alias, _):
            reference = "the training data of \(alias) (version \(await agent.referenceVersion.map(String.init) ?? "?")) in the registry at \(PostgresLocation.redacted(location))"
        }
        let window: String
        switch configuration.window {
        case .rows(let rows): window = "the newest \(rows) rows"
        case .time(let seconds, let maxRows): window = "the rows of the last \(Self.seconds(seconds)) (at most \(maxRows))"
        }
        let sources = configuration.sources.map { source -> String in
            switch source {
            case .push: "push (POST /v1/ingest)"
            case .tail(let path, _): "tail \(path)"
            case .pull(let url, _, _, _, _): "pull \(url)"
            }
        }.joined(separator: ", ")
        let detectors = configuration.conceptDrift.map { settings in
            settings.detectors.map(\.rawValue).joined(separator: " and ") + (settings.baseline > 0 ? " on errors ranked among the first \(settings.baseline)" : " on raw errors")
        } ?? "off"
        let multivariate = configuration.multivariate.map { $0.methods.map(\.rawValue).joined(separator: " and ") } ?? "off"
        let retraining = configuration.loop.map { "on (\($0.training.summary), approval \($0.approval.rawValue))" } ?? "off"
        let policy = agent.accessPolicy(loop: loop)
        let writes = !policy.users.isEmpty || !policy.tokens.isEmpty ? "need a user or a token"
            : policy.isLoopback ? "need none (loopback)" : "are refused: no users or tokens are configured"
        return "watching model '\(configuration.model)' (\(configuration.task.rawValue)) against \(reference): \(columns.count) columns (\(shown)); "
            + "\(window), evaluated every \(Self.seconds(configuration.evaluateEvery)) once \(configuration.minRows) rows are in; sources: \(sources); "
            + "concept drift: \(detectors); multivariate: \(multivariate); retrain loop: \(retraining); listening on \(configuration.security.scheme)://\(configuration.host):\(configuration.port), where writes \(writes)"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
