import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchLearning

/// An imported booster inside a model artifact: it survives the file bit for bit, is read again
/// through the import's checks at every load, and an artifact whose parts contradict it is refused.
@Suite struct XGBoostModelTests {
    static let model = XGBoostBoosterTests.folder.appendingPathComponent("dict_vectorizer_sparse.json")

    func artifact(_ change: (inout XGBoostImport) -> Void = { _ in }) throws -> ModelArtifact {
        var request = XGBoostImport(file: try Data(contentsOf: Self.model), source: "m.json")
        request.target = "duration"
        change(&request)
        var artifact = try request.run(codeVersion: "test").artifact
        // Whole seconds, as the file keeps them.
        artifact.training.trainedAt = Date(timeIntervalSince1970: 1_800_000_000)
        return artifact
    }

    static var batch: ColumnarBatch {
        ColumnarBatch(schema: Schema(columns: [ColumnSchema(name: "PU_location", kind: .categorical), ColumnSchema(name: "hour", kind: .numeric),
                                               ColumnSchema(name: "trip_distance", kind: .numeric)]), rowCount: 4,
                      columns: [.categorical(CategoricalColumn(values: ["Airport", "Unseen", nil, "Park"])), .numeric(NumericColumn(values: [8, 20, .nan, 3])),
                                .numeric(NumericColumn(values: [3, 1, 7.5, .nan]))])
    }

    @Test func predictionsSurviveTheFileBitForBit() throws {
        let artifact = try artifact()
        #expect(artifact.model.kind == .xgboost && artifact.model.task == .regression)
        #expect(artifact.schema.columns.map(\.name) == ["hour", "trip_distance", "PU_location", "duration"])
        let loaded = try ModelArtifact.decode(try artifact.encoded(), path: "m.dwm")
        #expect(loaded == artifact)
        let before = try artifact.model.predict(Self.batch), after = try loaded.model.predict(Self.batch)
        #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
        // The batch path and the record path agree.
        let predictor = RecordPredictor(loaded.model)
        let single = try predictor.predict(["PU_location": .text("Unseen"), "hour": .number(20), "trip_distance": .number(1)])
        #expect(single.value.bitPattern == after[1].bitPattern && single.unseen == ["PU_location"])
    }

    @Test func contradictionsAreRefusedAtLoad() throws {
        func refusal(_ change: (inout ModelArtifact) -> Void) throws -> String {
            var artifact = try self.artifact()
            change(&artifact)
            do {
                _ = try ModelArtifact.decode(try artifact.encoded(), path: "m.dwm")
                return "accepted"
            } catch let error as ArtifactError {
                #expect(!error.description.contains("\n"))
                return error.description
            }
        }
        #expect(try refusal { $0.model.kind = .ridge } == "m.dwm: model.kind: 'ridge' for an imported XGBoost booster")
        #expect(try refusal { $0.model.task = .binaryClassification }.hasPrefix("m.dwm: model.task: 'binary_classification', but the booster's objective reg:squarederror"))
        #expect(try refusal { $0.model.encoder.numeric.removeLast() } == "m.dwm: model.encoder does not describe the booster's feature names")
        #expect(try refusal { artifact in
            let other = try! XGBoostModel(file: Data(contentsOf: XGBoostBoosterTests.folder.appendingPathComponent("reg_gamma.json")), source: "x", featureNames: (0..<6).map { "f\($0)" })
            artifact.model.fitted = .xgboost(other)
        }.contains("model.encoder does not describe"))
        // A booster file that is not one: refused while decoding, with the reader's reason.
        let artifact = try self.artifact()
        guard case .xgboost(let imported) = artifact.model.fitted else { Issue.record("not imported"); return }
        let payload = String(decoding: try artifact.encoded(), as: UTF8.self).split(separator: "\n", maxSplits: 1)[1]
        let damaged = payload.replacingOccurrences(of: imported.file.base64EncodedString(), with: Data("{\"learner\": 1}".utf8).base64EncodedString())
        #expect {
            try ModelArtifact.decode(ModelArtifact.fileFormat.encode(Data(damaged.utf8)), path: "m.dwm")
        } throws: { error in
            "\(error)".hasPrefix("m.dwm: payload does not decode as a model: model.fitted.xgboost.file: learner") && !"\(error)".contains("\n")
        }
    }

    @Test func schemaAndFeatureNamesMustAgree() throws {
        let spec = try SchemaSpec.parse(yaml: "columns:\n  - {name: hour, kind: categorical}\n  - {name: trip_distance}\n  - {name: PU_location}\ntarget: duration\n", source: "s.yaml")
        #expect(throws: DataError(file: "s.yaml", column: "hour", "is categorical here, but the booster reads it as a number (no 'hour=…' one-hots)")) {
            _ = try artifact { $0.schema = (spec, "s.yaml") }
        }
        let missing = try SchemaSpec.parse(yaml: "columns:\n  - {name: hour}\n  - {name: trip_distance}\ntarget: duration\n", source: "s.yaml")
        #expect(throws: DataError(file: "s.yaml", column: "PU_location", "the booster reads this column (learner.feature_names in m.json) but the schema does not list it")) {
            _ = try artifact { $0.schema = (missing, "s.yaml") }
        }
        #expect(throws: DataError(file: "m.json", "the target column is not named: give --target NAME or a schema with 'target:'")) {
            _ = try artifact { $0.target = nil }
        }
        // Without names, the schema's feature columns name the features, in order.
        let unnamed = XGBoostBoosterTests.folder.appendingPathComponent("reg_gamma.json")
        let six = try SchemaSpec.parse(yaml: "columns:\n" + (0..<6).map { "  - {name: x\($0), kind: numeric}\n" }.joined() + "target: y\n", source: "six.yaml")
        var request = XGBoostImport(file: try Data(contentsOf: unnamed), source: "g.json")
        request.schema = (six, "six.yaml")
        #expect(try request.run(codeVersion: "t").artifact.model.encoder.inputColumns == (0..<6).map { "x\($0)" })
        request.schema = (try SchemaSpec.parse(yaml: "columns:\n  - {name: a}\ntarget: y\n", source: "one.yaml"), "one.yaml")
        #expect(throws: DataError.self) { try request.run(codeVersion: "t") }
    }
}
