import DriftwatchData
import DriftwatchHTTP
import Foundation
import Testing
@testable import DriftwatchAgent

/// Every agent config and web config input `scripts/fuzz` kept (a crash, a time-out or a runaway
/// allocation in some build), and the hostile configs written by hand beside them, replayed as the
/// fuzz targets read them (Fuzz/Sources/DriftwatchFuzz/FuzzTargets.swift): each must be read or
/// refused with a one-line error.
@Suite struct ConfigFuzzFindingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    static func inputs(_ target: String) -> [URL] {
        let directory = folder.appendingPathComponent(target)
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
            .filter { !$0.hasPrefix(".") }.map { directory.appendingPathComponent($0) }
    }

    static func refusal(_ target: String, _ text: String) -> String? {
        do {
            switch target {
            case "agent": _ = try AgentConfiguration.parse(yaml: text, source: "finding.yaml", environment: [:])
            default: _ = try WebConfiguration.parse(yaml: text, source: "finding.yml")
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: ["agent", "webconfig"])
    func everyKeptInputIsReadOrRefusedInOneLine(target: String) throws {
        let inputs = Self.inputs(target)
        #expect(!inputs.isEmpty, "no kept inputs under \(Self.folder.path)/\(target)")
        for file in inputs {
            guard let message = Self.refusal(target, String(decoding: try Data(contentsOf: file), as: UTF8.self)) else { continue }
            #expect(!message.contains("\n") && message.count <= 400, "\(target)/\(file.lastPathComponent): \(message.prefix(500))")
        }
    }
}
