/// Where the pipeline reports runs: the registry's tracking store, or nothing.
public protocol TrainingTracker: Sendable {
    /// Starts a run (the whole training, or one search trial under it) and returns its id.
    func start(name: String, parent: String?) async throws -> String
    func log(run: String, params: [String: String], metrics: [String: Double], tags: [String: String]) async throws
    func finish(run: String, succeeded: Bool) async throws
}

/// A tracker that records nothing.
public struct NoTracking: TrainingTracker {
    public init() {}
    public func start(name: String, parent: String?) async throws -> String { name }
    public func log(run: String, params: [String: String], metrics: [String: Double], tags: [String: String]) async throws {}
    public func finish(run: String, succeeded: Bool) async throws {}
}
