import DriftwatchData
import Foundation

/// A registry directory: the database (`registry.sqlite`) and the model artifacts it points at
/// (`artifacts/<model>/<checksum>.dwm`). Artifacts are written before the database row that
/// names them, so an alias can never point at a missing file.
public struct Registry: Sendable {
    public static let databaseName = "registry.sqlite"
    public let directory: String
    public let store: any RegistryStore

    public init(directory: String, store: any RegistryStore) {
        self.directory = directory
        self.store = store
    }

    /// Opens the registry in `directory`, creating both if needed.
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
        return Registry(directory: directory, store: store)
    }

    public func absolutePath(_ relative: String) -> String {
        (directory as NSString).appendingPathComponent(relative)
    }

    /// Stores an artifact file and registers it as the model's next version. If registering
    /// fails, the file is removed again: a failed registration leaves nothing behind.
    public func register(model: String, artifact: Data, runID: String?, metrics: [String: Double], trainingRows: Int,
                         fingerprint: String, codeVersion: String, referenceProfile: ReferenceProfile?) async throws -> ModelVersion {
        try RegistryError.validate(name: model)
        let checksum = SHA256.hex(artifact)
        let relative = "artifacts/\(model)/\(checksum.prefix(16)).dwm"
        let url = URL(fileURLWithPath: absolutePath(relative))
        let existed = FileManager.default.fileExists(atPath: url.path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try artifact.write(to: url, options: .atomic)
        } catch {
            throw RegistryError.cannotOpen(path: url.path, reason: "cannot write the model artifact (\((error as NSError).localizedDescription))")
        }
        do {
            let profile = try referenceProfile.map { try $0.encodedFile() }
            return try await store.createVersion(NewModelVersion(model: model, runID: runID, artifactPath: relative, checksum: checksum, metrics: metrics,
                                                                 trainingRows: trainingRows, fingerprint: fingerprint, codeVersion: codeVersion,
                                                                 referenceProfile: profile))
        } catch {
            if !existed { try? FileManager.default.removeItem(at: url) }
            throw error
        }
    }

    /// Points `alias` (default `champion`) at a version, with an audit entry.
    @discardableResult
    public func promote(model: String, version: Int, alias: String = "champion", reason: String, actor: String) async throws -> AliasMove {
        try await store.setAlias(model: model, alias: alias, version: version, kind: .move, reason: reason, actor: actor)
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
