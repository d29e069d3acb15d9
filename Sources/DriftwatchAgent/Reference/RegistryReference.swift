import DriftwatchData
import DriftwatchRegistry

/// The reference kept in the registry: the training-data profile of the version an alias (the
/// champion) points at.
public struct RegistryReference: Sendable {
    public let registry: Registry
    public let model: String
    public let alias: String

    public init(registry: Registry, model: String, alias: String = "champion") {
        self.registry = registry
        self.model = model
        self.alias = alias
    }

    /// The version the alias points at now.
    public func aliasVersion() async throws -> Int {
        guard let version = try await registry.store.aliasVersion(model: model, alias: alias) else {
            if try await registry.store.models().contains(where: { $0.name == model }) {
                throw RegistryError.unknownAlias(model: model, alias: alias)
            }
            throw RegistryError.unknownModel(model)
        }
        return version
    }

    /// The profile registered with a version.
    public func profile(version: Int) async throws -> ReferenceProfile {
        guard let profile = try await registry.referenceProfile(model: model, version: version) else {
            throw RegistryError.noReferenceProfile(model: model, version: version)
        }
        return profile
    }

    /// The validation metrics registered with a version (what its live accuracy is compared with).
    public func quality(version: Int) async throws -> [String: Double] {
        try await registry.store.version(model: model, version: version)?.metrics ?? [:]
    }

    /// The alias's version, its profile and its validation metrics.
    public func current() async throws -> (version: Int, profile: ReferenceProfile, quality: [String: Double]) {
        let version = try await aliasVersion()
        return (version, try await profile(version: version), try await quality(version: version))
    }
}
