import DriftStatistics
import Foundation
import Testing
@testable import DriftwatchData

@Suite struct ProfileFileTests {
    /// A reference with a continuous column, a column of few distinct values (stored as runs),
    /// an all-missing one and a categorical one.
    func profile(rows: Int = 5000) -> ReferenceProfile {
        var generator = SplitMix64(seed: 3)
        let continuous = (0..<rows).map { _ in Double(generator.next() % 1_000_000) / 7.3 }
        let rounded = (0..<rows).map { row in row % 97 == 0 ? Double.nan : Double(generator.next() % 12) }
        let labels = (0..<rows).map { row -> String? in row % 50 == 0 ? nil : ["card", "cash", "dispute"][Int(generator.next() % 3)] }
        let schema = Schema(columns: [.init(name: "fare", kind: .numeric), .init(name: "hour", kind: .numeric),
                                      .init(name: "empty", kind: .numeric), .init(name: "payment", kind: .categorical),
                                      .init(name: "id", kind: .categorical, role: .id)])
        let batch = ColumnarBatch(schema: schema, rowCount: rows, columns: [
            .numeric(NumericColumn(values: continuous)), .numeric(NumericColumn(values: rounded)),
            .numeric(NumericColumn(values: [Double](repeating: .nan, count: rows))), .categorical(CategoricalColumn(values: labels)),
            .categorical(CategoricalColumn(values: (0..<rows).map { "r\($0)" })),
        ])
        return ReferenceProfile(batch: batch, binCount: 10)
    }

    @Test func roundTripsExactly() throws {
        let original = profile()
        let file = try original.encodedFile()
        #expect(ReferenceProfile.isProfileFile(file))
        #expect(try ReferenceProfile.decodeFile(file, source: "p") == original)
    }

    @Test func repeatedValuesAreStoredAsRuns() throws {
        let original = profile(rows: 20_000)
        let file = try original.encodedFile()
        // Raw: 8 bytes per value of the two numeric columns; the 12-value column shrinks to runs.
        #expect(file.count < 20_000 * 8 + 20_000 * 2)
        let json = try JSONEncoder().encode(original)
        #expect(file.count * 2 < json.count)
    }

    @Test func damagedFilesAreRefusedWithTheReason() throws {
        let file = try profile().encodedFile()
        func message(_ data: Data) -> String? {
            do {
                _ = try ReferenceProfile.decodeFile(data, source: "p.profile")
                return nil
            } catch {
                return "\(error)"
            }
        }
        var flipped = file
        flipped[flipped.count - 100] ^= 0x01
        #expect(message(flipped) == "p.profile: checksum mismatch: the file is corrupt")
        #expect(message(file.prefix(file.count - 1))?.hasPrefix("p.profile: truncated or extended: the header promises") == true)
        #expect(message(Data("a,b\n1,2\n".utf8)) == "p.profile: not a Driftwatch reference profile file")
        var newer = file
        newer.replaceSubrange(0..<20, with: Data("DRIFTWATCH-PROFILE 9".utf8))
        #expect(message(newer)?.contains("format version 9 is newer than this Driftwatch reads (1)") == true)
    }
}
