import Foundation
import Testing
@testable import DriftwatchData

/// Profile files that pass their checksum yet lie about their counts: each is refused with an
/// error naming the file, never a trap or a runaway allocation.
@Suite struct HostileProfileTests {
    /// A small valid profile: one numeric column of 10 values (3 distinct, so stored as runs).
    func parts() throws -> (header: Data, profile: ReferenceProfile) {
        let schema = Schema(columns: [.init(name: "x", kind: .numeric)])
        let values: [Double] = [1, 1, 1, 1, 2, 2, 2, 3, 3, 3]
        let profile = ReferenceProfile(batch: ColumnarBatch(schema: schema, rowCount: values.count, columns: [.numeric(NumericColumn(values: values))]), binCount: 2)
        var withoutValues = profile
        if case .numeric(var numeric) = withoutValues.columns[0] { numeric.sortedValues = []; withoutValues.columns[0] = .numeric(numeric) }
        return (try JSONEncoder().encode(withoutValues), profile)
    }

    /// A checksummed file of a header (its length given as `length`, default its size) and blocks.
    func file(header: Data, length: UInt64? = nil, blocks: Data) -> Data {
        var payload = Data()
        payload.appendLittleEndian(length ?? UInt64(header.count))
        payload.append(header)
        payload.append(blocks)
        return ReferenceProfile.fileFormat.encode(payload)
    }

    func runs(count: UInt64, values: [Double], repeats: [UInt32]) -> Data {
        var data = Data([1])
        data.appendLittleEndian(count)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        repeats.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    func refusal(_ data: Data) -> String {
        do {
            _ = try ReferenceProfile.decodeFile(data, source: "hostile.profile")
            return "accepted"
        } catch let error as DataError {
            return error.description
        } catch {
            return "unexpected \(type(of: error))"
        }
    }

    @Test func theValidFileReadsBack() throws {
        let (header, profile) = try parts()
        #expect(try ReferenceProfile.decodeFile(file(header: header, blocks: runs(count: 3, values: [1, 2, 3], repeats: [4, 3, 3])), source: "p") == profile)
    }

    @Test func lengthsBeyondTheFileAreRefused() throws {
        let (header, _) = try parts()
        let blocks = runs(count: 3, values: [1, 2, 3], repeats: [4, 3, 3])
        #expect(refusal(file(header: header, length: 1 << 63, blocks: blocks)).hasPrefix("hostile.profile: the profile does not decode"))
        #expect(refusal(file(header: header, length: .max, blocks: blocks)).hasPrefix("hostile.profile: "))
        #expect(refusal(file(header: header, blocks: runs(count: 1 << 63, values: [1, 2, 3], repeats: [4, 3, 3]))).hasPrefix("hostile.profile: "))
        #expect(refusal(file(header: header, blocks: runs(count: .max, values: [1, 2, 3], repeats: [4, 3, 3]))).hasPrefix("hostile.profile: "))
    }

    @Test func repeatCountsMustAddUpToTheBins() throws {
        let (header, _) = try parts()
        // 2^32 − 1 repeats of one value in a few bytes: refused before anything is expanded.
        #expect(refusal(file(header: header, blocks: runs(count: 3, values: [1, 2, 3], repeats: [.max, 3, 3]))).contains("a block holds"))
        #expect(refusal(file(header: header, blocks: runs(count: 3, values: [1, 2, 3], repeats: [1 << 28, 3, 3]))).contains("a block holds"))
        #expect(refusal(file(header: header, blocks: runs(count: 3, values: [1, 2, 3], repeats: [0, 7, 3]))).contains("a block holds"))
        #expect(refusal(file(header: header, blocks: runs(count: 3, values: [3, 2, 1], repeats: [4, 3, 3]))).contains("not finite and ascending"))
    }

    @Test func headerCountsAreChecked() throws {
        let (_, profile) = try parts()
        func header(_ change: (inout ReferenceProfile) -> Void) throws -> Data {
            var changed = profile
            if case .numeric(var numeric) = changed.columns[0] { numeric.sortedValues = []; changed.columns[0] = .numeric(numeric) }
            change(&changed)
            return try JSONEncoder().encode(changed)
        }
        let blocks = runs(count: 3, values: [1, 2, 3], repeats: [4, 3, 3])
        func numeric(_ change: @escaping (inout NumericProfile) -> Void) throws -> Data {
            try header { profile in
                if case .numeric(var numeric) = profile.columns[0] { change(&numeric); profile.columns[0] = .numeric(numeric) }
            }
        }
        // Bin counts whose sum overflows, negative counts, bins that do not fit their edges.
        #expect(refusal(file(header: try numeric { $0.binCounts = [Int.max, Int.max] }, blocks: blocks)).contains("column 'x': bin counts must be between 0"))
        #expect(refusal(file(header: try numeric { $0.binCounts = [-5, 15] }, blocks: blocks)).contains("column 'x': bin counts must be between 0"))
        #expect(refusal(file(header: try numeric { $0.binCounts = [10] }, blocks: blocks)).contains("do not fit"))
        #expect(refusal(file(header: try numeric { $0.standardDeviation = -1 }, blocks: blocks)).contains("standard deviation"))
        #expect(refusal(file(header: try header { $0.binCount = 0 }, blocks: blocks)).contains("bin count 0 is outside"))
        #expect(refusal(file(header: try header { $0.rowCount = -1 }, blocks: blocks)).contains("row count -1 is outside"))
        #expect(refusal(file(header: try header { $0.columns.append($0.columns[0]) }, blocks: blocks + blocks)).contains("profiled twice"))
        #expect(refusal(file(header: Data(#"{"schema": 3}"#.utf8), blocks: Data())).contains("the profile's header does not decode (wrong type at 'schema')"))
    }

    /// A vector column's sample that is not whole vectors, or claims more vectors than the column
    /// had. (A number that is not finite cannot be written in the JSON header at all.)
    @Test func vectorSamplesAreChecked() throws {
        let schema = Schema(columns: [.init(name: "emb", kind: .vector)])
        let column = try #require(VectorColumn(rows: [[1, 2], [3, 4], nil, [5, 6]]))
        let profile = ReferenceProfile(batch: ColumnarBatch(schema: schema, rowCount: 4, columns: [.vector(column)]))
        guard case .vector(let vector) = profile.columns[0] else {
            Issue.record("no vector profile")
            return
        }
        #expect(vector.dimensions == 2 && vector.presentCount == 3 && vector.missingCount == 1 && vector.sample == [1, 2, 3, 4, 5, 6])
        func hostile(_ change: (inout VectorProfile) -> Void) throws -> String {
            var changed = vector
            change(&changed)
            var file = profile
            file.columns = [.vector(changed)]
            return refusal(self.file(header: try JSONEncoder().encode(file), blocks: Data()))
        }
        #expect(try hostile { _ in } == "accepted")
        #expect(try hostile { $0.sample.removeLast() }.contains("column 'emb': the sample must be whole vectors"))
        #expect(try hostile { $0.presentCount = 2 }.contains("column 'emb': the sample must be whole vectors"))
        #expect(try hostile { $0.dimensions = -2 }.contains("column 'emb': the sample must be whole vectors"))
    }
}
