import DriftStatistics
import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchLearning

/// A small regression data set with numeric and categorical columns.
func sampleBatch(rows: Int = 300, seed: UInt64 = 3) -> ColumnarBatch {
    var generator = SplitMix64(seed: seed)
    func uniform() -> Double { Double(generator.next() >> 11) * 0x1p-53 }
    let zones = ["a", "b", "c", "d"]
    var distance: [Double] = [], zone: [String?] = [], duration: [Double] = []
    for _ in 0..<rows {
        let d = 1 + 9 * uniform(), z = zones[Int(uniform() * 4)]
        distance.append(d)
        zone.append(z)
        duration.append(3 * d + (z == "a" ? 5 : 0) + uniform())
    }
    let schema = Schema(columns: [ColumnSchema(name: "distance", kind: .numeric), ColumnSchema(name: "zone", kind: .categorical),
                                  ColumnSchema(name: "duration", kind: .numeric, role: .target)])
    return ColumnarBatch(schema: schema, rowCount: rows, columns: [.numeric(NumericColumn(values: distance)),
                                                                   .categorical(CategoricalColumn(values: zone)),
                                                                   .numeric(NumericColumn(values: duration))])
}

@Suite struct ArtifactTests {
    func artifact(kind: ModelKind) throws -> (ModelArtifact, ColumnarBatch) {
        let batch = sampleBatch()
        let encoder = try FeatureEncoder.fit(FeatureSpec(numeric: ["distance"], categorical: ["zone"]), on: batch)
        let x = try encoder.encode(batch)
        guard case .numeric(let target)? = batch.column(named: "duration") else { throw FeatureError(message: "no target") }
        let task: LearningTask = kind == .logistic ? .binaryClassification : .regression
        let y = task == .regression ? target.values : target.values.map { $0 > 20 ? 1 : 0 }
        let fitted = try HyperParameters.fit(kind: kind, task: task, params: kind == .gradientBoostedTrees ? ["max_iter": 20] : [:], x: x, y: y, seed: 1)
        let model = Model(kind: kind, task: task, encoder: encoder, fitted: fitted)
        let artifact = ModelArtifact(model: model, schema: batch.schema, target: "duration", predictionColumn: "prediction",
                                     params: [:], metrics: ["rmse": 1.25],
                                     training: TrainingProvenance(fingerprint: "f", rows: batch.rowCount, codeVersion: "test", trainedAt: Date(timeIntervalSince1970: 1_800_000_000), seed: 1))
        return (artifact, batch)
    }

    @Test(arguments: ModelKind.trainable)
    func predictionsSurviveTheFileBitForBit(kind: ModelKind) throws {
        let (artifact, batch) = try artifact(kind: kind)
        let loaded = try ModelArtifact.decode(try artifact.encoded(), path: "m.dwm")
        #expect(loaded == artifact)
        let before = try artifact.model.predict(batch), after = try loaded.model.predict(batch)
        #expect(before.map(\.bitPattern) == after.map(\.bitPattern))
    }

    @Test func damagedFilesAreRefused() throws {
        let data = try artifact(kind: .ridge).0.encoded()
        var corrupt = data
        corrupt[corrupt.count - 10] ^= 0x01
        #expect(throws: ArtifactError(path: "m", message: "checksum mismatch: the file is corrupt")) { try ModelArtifact.decode(corrupt, path: "m") }
        let truncated = data.prefix(data.count - 100)
        #expect((try? ModelArtifact.decode(truncated, path: "m")) == nil)
        do {
            _ = try ModelArtifact.decode(truncated, path: "m")
        } catch let error as ArtifactError {
            #expect(error.message.hasPrefix("truncated or extended"))
        }
        #expect(throws: ArtifactError(path: "m", message: "not a Driftwatch model file")) { try ModelArtifact.decode(Data("hello world\n{}".utf8), path: "m") }
        let newer = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "DRIFTWATCH-MODEL 1 ", with: "DRIFTWATCH-MODEL 9 ").utf8)
        #expect(throws: ArtifactError(path: "m", message: "format version 9 is newer than this Driftwatch reads (1); upgrade Driftwatch")) {
            try ModelArtifact.decode(newer, path: "m")
        }
        #expect(throws: ArtifactError(path: "/nonexistent/m.dwm", message: "no such file")) { try ModelArtifact.load(path: "/nonexistent/m.dwm") }
    }
}

