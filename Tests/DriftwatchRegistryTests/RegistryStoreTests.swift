import Foundation
import GRDB
import Testing
@testable import DriftwatchRegistry
import DriftwatchData
import DriftwatchTestSupport

/// A fresh store of each implementation: the SQLite file in a scratch folder, a new database in
/// the test PostgreSQL cluster, and the in-memory twin.
enum StoreKind: String, CaseIterable, CustomStringConvertible {
    case sqlite, postgres, memory
    var description: String { rawValue }

    func make() async throws -> any RegistryStore {
        switch self {
        case .sqlite: try SQLiteRegistryStore(path: Scratch.directory().appendingPathComponent("registry.sqlite").path)
        case .postgres: try await PostgresRegistryStore.open(PostgresLocation(url: await PostgresCluster.database("registry")))
        case .memory: InMemoryRegistryStore()
        }
    }
}

enum Scratch {
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

func newVersion(_ model: String, run: String? = nil, rows: Int = 10) -> NewModelVersion {
    NewModelVersion(model: model, runID: run, artifactPath: "artifacts/\(model)/x.dwm", checksum: "abc", metrics: ["rmse": 1.5],
                    trainingRows: rows, fingerprint: "f", codeVersion: "0.1.0", referenceProfile: Data("{}".utf8))
}

@Suite struct RegistryStoreTests {
    @Test(arguments: StoreKind.allCases)
    func runsRecordParamsMetricsTagsAndArtifacts(kind: StoreKind) async throws {
        let store = try await kind.make()
        let parent = try await store.startRun(experiment: "rides", name: "search", parentRunID: nil)
        let run = try await store.startRun(experiment: "rides", name: "trial-1", parentRunID: parent.id)
        try await store.logParams(runID: run.id, ["alpha": "1.0"])
        try await store.logMetrics(runID: run.id, ["rmse": 4.25, "r2": 0.8])
        try await store.logMetrics(runID: run.id, ["rmse": 4.0])
        try await store.setTags(runID: run.id, ["stage": "search"])
        try await store.addArtifact(runID: run.id, RunArtifact(path: "model.dwm", checksum: "c0ffee"))
        try await store.finishRun(runID: run.id, status: .finished)
        let stored = try #require(try await store.run(id: run.id))
        #expect(stored.params == ["alpha": "1.0"])
        #expect(stored.metrics == ["rmse": 4.0, "r2": 0.8])
        #expect(stored.tags == ["stage": "search"])
        #expect(stored.artifacts == [RunArtifact(path: "model.dwm", checksum: "c0ffee")])
        #expect(stored.status == .finished && stored.endedAt != nil)
        #expect(stored.parentRunID == parent.id)
        #expect(try await store.runs(experiment: "rides").map(\.id) == [parent.id, run.id])
        #expect(try await store.runs(experiment: "other").isEmpty)
        #expect(try await store.experiments().map(\.name) == ["rides"])
        await #expect(throws: RegistryError.unknownRun("nope")) { try await store.logMetrics(runID: "nope", ["x": 1]) }
    }

