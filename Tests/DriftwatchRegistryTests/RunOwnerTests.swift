import Foundation
import Testing
@testable import DriftwatchRegistry

/// A run whose process died is marked failed by the next process that opens the registry; runs
/// of live processes, and of other hosts, are left alone.
@Suite struct RunOwnerTests {
    /// The id of a process that has ended (a `true` that ran and exited).
    func endedProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test(arguments: StoreKind.allCases)
    func runsOfEndedProcessesAreMarkedFailed(kind: StoreKind) async throws {
        let registry = Registry(store: try await kind.make())
        let tracker = RegistryTracker(store: registry.store, experiment: "rides")
        let alive = try await tracker.start(name: "this process", parent: nil)
        let dead = try await registry.store.startRun(experiment: "rides", name: "killed", parentRunID: nil).id
        try await registry.store.setTags(runID: dead, RunOwner(host: ProcessInfo.processInfo.hostName, pid: try endedProcess(), start: nil).tags)
        let reused = try await registry.store.startRun(experiment: "rides", name: "id reused", parentRunID: nil).id
        var stale = RunOwner.current
        stale.start = (stale.start ?? 0) + 1
        try await registry.store.setTags(runID: reused, stale.tags)
        let elsewhere = try await registry.store.startRun(experiment: "rides", name: "other host", parentRunID: nil).id
        try await registry.store.setTags(runID: elsewhere, RunOwner(host: "another-host.invalid", pid: try endedProcess(), start: nil).tags)

        #expect(RunOwner.current.start != nil)
        #expect(Set(try await registry.failRunsOfEndedProcesses()) == [dead, reused])
        let killed = try #require(try await registry.store.run(id: dead))
        #expect(killed.status == .failed && killed.endedAt != nil)
        #expect(killed.tags["error"]?.contains("ended before the run finished") == true)
        #expect(try await registry.store.run(id: alive)?.status == .running)
        #expect(try await registry.store.run(id: elsewhere)?.status == .running)
        // Nothing more the second time.
        #expect(try await registry.failRunsOfEndedProcesses().isEmpty)
    }
}
