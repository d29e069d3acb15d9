import DriftwatchData
import DriftwatchLearning
import DriftwatchRegistry
import Foundation
import Logging
import Testing
@testable import DriftwatchAgent

@Suite struct RegistryReferenceTests {
    /// A profile of x values around `center` (with the zone, target and prediction columns of the
    /// other agent tests).
    func profile(center: Double) -> ReferenceProfile {
        let n = 2000
        let x = (0..<n).map { center + Double($0 % 100) }
        let schema = Schema(columns: [ColumnSchema(name: "x", kind: .numeric), ColumnSchema(name: "zone", kind: .categorical),
                                      ColumnSchema(name: "y", kind: .numeric, role: .target), ColumnSchema(name: "p", kind: .numeric, role: .prediction)])
        return ReferenceProfile(batch: ColumnarBatch(schema: schema, rowCount: n, columns: [
            .numeric(NumericColumn(values: x)),
            .categorical(CategoricalColumn(values: (0..<n).map { ["a", "b", "c"][$0 % 3] })),
            .numeric(NumericColumn(values: x.map { 2 * $0 })),
            .numeric(NumericColumn(values: x.map { 2 * $0 + 0.5 })),
        ]))
    }

    func register(_ registry: Registry, center: Double?) async throws -> Int {
        try await registry.register(model: "rides", artifact: Data("model centred at \(center ?? -1)".utf8), runID: nil, metrics: ["rmse": 1],
                                    trainingRows: 2000, fingerprint: "f", codeVersion: "test", referenceProfile: center.map(profile(center:))).version
    }

    func rows(_ n: Int, center: Double) -> [ObservedRow] {
        (0..<n).map { i in
            let x = center + Double((i * 37) % 100)
            return ObservedRow(id: "r\(i)", values: ["x": .number(x), "zone": .text(["a", "b", "c"][i % 3]), "p": .number(2 * x + 0.5)], receivedAt: 0)
        }
    }

    @Test func theReferenceFollowsTheChampion() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-registry-\(UUID().uuidString)").path
        let registry = try Registry.open(directory: directory)
        let first = try await register(registry, center: 0)
        let second = try await register(registry, center: 500)
        let withoutProfile = try await register(registry, center: nil)
        try await registry.promote(model: "rides", version: first, reason: "start", actor: "test")

        var configuration = try AgentConfiguration.parse(yaml: "model: rides\nreference: {registry: \(directory), poll: 0.5}\nmin_rows: 100\n", source: "a.yaml")
        #expect(configuration.reference == .registry(location: directory, alias: "champion", interval: 0.5))
        configuration.window = .rows(1000)
        let agent = try await Agent.start(configuration: configuration, version: "test")
        #expect(await agent.referenceVersion == first)

        // Rows served by the second model drift against the first one's training data…
        await agent.ingest(rows(500, center: 500))
        let before = try #require(try await agent.evaluate())
        #expect(before.report.dataset.drift && before.modelVersion == first)

        // …until it is promoted: the reference switches and the window starts afresh.
        try await registry.promote(model: "rides", version: second, reason: "better", actor: "test")
        let watcher = ReferenceWatcher(agent: agent, reference: RegistryReference(registry: registry, model: "rides"), interval: .seconds(1), logger: Logger(label: "test"))
        var refused: Int?
        #expect(await watcher.check(skipping: &refused) == second)
        #expect(await agent.windowRows == 0)
        // Rows the previous champion served (pulled late from the prediction log) stay out of the new window.
        let stale = rows(50, center: 0).map { row -> ObservedRow in
            var row = row
            row.modelVersion = first
            return row
        }
        #expect(await agent.ingest(stale) == 0)
        #expect(agent.exporter.render().contains("driftwatch_rows_other_version_total 50"))
        await agent.ingest(rows(500, center: 500))
        let after = try #require(try await agent.evaluate())
        #expect(!after.report.dataset.drift && after.modelVersion == second)
        #expect(agent.exporter.render().contains("driftwatch_reference_model_version{model=\"rides\"} \(second).0\n"))

        // A version registered without a profile cannot be a reference: the current one stays.
        try await registry.promote(model: "rides", version: withoutProfile, reason: "no profile", actor: "test")
        #expect(await watcher.check(skipping: &refused) == second)
        #expect(refused == withoutProfile)
    }

    @Test func aRegistryWithoutTheAliasIsAClearError() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("driftwatch-registry-\(UUID().uuidString)").path
        let registry = try Registry.open(directory: directory)
        let configuration = try AgentConfiguration.parse(yaml: "model: rides\nreference: {registry: \(directory)}\n", source: "a.yaml")
        await #expect(throws: RegistryError.inRegistry(registry.location, .unknownModel("rides"))) { try await Agent.start(configuration: configuration, version: "test") }
        _ = try await register(registry, center: 0)
        await #expect(throws: RegistryError.inRegistry(registry.location, .unknownAlias(model: "rides", alias: "champion"))) { try await Agent.start(configuration: configuration, version: "test") }
        #expect(throws: DataError(file: "a.yaml", line: 2, "a registry reference takes registry, alias and poll only")) {
            try AgentConfiguration.parse(yaml: "model: m\nreference: {registry: r, file: x.csv}\n", source: "a.yaml")
        }
    }
}
