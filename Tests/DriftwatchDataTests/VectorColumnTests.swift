import Foundation
import Testing
@testable import DriftwatchData

/// Vector columns as the readers type them: JSON arrays in JSON Lines (inferred or declared) and
/// in CSV cells (declared), missing rows, and every malformed vector named at its line.
@Suite struct VectorColumnTests {
    func read(_ text: String, source: String, schema: String? = nil) throws -> ColumnarBatch {
        try DatasetReader.readBatch(Data(text.utf8), source: source, schema: schema.map { try SchemaSpec.parse(yaml: $0, source: "schema.yaml") })
    }

    func refusal(_ text: String, source: String, schema: String? = nil) -> String {
        do {
            _ = try read(text, source: source, schema: schema)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func jsonLinesArraysAreInferredAsVectorsWithMissingRows() throws {
        let batch = try read("""
            {"id": "a", "emb": [0.5, 1]}
            {"id": "b", "emb": null}
            {"id": "c"}
            {"id": "d", "emb": [ 2 , -3e-1 ]}
            """, source: "rows.jsonl")
        guard case .vector(let column)? = batch.column(named: "emb") else {
            Issue.record("emb is \(String(describing: batch.column(named: "emb")?.kind))")
            return
        }
        #expect(batch.schema.column(named: "emb")?.kind == .vector)
        #expect(column.dimensions == 2 && column.rowCount == 4 && column.missingCount == 2)
        #expect(column.row(0).map(Array.init) == [0.5, 1])
        #expect(column.row(1) == nil && column.row(2) == nil)
        #expect(column.row(3).map(Array.init) == [2, -0.3])
    }

    @Test func csvCellsHoldVectorsWhenTheSchemaSaysSo() throws {
        let schema = "columns:\n  - {name: emb, kind: vector}\n  - {name: x, kind: numeric}\n"
        let batch = try read("x,emb\n1,\"[1.5, 2, 3]\"\n2,\n3,\"[4,5,6]\"\n", source: "rows.csv", schema: schema)
        guard case .vector(let column)? = batch.column(named: "emb") else {
            Issue.record("emb is not a vector column")
            return
        }
        #expect(column.dimensions == 3 && column.rowCount == 3 && column.missingCount == 1)
        #expect(column.values[0..<3] == [1.5, 2, 3] && column.values[6..<9] == [4, 5, 6])
        // Written back as CSV, the cells read again the same.
        let again = try read(batch.csvHeader() + batch.csvRows(), source: "again.csv", schema: schema)
        #expect(again.column(named: "emb") == batch.column(named: "emb"))
    }

    @Test func malformedVectorsAreNamedAtTheirLine() {
        let vector = "columns:\n  - {name: emb, kind: vector}\n"
        #expect(refusal("{\"emb\": [1, 2]}\n{\"emb\": [1]}\n{\"emb\": [3, 4, 5]}\n", source: "a.jsonl")
                == "a.jsonl:2: column 'emb': a vector of 1 numbers where the first had 2")
        #expect(refusal("{\"emb\": [1, \"two\"]}\n", source: "b.jsonl").hasPrefix("b.jsonl:1: column 'emb': an array may hold numbers only"))
        #expect(refusal("{\"emb\": []}\n", source: "c.jsonl") == "c.jsonl:1: column 'emb': an empty vector")
        #expect(refusal("{\"emb\": 3}\n{\"emb\": [3]}\n", source: "d.jsonl") == "d.jsonl:2: column 'emb': an array after single values; a column holds one or the other")
        #expect(refusal("{\"emb\": [3]}\n{\"emb\": 4}\n", source: "e.jsonl", schema: vector).hasPrefix("e.jsonl:2: column 'emb': '4' is not a vector"))
        #expect(refusal("{\"x\": [3]}\n", source: "f.jsonl", schema: "columns:\n  - {name: x, kind: numeric}\n") == "f.jsonl:1: column 'x': an array, but the column is numeric")
        #expect(refusal("emb\n\"[1, x]\"\n", source: "g.csv", schema: vector).hasPrefix("g.csv:2: column 'emb': element 2 of '[1, x]' is not a number"))
        #expect(refusal("emb\n\"[1, 1e999]\"\n", source: "h.csv", schema: vector).hasPrefix("h.csv:2: column 'emb': element 2 of '[1, 1e999]' is not a finite number"))
        #expect(refusal("emb\n\"[1, 2\"\n", source: "i.csv", schema: vector).hasPrefix("i.csv:2: column 'emb': '[1, 2' has no closing ']'"))
        #expect(refusal("{\"emb\": {\"a\": 1}}\n", source: "j.jsonl").hasPrefix("j.jsonl:1: column 'emb': nested objects are not supported"))
    }

    /// A file large enough to be read in several chunks at once: a vector of another length in a
    /// late chunk is still named at its own line.
    @Test func chunksAgreeOnTheLengthOrTheLineIsNamed() throws {
        var lines = (0..<40_000).map { "{\"i\": \($0), \"emb\": [\($0 % 7).25, -1.5, \($0).0]}" }
        let whole = try read(lines.joined(separator: "\n") + "\n", source: "big.jsonl")
        guard case .vector(let column)? = whole.column(named: "emb") else {
            Issue.record("emb is not a vector column")
            return
        }
        #expect(column.rowCount == 40_000 && column.dimensions == 3 && column.missingCount == 0)
        #expect(column.row(39_999).map(Array.init) == [Double(39_999 % 7) + 0.25, -1.5, 39_999])
        lines[35_000] = "{\"i\": 35000, \"emb\": [1, 2]}"
        #expect(refusal(lines.joined(separator: "\n") + "\n", source: "big.jsonl").hasPrefix("big.jsonl:35001: column 'emb': a vector of 2 numbers"))
    }

    struct ParquetVectors: Decodable {
        var rows: Int
        var files: [String: [String: [[Double]?]]]
        var bad: [String: String]
    }

    /// Lists of numbers in Parquet (scripts/generate_parquet_fixtures.py vectors): a fixed-size
    /// list of float32 and a list of float64 with null and empty lists, over small pages and row
    /// groups, in data pages v1 (dictionary) and v2 (plain), read as pyarrow reads them; and lists
    /// of two lengths or holding a null, refused naming the row.
    @Test func parquetListsAreVectors() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/parquet")
        let expected = try JSONDecoder().decode(ParquetVectors.self, from: Data(contentsOf: folder.appendingPathComponent("vectors.json")))
        for (file, columns) in expected.files.sorted(by: { $0.key < $1.key }) {
            let table = try DatasetReader.read(path: folder.appendingPathComponent(file).path)
            #expect(table.rowCount == expected.rows)
            for (name, rows) in columns {
                guard case .vector(let column)? = table.column(named: name) else {
                    Issue.record("\(file): \(name) is not a vector column")
                    continue
                }
                // A null or an empty list is a missing row.
                let read = (0..<column.rowCount).map { column.row($0).map(Array.init) }
                let wanted = rows.map { $0?.isEmpty == true ? nil : $0 }
                #expect(read.count == wanted.count && read.contains { $0 != nil })
                if let row = read.indices.first(where: { read[$0] != wanted[$0] }) {
                    Issue.record("\(file): \(name) row \(row + 1): read \(String(describing: read[row])), pyarrow \(String(describing: wanted[row]))")
                }
            }
        }
        for (file, message) in expected.bad {
            do {
                _ = try DatasetReader.read(path: folder.appendingPathComponent(file).path)
                Issue.record("\(file) was read")
            } catch let error as DataError {
                #expect(error.description.contains(message), "\(file): \(error)")
            }
        }
        // A list column declared otherwise, and a flat column declared vector, are refused by name.
        let path = folder.appendingPathComponent("vectors-v2.parquet").path
        #expect(throws: DataError.self) { try DatasetReader.read(path: path, columns: [ColumnRequest(name: "emb", kind: .numeric)]) }
        do {
            _ = try DatasetReader.read(path: path, columns: [ColumnRequest(name: "id", kind: .vector)])
            Issue.record("a flat column read as vectors")
        } catch let error as DataError {
            #expect(error.description.contains("column 'id': is declared vector, but it holds one value per row"))
        }
    }
}