    @Test(arguments: StoreKind.allCases)
    func versionsAliasesAndAudit(kind: StoreKind) async throws {
        let store = try await kind.make()
        let v1 = try await store.createVersion(newVersion("rides"))
        let v2 = try await store.createVersion(newVersion("rides", rows: 20))
        #expect(v1.version == 1 && v2.version == 2)
        #expect(v2.trainingRows == 20 && v2.metrics == ["rmse": 1.5])
        let move = try await store.setAlias(model: "rides", alias: "champion", version: 1, kind: .move, reason: "first", actor: "test")
        #expect(move.fromVersion == nil && move.toVersion == 1)
        let second = try await store.setAlias(model: "rides", alias: "champion", version: 2, kind: .move, reason: "better", actor: "test")
        #expect(second.fromVersion == 1)
        #expect(try await store.aliasVersion(model: "rides", alias: "champion") == 2)
        #expect(try await store.version(model: "rides", version: 2)?.aliases == ["champion"])
        let models = try await store.models()
        #expect(models.map(\.name) == ["rides"])
        #expect(models.first?.latestVersion == 2)
        #expect(models.first?.aliases == ["champion": 2])
        #expect(try await store.auditLog(model: "rides").map(\.toVersion) == [1, 2])
        #expect(try await store.referenceProfile(model: "rides", version: 1) == Data("{}".utf8))
        await #expect(throws: RegistryError.unknownVersion(model: "rides", version: 9)) {
            try await store.setAlias(model: "rides", alias: "champion", version: 9, kind: .move, reason: "", actor: "test")
        }
        await #expect(throws: RegistryError.unknownModel("ghost")) {
            try await store.setAlias(model: "ghost", alias: "champion", version: 1, kind: .move, reason: "", actor: "test")
        }
        await #expect(throws: RegistryError.invalidName("../x")) { try await store.createVersion(newVersion("../x")) }
    }

    @Test func auditLogIsAppendOnlyInTheDatabase() async throws {
        let store = try SQLiteRegistryStore(path: Scratch.directory().appendingPathComponent("r.sqlite").path)
        _ = try await store.createVersion(newVersion("m"))
        _ = try await store.setAlias(model: "m", alias: "champion", version: 1, kind: .move, reason: "r", actor: "a")
        #expect(throws: DatabaseError.self) { try store.pool.write { try $0.execute(sql: "DELETE FROM alias_audit") } }
        #expect(throws: DatabaseError.self) { try store.pool.write { try $0.execute(sql: "UPDATE alias_audit SET to_version = 5") } }
    }

    @Test func refusesFilesThatAreNotARegistry() throws {
        let directory = try Scratch.directory()
        let garbage = directory.appendingPathComponent("garbage.sqlite")
        try Data(repeating: 0x42, count: 4096).write(to: garbage)
        #expect(throws: RegistryError.notARegistry(path: garbage.path, reason: "the file is not an SQLite database")) {
            try SQLiteRegistryStore(path: garbage.path)
        }
        let other = directory.appendingPathComponent("other.sqlite")
        let queue = try DatabaseQueue(path: other.path)
        try queue.write { try $0.execute(sql: "CREATE TABLE customers (id INTEGER)") }
        #expect(throws: RegistryError.notARegistry(path: other.path, reason: "it is another application's SQLite database")) {
            try SQLiteRegistryStore(path: other.path)
        }
    }

    @Test func unwritableLocationIsExplained() {
        // /proc refuses new files even to root, so this holds wherever the tests run.
        do {
            _ = try Registry.open(directory: "/proc/driftwatch-registry")
            Issue.record("opening a registry under /proc must fail")
        } catch let error as RegistryError {
            guard case .cannotOpen(let path, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == "/proc/driftwatch-registry")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func readersWorkWhileAWriterRegistersVersions() async throws {
        let path = try Scratch.directory().appendingPathComponent("registry.sqlite").path
        let writer = try SQLiteRegistryStore(path: path)
        let reader = try SQLiteRegistryStore(path: path)
        _ = try await writer.createVersion(newVersion("m"))
        try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for _ in 0..<50 { _ = try await writer.createVersion(newVersion("m")) }
                return 0
            }
            group.addTask {
                var reads = 0
                for _ in 0..<200 {
                    let versions = try await reader.versions(model: "m")
                    #expect(!versions.isEmpty)
                    #expect(versions.map(\.version) == Array(1...versions.count))
                    reads += 1
                }
                return reads
            }
            for try await _ in group {}
        }
        #expect(try await reader.versions(model: "m").count == 51)
    }
}

@Suite struct RegistryTests {
    @Test func rollbackWalksBackThroughTheAliasHistory() async throws {
        let registry = Registry(store: InMemoryRegistryStore())
        for _ in 1...3 { _ = try await registry.store.createVersion(newVersion("m")) }
        for version in 1...3 { try await registry.promote(model: "m", version: version, reason: "v\(version)", actor: "test") }
        let first = try await registry.rollback(model: "m", actor: "test")
        #expect(first.fromVersion == 3 && first.toVersion == 2 && first.kind == .rollback)
        let second = try await registry.rollback(model: "m", actor: "test")
        #expect(second.toVersion == 1)
        await #expect(throws: RegistryError.nothingToRollBack(model: "m", alias: "champion")) { try await registry.rollback(model: "m", actor: "test") }
        await #expect(throws: RegistryError.unknownAlias(model: "m", alias: "staging")) { try await registry.rollback(model: "m", alias: "staging", actor: "test") }
        await #expect(throws: RegistryError.unknownModel("ghost")) { try await registry.rollback(model: "ghost", actor: "test") }
    }

