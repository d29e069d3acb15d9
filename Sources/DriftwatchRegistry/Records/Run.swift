import Foundation

/// A group of runs that answer the same question (e.g. "ride-duration").
public struct Experiment: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var createdAt: Date
}

public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running
    case finished
    case failed
}

/// One training attempt: its parameters, metrics, tags and artifacts.
public struct Run: Sendable, Equatable, Codable {
    public var id: String
    public var experiment: String
    public var name: String
    public var status: RunStatus
    public var startedAt: Date
    public var endedAt: Date?
    /// The run that spawned this one (a search trial's parent search).
    public var parentRunID: String?
    public var params: [String: String]
    public var metrics: [String: Double]
    public var tags: [String: String]
    public var artifacts: [RunArtifact]
}

public struct RunArtifact: Sendable, Equatable, Codable {
    public var path: String
    public var checksum: String
}
