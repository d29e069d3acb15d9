import DriftwatchData
import DriftwatchLearning
import DriftwatchRegistry
import Foundation

/// Loads the version an alias points at, checking it before it may serve.
struct ModelLoader: Sendable {
    let registry: Registry
    let model: String
    let alias: String

    struct Rejection: DriftwatchError {
        var description: String
    }

    /// The version the alias points at now.
    func aliasVersion() async throws -> Int? {
        try await registry.store.aliasVersion(model: model, alias: alias)
    }

    /// The traffic policy in force and the version its challenger alias points at now.
    func traffic() async throws -> (policy: TrafficPolicy, version: Int)? {
        guard let policy = try await registry.store.trafficPolicy(model: model),
              let version = try await registry.store.aliasVersion(model: model, alias: policy.challengerAlias) else { return nil }
        return (policy, version)
    }

    /// Reads and verifies a version's artifact: the file's checksum must equal the registry's
    /// record, the artifact must load, and (when a model already serves) it must accept the same
    /// inputs, so clients of the serving contract keep working.
    func load(version: Int, replacing current: ServingModel?) async throws -> ServingModel {
        let artifact: ModelArtifact
        do {
            artifact = try await registry.artifact(model: model, version: version)
        } catch let error as RegistryError {
            switch error {
            case .artifactMissing, .artifactChecksumMismatch: throw Rejection(description: error.description)
            default: throw error
            }
        }
        let candidate = ServingModel(name: model, version: version, artifact: artifact)
        if let current {
            let old = current.contract, new = candidate.contract
            for (column, kind) in new where old[column] != kind {
                throw Rejection(description: "version \(version) needs input '\(column)' (\(kind.rawValue)) that the serving contract of version \(current.version) does not provide")
            }
        }
        return candidate
    }
}
