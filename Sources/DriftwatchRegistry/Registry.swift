import DriftwatchData
import Foundation

/// The model registry: runs, versions with their artifacts and reference profiles, aliases and
/// their audit log, retrain attempts. It lives in a directory (SQLite and artifact files; one
/// machine) or in a PostgreSQL database (artifacts inside it; a fleet of machines).
public struct Registry: Sendable {
    public static let databaseName = "registry.sqlite"
    public let store: any RegistryStore

    public init(store: any RegistryStore) {
        self.store = store
    }

    /// Where the registry lives, for messages.
    public var location: String { store.location }

    /// Opens the registry at `location`: a `postgres://` URL, or a directory. A directory that
    /// holds no registry is refused unless `create` (only `train` and the demo create one): a
    /// misspelt path must not turn into a new, empty registry that answers "no models".
    /// Runs left `running` by a process of this host that has since ended are marked failed.
    public static func open(_ location: String, create: Bool = false) async throws -> Registry {
        if !create, !PostgresLocation.isURL(location) { try requireExisting(directory: location) }
        let registry = PostgresLocation.isURL(location) ? Registry(store: try await PostgresRegistryStore.open(PostgresLocation(url: location)))
            : try open(directory: location)
        _ = try? await registry.failRunsOfEndedProcesses()
        return registry
    }

    /// Refuses a directory that holds no registry, naming what is there instead.
    static func requireExisting(directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw RegistryError.notARegistry(path: directory, reason: "no such directory (driftwatch train --registry creates a registry)")
        }
        guard !isDirectory.boolValue || FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(databaseName)) else {
            throw RegistryError.notARegistry(path: directory, reason: "the directory holds no \(databaseName) (driftwatch train --registry creates a registry)")
        }
    }

    /// Opens the registry in `directory`, creating both if needed (``open(_:create:)`` is the
    /// checked way in, for what users name).
    public static func open(directory: String) throws -> Registry {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw RegistryError.notARegistry(path: directory, reason: "it is a file; a registry is a directory holding \(databaseName)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RegistryError.cannotOpen(path: directory, reason: "cannot create the directory (\((error as NSError).localizedDescription))")
        }
        let store = try SQLiteRegistryStore(path: (directory as NSString).appendingPathComponent(databaseName))
        return Registry(store: store)
    }

    /// Runs `body`; what it finds missing (a model, version, alias, run) is said with this
    /// registry's location, since looking in the wrong registry is the usual cause.
    public func naming<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RegistryError where error.isLookup {
            throw RegistryError.inRegistry(location, error)
        }
    }

    /// Registers an artifact as the model's next version; the store keeps the artifact with it.
    /// A failed registration leaves nothing behind.
    public func register(model: String, artifact: Data, runID: String?, metrics: [String: Double], trainingRows: Int,
                         fingerprint: String, codeVersion: String, referenceProfile: ReferenceProfile?) async throws -> ModelVersion {
        try RegistryError.validate(name: model)
        let checksum = SHA256.hex(artifact)
        let profile = try referenceProfile.map { try $0.encodedFile() }
        return try await store.createVersion(NewModelVersion(model: model, runID: runID, artifactPath: "artifacts/\(model)/\(checksum.prefix(16)).dwm",
                                                             checksum: checksum, metrics: metrics, trainingRows: trainingRows, fingerprint: fingerprint,
                                                             codeVersion: codeVersion, referenceProfile: profile, artifact: artifact))
    }

    /// Points `alias` (default `champion`) at a version, with an audit entry; nil when it already
    /// points there (nothing moves and nothing is audited, so a later rollback does not "roll back"
    /// to the same version).
    @discardableResult
    public func promote(model: String, version: Int, alias: String = "champion", reason: String, actor: String) async throws -> AliasMove? {
        // An alias only ever points at a registered version, so this one exists.
        if try await store.aliasVersion(model: model, alias: alias) == version { return nil }
        return try await store.setAlias(model: model, alias: alias, version: version, kind: .move, reason: reason, actor: actor)
    }

    /// Moves `alias` back to the version it pointed at before its current one. Repeated rollbacks
    /// walk further back through the alias's history; earlier rollbacks are not themselves undone.
    @discardableResult
    public func rollback(model: String, alias: String = "champion", reason: String = "rollback", actor: String) async throws -> AliasMove {
        guard try await store.aliasVersion(model: model, alias: alias) != nil else {
            if try await store.models().contains(where: { $0.name == model }) {
                throw RegistryError.unknownAlias(model: model, alias: alias)
            }
            throw RegistryError.unknownModel(model)
        }
        // The alias's history as a stack: moves push, rollbacks pop.
        var stack: [Int] = []
        for move in try await store.auditLog(model: model) where move.alias == alias {
            switch move.kind {
            case .move: stack.append(move.toVersion)
            case .rollback: if !stack.isEmpty { stack.removeLast() }
            }
        }
        guard stack.count >= 2 else { throw RegistryError.nothingToRollBack(model: model, alias: alias) }
        return try await store.setAlias(model: model, alias: alias, version: stack[stack.count - 2], kind: .rollback, reason: reason, actor: actor)
    }

    /// The reference profile registered with a version.
    public func referenceProfile(model: String, version: Int) async throws -> ReferenceProfile? {
        guard let data = try await store.referenceProfile(model: model, version: version) else { return nil }
        // Versions registered before profiles had a file format of their own hold JSON.
        if ReferenceProfile.isProfileFile(data) { return try ReferenceProfile.decodeFile(data, source: "reference profile of \(model) v\(version)") }
        return try JSONDecoder().decode(ReferenceProfile.self, from: data)
    }
}
