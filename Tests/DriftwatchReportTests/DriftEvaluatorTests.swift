import Foundation
import Testing
import DriftStatistics
@testable import DriftwatchData
@testable import DriftwatchReport

/// Paths of the bundled example data.
enum Examples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func rides(_ name: String) -> String { root.appendingPathComponent("examples/rides/\(name)").path }
}

struct RidesColumn: Decodable {
    struct Missing: Decodable { var reference: Double; var current: Double }
    struct KS: Decodable { var statistic: Double; var p_value: Double }
    struct Chi: Decodable { var statistic: Double; var p_value: Double; var dof: Int }
    var name: String
    var kind: String
    var missing_ratio: Missing
    var ks: KS?
    var chi_square: Chi?
    var psi: Double
    var jensen_shannon: Double
    var wasserstein_normed: Double?
}

@Suite struct DriftEvaluatorTests {
    func close(_ a: Double?, _ b: Double?, _ tolerance: Double) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a == b || abs(a - b) <= max(tolerance * abs(b), 1e-300)
    }

    @Test func exampleCheckAgreesWithScipyColumnByColumn() async throws {
        let url = try #require(Bundle.module.url(forResource: "rides", withExtension: "json", subdirectory: "Fixtures"))
        struct File: Decodable { var cases: [RidesColumn] }
        let expected = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        let outcome = try await DriftCheck.run(referencePath: Examples.rides("reference.csv"), currentPath: Examples.rides("current.csv"),
                                               schemaPath: Examples.rides("schema.yaml"), options: DriftOptions())
        #expect(outcome.report.referenceRows == 4000 && outcome.report.currentRows == 3000)
        for column in expected {
            let actual = try #require(outcome.report.columns.first { $0.name == column.name }, "column \(column.name)")
            #expect(actual.kind.rawValue == column.kind)
            #expect(close(actual.referenceMissingRatio, column.missing_ratio.reference, 1e-12))
            #expect(close(actual.currentMissingRatio, column.missing_ratio.current, 1e-12))
            #expect(close(actual.ks?.statistic, column.ks?.statistic, 1e-9), "\(column.name) KS D")
            #expect(close(actual.ks?.pValue, column.ks?.p_value, 1e-6), "\(column.name) KS p")
            #expect(close(actual.chiSquare?.statistic, column.chi_square?.statistic, 1e-9), "\(column.name) chi-square")
            #expect(close(actual.chiSquare?.pValue, column.chi_square?.p_value, 1e-6), "\(column.name) chi-square p")
            #expect(actual.chiSquare?.degreesOfFreedom == column.chi_square?.dof)
            #expect(close(actual.psi, column.psi, 1e-9), "\(column.name) PSI")
            #expect(close(actual.jensenShannon, column.jensen_shannon, 1e-9), "\(column.name) JS")
            #expect(close(actual.wassersteinNormed, column.wasserstein_normed, 1e-9), "\(column.name) Wasserstein")
        }
        #expect(outcome.report.dataset.drift)
    }

    func batch(_ columns: [(String, Column)]) -> ColumnarBatch {
        let schema = Schema(columns: columns.map { ColumnSchema(name: $0.0, kind: $0.1.kind) })
        return ColumnarBatch(schema: schema, rowCount: columns.first?.1.rowCount ?? 0, columns: columns.map(\.1))
    }

    func numeric(_ values: [Double]) -> Column { .numeric(NumericColumn(values: values)) }

    @Test func verdictsFollowAlphaCorrectionAndShare() async throws {
        let base = (0..<400).map { Double($0 % 40) }
        let reference = batch([("a", numeric(base)), ("b", numeric(base)), ("c", numeric(base))])
        let shifted = base.map { $0 + 10 }
        // c moves by a tenth of its range: significant alone (p ≈ 0.03), not after Bonferroni over three columns.
        let current = batch([("a", numeric(shifted)), ("b", numeric(base)), ("c", numeric(base.map { $0 + 4 }))])
        let profile = ReferenceProfile(batch: reference)
        var options = DriftOptions()
        let plain = try await DriftEvaluator(options: options).evaluate(profile: profile, current: current)
        let pValues = plain.columns.map { $0.ks!.pValue }
        #expect(plain.columns.map(\.drift) == pValues.map { $0 < 0.05 })
        #expect(plain.columns.map(\.drift) == [true, false, true])
        #expect(plain.dataset.driftedColumns == plain.columns.filter(\.drift).count)
        #expect(plain.dataset.share == Double(plain.dataset.driftedColumns) / 3)

        options.correction = .bonferroni
        let corrected = try await DriftEvaluator(options: options).evaluate(profile: profile, current: current)
        #expect(corrected.columns.map { $0.adjustedPValue! } == pValues.map { min(1, $0 * 3) })
        #expect(corrected.columns.map(\.drift) == pValues.map { min(1, $0 * 3) < 0.05 })
        #expect(corrected.columns.map(\.drift) == [true, false, false])

        #expect(plain.dataset.drift)  // 2 of 3 ≥ 0.5
        #expect(!corrected.dataset.drift)  // 1 of 3 < 0.5
        options.driftShare = 1.0 / 3
        #expect(try await DriftEvaluator(options: options).evaluate(profile: profile, current: current).dataset.drift)
    }

    @Test func psiDecidesWhenChosen() async throws {
        let base = (0..<1000).map { Double($0) }
        let reference = batch([("v", numeric(base))])
        let current = batch([("v", numeric(base.map { $0 * 1.02 }))])
        var options = DriftOptions()
        options.numericTest = .psi
        options.psiThreshold = 0.5
        let report = try await DriftEvaluator(options: options).evaluate(profile: ReferenceProfile(batch: reference), current: current)
        let column = try #require(report.columns.first)
        #expect(column.driftTest == .psi)
        #expect(column.drift == (column.psi! >= 0.5))
        #expect(column.adjustedPValue == nil)
    }

    @Test func columnsWithoutValuesAreSkippedNotDrifted() async throws {
        let reference = batch([("v", numeric([1, 2, 3])), ("w", numeric([1, 2, 3]))])
        let current = batch([("v", numeric([.nan, .nan, .nan])), ("w", numeric([1, 2, 3]))])
        let report = try await DriftEvaluator().evaluate(profile: ReferenceProfile(batch: reference), current: current)
        #expect(report.columns[0].skippedReason == "no values in the current data")
        #expect(report.columns[0].currentMissingRatio == 1)
        #expect(report.dataset.testedColumns == 1)
        #expect(report.warnings.contains("column 'v' was not tested: no values in the current data"))
    }

    @Test func unseenCategoriesAreReportedAndGoodnessOfFitSaysWhyItIsInfinite() async throws {
        let reference = batch([("c", .categorical(CategoricalColumn(values: ["a", "a", "b", "b"])))])
        let current = batch([("c", .categorical(CategoricalColumn(values: ["a", "z", "z", "b", nil])))])
        var options = DriftOptions()
        options.chiSquareMode = .goodnessOfFit
        let report = try await DriftEvaluator(options: options).evaluate(profile: ReferenceProfile(batch: reference), current: current)
        let column = report.columns[0]
        #expect(column.unseenCategories == ["z"])
        #expect(column.unseenCategoryRatio == 0.5)
        #expect(column.currentMissingRatio == 0.2)
        #expect(column.chiSquare?.statistic == .infinity)
        #expect(column.drift)
        #expect(report.warnings.first?.contains("infinite") == true)
        // JSON has no infinity: the statistic is null, the rest stays valid JSON.
        let json = report.json.rendered()
        #expect(json.contains("\"statistic\": null"))
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
    }

    @Test func kindMismatchBetweenReferenceAndCurrentIsAnError() async {
        let reference = batch([("v", numeric([1, 2, 3]))])
        let current = batch([("v", .categorical(CategoricalColumn(values: ["x", "y", "z"])))])
        await #expect(throws: DataError(file: "cur.csv", column: "v", "is categorical here but numeric in the reference")) {
            try await DriftEvaluator().evaluate(profile: ReferenceProfile(batch: reference), current: current, source: "cur.csv")
        }
    }

    @Test func optionsAreValidated() {
        var options = DriftOptions()
        options.alpha = 1.5
        #expect(throws: OptionError.self) { try options.validate() }
        options = DriftOptions()
        options.numericTest = .chiSquare
        #expect(throws: OptionError.self) { try options.validate() }
    }
}

