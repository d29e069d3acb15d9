import Foundation
import Testing
@testable import DriftwatchData

/// What pyarrow reads from the fixture files (`scripts/generate_parquet_fixtures.py`).
struct ParquetExpectation: Decodable {
    enum Value: Decodable, Equatable {
        case number(Double)
        case text(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
    }

    var rows: Int
    var files: [String: [String: [Value?]]]
    var bad: [String: String]

    static func load() throws -> ParquetExpectation {
        try JSONDecoder().decode(ParquetExpectation.self, from: Data(contentsOf: fixture("expected.json")))
    }

    static func fixture(_ name: String) throws -> URL {
        let directory = try #require(Bundle.module.url(forResource: "parquet", withExtension: nil, subdirectory: "Fixtures"))
        return directory.appendingPathComponent(name)
    }
}

@Suite struct ParquetReaderTests {
    static let tables = ["none", "snappy", "gzip", "zstd"].flatMap { codec in
        ["1", "2"].flatMap { version in ["dict", "plain"].map { "table-\(codec)-v\(version)-\($0).parquet" } }
    }

    /// Every column read as pyarrow reads it: same kinds, same values, nulls in the same rows.
    func expectSame(_ table: TypedTable, _ expected: [String: [ParquetExpectation.Value?]], file: String) {
        #expect(Set(table.names) == Set(expected.keys), "\(file)")
        for (name, values) in expected {
            switch table.column(named: name) {
            case .numeric(let column)?:
                let read = column.values.map { $0.isNaN ? nil : ParquetExpectation.Value.number($0) }
                expectEqual(read, values, "\(file): column \(name)")
            case .categorical(let column)?:
                let read = (0..<column.codes.count).map { column.value(at: $0).map(ParquetExpectation.Value.text) }
                expectEqual(read, values, "\(file): column \(name)")
            case .vector?:
                Issue.record("\(file): column \(name) read as vectors")
            case nil:
                Issue.record("\(file): no column \(name)")
            }
        }
    }

    /// Equal lists, or the first row that differs.
    func expectEqual(_ read: [ParquetExpectation.Value?], _ expected: [ParquetExpectation.Value?], _ what: String) {
        #expect(read.count == expected.count, "\(what): \(read.count) rows")
        if let row = read.indices.first(where: { $0 < expected.count && read[$0] != expected[$0] }) {
            Issue.record("\(what), row \(row + 1): read \(String(describing: read[row])), pyarrow \(String(describing: expected[row]))")
        }
    }

    @Test(arguments: tables)
    func everyCodecPageVersionAndEncodingReadsAsPyarrowReadsIt(file: String) throws {
        let expected = try ParquetExpectation.load()
        let table = try DatasetReader.read(path: ParquetExpectation.fixture(file).path)
        #expect(table.rowCount == expected.rows)
        expectSame(table, try #require(expected.files["table"]), file: file)
        #expect(table.column(named: "city")?.kind == .categorical)
        #expect(table.column(named: "flag")?.kind == .categorical)
        #expect(table.column(named: "ts_ns")?.kind == .numeric)
    }

    @Test(arguments: ["legacy-int96", "checksummed", "delta-v1", "delta-v2"])
    func legacyChecksummedAndDeltaEncodedFilesRead(name: String) throws {
        let expected = try ParquetExpectation.load()
        let table = try DatasetReader.read(path: ParquetExpectation.fixture("\(name).parquet").path)
        expectSame(table, try #require(expected.files[name]), file: name)
    }

    @Test func declaredKindsConvertOrNameTheRow() throws {
        let path = try ParquetExpectation.fixture("table-snappy-v2-dict.parquet").path
        let table = try DatasetReader.read(path: path, columns: [ColumnRequest(name: "small_ints", kind: .categorical), ColumnRequest(name: "f64")])
        #expect(table.names == ["small_ints", "f64"])
        guard case .categorical(let labels)? = table.column(named: "small_ints") else { Issue.record("expected labels"); return }
        #expect(Set(labels.categories) == ["0", "1", "2", "3", "4"])
        do {
            _ = try DatasetReader.read(path: path, columns: [ColumnRequest(name: "city", kind: .numeric)])
            Issue.record("a label column declared numeric must be refused")
        } catch let error as DataError {
            #expect(error.column == "city")
            #expect(error.message.contains("is not a number, but the column is numeric"))
            #expect(error.message.hasPrefix("row "))
        }
        #expect(throws: DataError(file: path, column: "fare", "the schema names this column but the data has no such column (found: i32, i64, u32, f32, f64, small_ints, flag, city, note, ts_ms, ts_us, ts_ns, day, price, amount)")) {
            try DatasetReader.read(path: path, columns: [ColumnRequest(name: "fare")])
        }
    }

    @Test func badFilesAreNamedWithWhatIsWrong() throws {
        let expected = try ParquetExpectation.load()
        #expect(expected.bad.count == 7)
        for (file, message) in expected.bad {
            let path = try ParquetExpectation.fixture(file).path
            do {
                _ = try DatasetReader.read(path: path)
                Issue.record("\(file) must be refused")
            } catch let error as DataError {
                #expect(error.file == path)
                #expect(error.description.contains(message), "\(file): \(error)")
            }
        }
    }

    @Test func aFlatColumnOfAFileWithNestedOnesStillReads() throws {
        let table = try DatasetReader.read(path: ParquetExpectation.fixture("nested.parquet").path, columns: [ColumnRequest(name: "id")])
        #expect(table.column(named: "id") == .numeric(NumericColumn(values: [1, 2, 3])))
    }
}
