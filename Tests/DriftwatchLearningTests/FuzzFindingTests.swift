import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchLearning

/// Every input `scripts/fuzz` found (a crash, a time-out, a runaway allocation in some earlier
/// build) is replayed through the reader it was found in: each must now be read or refused with an
/// error, and a loaded artifact must predict. The calls are those of the fuzz targets
/// (Fuzz/Sources/DriftwatchFuzz/FuzzTargets.swift).
@Suite struct FuzzFindingTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    static var findings: [(target: String, file: URL)] {
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return targets.sorted().flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? []).sorted()
                .filter { !$0.hasPrefix(".") }.map { (target, folder.appendingPathComponent(target).appendingPathComponent($0)) }
        }
    }

    /// Reads the finding as its target does; nil when read, the error's message when refused.
    static func refusal(_ target: String, _ data: Data) throws -> String? {
        do {
            switch target {
            case "profile":
                _ = try ReferenceProfile.decodeFile(ReferenceProfile.fileFormat.encode(data), source: "finding.profile")
            case "artifact":
                let artifact = try ModelArtifact.decode(ModelArtifact.fileFormat.encode(data), path: "finding.dwm")
                let predictor = RecordPredictor(artifact.model)
                _ = try predictor.predict(Dictionary(uniqueKeysWithValues: predictor.inputColumns.map { ($0, FeatureInput.missing) }))
            case "csv", "jsonl", "parquet":
                _ = try DatasetReader.readBatch(data, source: "finding.\(target)", schema: nil)
            case "yaml":
                let text = String(decoding: data, as: UTF8.self)
                _ = try SchemaSpec.parse(yaml: text, source: "finding.yaml")
            case "xgboost":
                let booster = try XGBoostBooster(data: data, source: "finding.ubj")
                _ = booster.predict([Float](repeating: .nan, count: booster.featureCount))
            default:
                throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: "unknown fuzz target '\(target)'"])
            }
            return nil
        } catch let error as CocoaError {
            throw error
        } catch {
            return "\(error)"
        }
    }

    @Test func everyKeptInputIsReadOrRefusedInOneLine() throws {
        let findings = Self.findings
        #expect(!findings.isEmpty, "no kept fuzz inputs under \(Self.folder.path)")
        for (target, file) in findings {
            guard let message = try Self.refusal(target, try Data(contentsOf: file)) else { continue }
            #expect(!message.contains("\n") && message.count <= 400, "\(target)/\(file.lastPathComponent): \(message.prefix(500))")
        }
    }
}