@Suite struct FeatureEncoderTests {
    @Test func oneHotWithCappedVocabularyCrossesAndStandardisation() throws {
        let schema = Schema(columns: [ColumnSchema(name: "x", kind: .numeric), ColumnSchema(name: "pu", kind: .categorical), ColumnSchema(name: "do", kind: .categorical)])
        let batch = ColumnarBatch(schema: schema, rowCount: 4, columns: [
            .numeric(NumericColumn(values: [1, 2, 3, .nan])),
            .categorical(CategoricalColumn(values: ["a", "a", "b", "c"])),
            .categorical(CategoricalColumn(values: ["z", "y", "z", nil])),
        ])
        let encoder = try FeatureEncoder.fit(FeatureSpec(numeric: ["x"], categorical: ["pu"], crosses: [["pu", "do"]], maxCategories: 2), on: batch)
        #expect(encoder.numeric == [.init(name: "x", mean: 2, scale: (2.0 / 3).squareRoot())])
        #expect(encoder.categorical[0].vocabulary == ["a", "b"])  // "c" falls beyond the cap
        #expect(encoder.categorical[1].name == "pu_do")
        #expect(encoder.categorical[1].vocabulary == ["a_y", "a_z"])
        #expect(encoder.featureNames == ["x", "pu=a", "pu=b", "pu=__other__", "pu_do=a_y", "pu_do=a_z", "pu_do=__other__"])
        let x = try encoder.encode(batch)
        #expect(x.row(0).elementsEqual([-1 / (2.0 / 3).squareRoot(), 1, 0, 0, 0, 1, 0]))
        // Missing number → the training mean (0 after centring); unseen or missing category → __other__.
        #expect(x.row(3).elementsEqual([0, 0, 0, 1, 0, 0, 1]))
        #expect(x.row(2).elementsEqual([1 / (2.0 / 3).squareRoot(), 0, 1, 0, 0, 0, 1]))
    }

    /// A linear model scores a batch without the encoded matrix; the scores equal those of the
    /// encoded rows exactly, with crosses, unseen and missing values, and text or numeric sources.
    @Test func linearBatchScoresEqualEncodedRows() throws {
        let schema = Schema(columns: [ColumnSchema(name: "x", kind: .numeric), ColumnSchema(name: "pu", kind: .categorical),
                                      ColumnSchema(name: "do", kind: .categorical), ColumnSchema(name: "h", kind: .numeric)])
        var generator = SplitMix64(seed: 3)
        let n = 500
        let zones = ["a", "b", "c", "d", "e"]
        func pick() -> String? { let k = Int(generator.next() % 6); return k == 5 ? nil : zones[k] }
        let batch = ColumnarBatch(schema: schema, rowCount: n, columns: [
            .numeric(NumericColumn(values: (0..<n).map { i in i % 17 == 0 ? .nan : Double(generator.next() % 1000) / 7 })),
            .categorical(CategoricalColumn(values: (0..<n).map { _ in pick() })),
            .categorical(CategoricalColumn(values: (0..<n).map { _ in pick() })),
            .numeric(NumericColumn(values: (0..<n).map { _ in Double(generator.next() % 24) })),
        ])
        let encoder = try FeatureEncoder.fit(FeatureSpec(numeric: ["x"], categorical: ["pu", "h"], crosses: [["pu", "do"], ["do", "h"]], maxCategories: 6), on: batch)
        let coefficients = (0..<encoder.width).map { _ in Double(generator.next() % 2000) / 1000 - 1 }
        for task in [LearningTask.regression, .binaryClassification] {
            let model = Model(kind: task == .regression ? .ridge : .logistic, task: task, encoder: encoder,
                              fitted: .linear(LinearModel(coefficients: coefficients, intercept: 0.25)))
            let fast = try model.predict(batch), encoded = model.predict(encoded: try encoder.encode(batch))
            #expect(fast == encoded)
        }
    }
}
