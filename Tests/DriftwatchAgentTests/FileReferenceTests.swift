import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchAgent

/// The agent's `reference: {file: …}` takes a data file in any format or a saved profile.
@Suite struct FileReferenceTests {
    let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/rides")

    func agent(_ reference: String) async throws -> Agent {
        let configuration = try AgentConfiguration.parse(yaml: "model: rides\nreference: {\(reference)}\n", source: "agent.yaml")
        return try await Agent.start(configuration: configuration, version: "test")
    }

    @Test func aSavedProfileAParquetFileAndACSVFileGiveTheSameReference() async throws {
        let schema = examples.appendingPathComponent("schema.yaml").path
        let fromCSV = try await agent("file: \(examples.appendingPathComponent("reference.csv").path), schema: \(schema)").profile
        let fromParquet = try await agent("file: \(examples.appendingPathComponent("reference.parquet").path), schema: \(schema)").profile
        #expect(fromParquet == fromCSV)
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString).profile")
        defer { try? FileManager.default.removeItem(at: saved) }
        try fromCSV.encodedFile().write(to: saved)
        #expect(try await agent("file: \(saved.path)").profile == fromCSV)
        await #expect(throws: DataError.self) { try await agent("file: \(saved.path), schema: \(schema)") }
    }
}
