import Foundation

/// One registered version of a model.
public struct ModelVersion: Sendable, Equatable, Codable {
    public var model: String
    public var version: Int
    /// The run that produced it.
    public var runID: String?
    /// Where the artifact is kept: a path relative to a registry directory, or the name of the
    /// artifact in a database.
    public var artifactPath: String
    /// SHA-256 of the artifact file.
    public var checksum: String
    public var metrics: [String: Double]
    public var trainingRows: Int
    public var fingerprint: String
    public var codeVersion: String
    public var createdAt: Date
    /// Aliases that point at this version now.
    public var aliases: [String]
}

/// What the trainer hands the registry to create a version.
public struct NewModelVersion: Sendable {
    public var model: String
    public var runID: String?
    public var artifactPath: String
    public var checksum: String
    public var metrics: [String: Double]
    public var trainingRows: Int
    public var fingerprint: String
    public var codeVersion: String
    /// The reference profile of the training data, in the profile file format (JSON in versions
    /// registered before it).
    public var referenceProfile: Data?
    /// The artifact's bytes, for the store to keep (nil when it is kept elsewhere already).
    public var artifact: Data?

    public init(model: String, runID: String?, artifactPath: String, checksum: String, metrics: [String: Double], trainingRows: Int, fingerprint: String, codeVersion: String,
                referenceProfile: Data?, artifact: Data? = nil) {
        self.artifact = artifact
        self.model = model
        self.runID = runID
        self.artifactPath = artifactPath
        self.checksum = checksum
        self.metrics = metrics
        self.trainingRows = trainingRows
        self.fingerprint = fingerprint
        self.codeVersion = codeVersion
        self.referenceProfile = referenceProfile
    }
}

/// A registered model with its versions and where its aliases point.
public struct RegisteredModel: Sendable, Equatable, Codable {
    public var name: String
    public var createdAt: Date
    public var latestVersion: Int
    /// Alias → version.
    public var aliases: [String: Int]
}

/// One entry of the append-only audit log of alias moves.
public struct AliasMove: Sendable, Equatable, Codable {
    public var id: Int64
    public var model: String
    public var alias: String
    /// Version the alias pointed at before the move; nil when it was created.
    public var fromVersion: Int?
    public var toVersion: Int
    public var kind: AliasMoveKind
    public var reason: String
    public var actor: String
    public var at: Date
}

/// Whether an alias move went forward (promotion, manual move) or undid an earlier move.
public enum AliasMoveKind: String, Sendable, Codable {
    case move
    case rollback
}
