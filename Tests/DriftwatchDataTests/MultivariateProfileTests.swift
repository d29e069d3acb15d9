import DriftStatistics
import Foundation
import Testing
@testable import DriftwatchData

/// The multivariate part of a reference profile: it survives the file format, it is refused with
/// the file's name when a hostile file makes its parts disagree, and dropping an id column leaves
/// every reconstruction error as it was.
@Suite struct MultivariateProfileTests {
    func batch(rows: Int = 400) -> ColumnarBatch {
        var generator = SplitMix64(seed: 3)
        let a = (0..<rows).map { _ in Double.random(in: 0..<10, using: &generator) }
        let b = a.map { $0 * 2 + Double.random(in: -1..<1, using: &generator) }
        let kind = (0..<rows).map { $0 % 3 == 0 ? "x" : "y" }
        let id = (0..<rows).map { "order-\($0)" }
        let schema = Schema(columns: [.init(name: "a", kind: .numeric), .init(name: "b", kind: .numeric), .init(name: "kind", kind: .categorical),
                                      .init(name: "id", kind: .categorical), .init(name: "prediction", kind: .numeric, role: .prediction)])
        return ColumnarBatch(schema: schema, rowCount: rows, columns: [.numeric(NumericColumn(values: a)), .numeric(NumericColumn(values: b)),
                                                                      .categorical(CategoricalColumn(values: kind)), .categorical(CategoricalColumn(values: id)),
                                                                      .numeric(NumericColumn(values: a))])
    }

    func refusal(_ profile: ReferenceProfile) throws -> String {
        do {
            _ = try ReferenceProfile.decodeFile(try profile.encodedFile(), source: "hostile.profile")
            return "accepted"
        } catch let error as DataError {
            return error.description
        }
    }

    @Test func itRoundTripsAndCoversOnlyFeatures() throws {
        let profile = ReferenceProfile(batch: batch(), multivariateSampleRows: 100)
        let multivariate = try #require(profile.multivariate)
        #expect(multivariate.columns == ["a", "b", "kind", "id"], "the prediction is not a feature")
        #expect(multivariate.sample.allSatisfy { $0.count == 100 } && multivariate.referenceErrors.count == 400)
        #expect(try ReferenceProfile.decodeFile(profile.encodedFile(), source: "p") == profile)
        #expect(ReferenceProfile(batch: batch()).multivariate == nil, "only when asked for")
    }

    @Test func droppingAnIDColumnChangesNoError() throws {
        let profile = ReferenceProfile(batch: batch(), multivariateSampleRows: 100)
        let (withoutIDs, ids) = profile.treatingDistinctColumnsAsIDs(except: [])
        #expect(ids == ["id"])
        let before = try #require(profile.multivariate), after = try #require(withoutIDs.multivariate)
        #expect(after.columns == ["a", "b", "kind"])
        let rows = batch()
        let full = before.reconstruction.errors(try before.current(rows, source: "t"))
        let reduced = after.reconstruction.errors(try after.current(rows, source: "t"))
        #expect(zip(full, reduced).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, $0) })
    }

    @Test func hostilePartsAreRefusedWithTheFileName() throws {
        let profile = ReferenceProfile(batch: batch(), multivariateSampleRows: 100)
        var narrow = profile
        narrow.multivariate?.sample.removeLast()
        #expect(try refusal(narrow).hasPrefix("hostile.profile: multivariate: its PCA, sample and 4 columns do not agree"))
        var ragged = profile
        ragged.multivariate?.sample[0] = .numeric([1, 2])
        #expect(try refusal(ragged).contains("the same number of rows"))
        var stranger = profile
        stranger.multivariate?.columns[0] = "prediction"
        #expect(try refusal(stranger).contains("not a feature column"))
        var swapped = profile
        swapped.multivariate?.sample.swapAt(0, 2)
        #expect(try refusal(swapped).contains("not of the schema's kind"))
        var badCode = profile
        badCode.multivariate?.sample[2] = .categorical(codes: [Int32](repeating: 7, count: 100), categories: ["x", "y"])
        #expect(try refusal(badCode).contains("names no category"))
        var negative = profile
        negative.multivariate?.referenceErrors[0] = -1
        #expect(try refusal(negative).contains("reference errors"))
        var tooMany = profile
        tooMany.multivariate?.referenceErrors = [Double](repeating: 1, count: MultivariateProfile.errorLimit + 1)
        #expect(try refusal(tooMany).contains("reference errors"))
        var zeroScale = profile
        if let r = zeroScale.multivariate?.reconstruction {
            zeroScale.multivariate?.reconstruction = PCAReconstruction(encodings: r.encodings, means: r.means, scales: [0] + r.scales.dropFirst(),
                                                                        centre: r.centre, components: r.components)
        }
        #expect(try refusal(zeroScale).contains("scales positive"))
        var noComponents = profile
        if let r = noComponents.multivariate?.reconstruction {
            noComponents.multivariate?.reconstruction = PCAReconstruction(encodings: r.encodings, means: r.means, scales: r.scales, centre: r.centre, components: [])
        }
        #expect(try refusal(noComponents).contains("components"))
    }
}