@Suite struct EffectSizeRuleTests {
    @Test func significanceAloneIsNotEnoughWhenAMinimumPSIIsSet() async throws {
        // A large sample with a small shift: KS calls it significant, PSI says it is tiny.
        let base = (0..<20_000).map { Double($0 % 1000) }
        let schema = Schema(columns: [ColumnSchema(name: "v", kind: .numeric)])
        let reference = ColumnarBatch(schema: schema, rowCount: base.count, columns: [.numeric(NumericColumn(values: base))])
        let current = ColumnarBatch(schema: schema, rowCount: base.count, columns: [.numeric(NumericColumn(values: base.map { $0 + 40 }))])
        let profile = ReferenceProfile(batch: reference)
        let plain = try await DriftEvaluator().evaluate(profile: profile, current: current).columns[0]
        #expect(plain.drift)
        #expect(plain.ks!.pValue < 1e-10)
        var options = DriftOptions()
        options.minimumPSI = 0.1
        let combined = try await DriftEvaluator(options: options).evaluate(profile: profile, current: current).columns[0]
        #expect(combined.psi! < 0.1)
        #expect(!combined.drift)
        // A large shift passes both.
        let far = ColumnarBatch(schema: schema, rowCount: base.count, columns: [.numeric(NumericColumn(values: base.map { $0 + 400 }))])
        #expect(try await DriftEvaluator(options: options).evaluate(profile: profile, current: far).columns[0].drift)
    }
}