    /// Promoting the version an alias already points at moves nothing and audits nothing, so the
    /// next rollback goes to the version before, not to the same one.
    @Test func promotingTheSameVersionAgainMovesNothing() async throws {
        let registry = Registry(store: InMemoryRegistryStore())
        for _ in 1...2 { _ = try await registry.store.createVersion(newVersion("m")) }
        #expect(try await registry.promote(model: "m", version: 1, reason: "first", actor: "test") != nil)
        #expect(try await registry.promote(model: "m", version: 2, reason: "second", actor: "test") != nil)
        #expect(try await registry.promote(model: "m", version: 2, reason: "again", actor: "test") == nil)
        #expect(try await registry.store.auditLog(model: "m").map(\.toVersion) == [1, 2])
        #expect(try await registry.rollback(model: "m", actor: "test").toVersion == 1)
        // A version that does not exist is still refused, whatever the alias says.
        await #expect(throws: RegistryError.unknownVersion(model: "m", version: 7)) { try await registry.promote(model: "m", version: 7, reason: "x", actor: "test") }
    }

    /// A registration the database refuses (its run does not exist) leaves no artifact file behind.
    @Test func failedRegistrationLeavesNoArtifact() async throws {
        let directory = try Scratch.directory()
        let registry = try Registry.open(directory: directory.path)
        await #expect(throws: (any Error).self) {
            try await registry.register(model: "m", artifact: Data("model".utf8), runID: "no-such-run", metrics: [:], trainingRows: 1,
                                        fingerprint: "f", codeVersion: "0", referenceProfile: nil)
        }
        let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".dwm") } ?? []
        #expect(files.isEmpty)
        #expect(try await registry.store.versions(model: "m").isEmpty)
    }

    @Test func registeredArtifactIsOnDiskBeforeItsVersion() async throws {
        let directory = try Scratch.directory()
        let registry = try Registry.open(directory: directory.path)
        let version = try await registry.register(model: "m", artifact: Data("model".utf8), runID: nil, metrics: ["rmse": 2], trainingRows: 5,
                                                  fingerprint: "f", codeVersion: "0", referenceProfile: nil)
        #expect(FileManager.default.contents(atPath: (registry.location as NSString).appendingPathComponent(version.artifactPath)) == Data("model".utf8))
        #expect(version.artifactPath.hasPrefix("artifacts/m/") && version.checksum.count == 64)
    }

    /// Profiles are kept in the profile file format; versions registered when they were JSON still read.
    @Test func referenceProfilesAreStoredCompactlyAndOldJSONStillReads() async throws {
        let directory = try Scratch.directory()
        let registry = try Registry.open(directory: directory.path)
        let batch = ColumnarBatch(schema: Schema(columns: [.init(name: "x", kind: .numeric)]), rowCount: 4, columns: [.numeric(NumericColumn(values: [3, 1, 2, 2]))])
        let profile = ReferenceProfile(batch: batch, binCount: 2)
        let version = try await registry.register(model: "m", artifact: Data("model".utf8), runID: nil, metrics: [:], trainingRows: 4,
                                                  fingerprint: "f", codeVersion: "0", referenceProfile: profile)
        let stored = try #require(try await registry.store.referenceProfile(model: "m", version: version.version))
        #expect(ReferenceProfile.isProfileFile(stored))
        #expect(try await registry.referenceProfile(model: "m", version: version.version) == profile)
        let legacy = try await registry.store.createVersion(NewModelVersion(model: "m", runID: nil, artifactPath: "a", checksum: "c", metrics: [:], trainingRows: 4,
                                                                       fingerprint: "f", codeVersion: "0", referenceProfile: try JSONEncoder().encode(profile)))
        #expect(try await registry.referenceProfile(model: "m", version: legacy.version) == profile)
    }
}