/// `check --segment`: each segment's reference rows against its current rows, against scipy.
@Suite struct SegmentDriftTests {
    struct Test: Decodable { var statistic: Double; var p_value: Double }
    struct Chi: Decodable { var statistic: Double; var p_value: Double; var dof: Int }
    struct Case: Decodable { var segment: String; var reference_rows: Int; var current_rows: Int; var ks: [String: Test]; var payment_type: Chi }

    func close(_ a: Double?, _ b: Double, _ tolerance: Double) -> Bool {
        a != nil && DriftEvaluatorTests().close(a, b, tolerance)
    }

    @Test func exampleSegmentsAgreeWithScipy() async throws {
        let url = try #require(Bundle.module.url(forResource: "rides_segments", withExtension: "json", subdirectory: "Fixtures"))
        struct File: Decodable { var cases: [Case] }
        let expected = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        let outcome = try await DriftCheck.run(referencePath: Examples.rides("reference.csv"), currentPath: Examples.rides("current.csv"),
                                               schemaPath: Examples.rides("schema.yaml"), options: DriftOptions(),
                                               segmentation: .init(column: "PU_location", top: 3))
        let segments = try #require(outcome.segments)
        #expect(segments.map(\.segment) == expected.map(\.segment))
        for (segment, c) in zip(segments, expected) {
            #expect(segment.referenceRows == c.reference_rows && segment.currentRows == c.current_rows, "\(c.segment)")
            let report = try #require(segment.report)
            for (column, test) in c.ks {
                let measured = report.columns.first { $0.name == column }?.ks
                #expect(close(measured?.statistic, test.statistic, 1e-9), "\(c.segment) \(column) D")
                #expect(close(measured?.pValue, test.p_value, 1e-6), "\(c.segment) \(column) p")
            }
            let chi = report.columns.first { $0.name == "payment_type" }?.chiSquare
            #expect(close(chi?.statistic, c.payment_type.statistic, 1e-9) && close(chi?.pValue, c.payment_type.p_value, 1e-6), "\(c.segment) chi-square")
            #expect(chi?.degreesOfFreedom == c.payment_type.dof)
        }
    }

    @Test func segmentMistakesNameTheColumn() async throws {
        for (column, message) in [("zone", "--segment: column 'zone' is not in the data"), ("trip_distance", "--segment: column 'trip_distance' is numeric")] {
            await #expect {
                try await DriftCheck.run(referencePath: Examples.rides("reference.csv"), currentPath: Examples.rides("current.csv"),
                                         schemaPath: Examples.rides("schema.yaml"), options: DriftOptions(), segmentation: .init(column: column))
            } throws: { "\($0)".contains(message) }
        }
    }
}
