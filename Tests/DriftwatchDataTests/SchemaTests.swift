import Foundation
import Testing
@testable import DriftwatchData

@Suite struct SchemaTests {
    let table = RawTable(source: "d.csv", header: ["id", "x", "city", "y"],
                         cells: [["1", "2", "3"], ["1.5", nil, "-2e3"], ["a", "b", nil], ["1", "0", "1"]],
                         lines: [2, 3, 4])

    @Test func infersKindsWhenNoSchemaIsGiven() throws {
        let schema = try SchemaSpec.resolve(nil, against: table)
        #expect(schema.columns.map(\.kind) == [.numeric, .numeric, .categorical, .numeric])
        #expect(schema.columns.allSatisfy { $0.role == .feature })
    }

    @Test func yamlDeclaresKindsRolesAndTests() throws {
        let spec = try SchemaSpec.parse(yaml: """
            columns:
              - {name: x, kind: numeric, test: psi}
              - {name: y, kind: categorical}
            target: y
            id: id
            """, source: "s.yaml")
        let schema = try SchemaSpec.resolve(spec, against: table)
        #expect(schema.columns.map(\.name) == ["x", "y", "id"])
        #expect(schema.column(named: "y") == ColumnSchema(name: "y", kind: .categorical, role: .target))
        #expect(schema.column(named: "id")?.role == .id)
        #expect(schema.column(named: "x")?.driftTest == .psi)
        #expect(schema.monitoredColumns.map(\.name) == ["x", "y"])
        // What the schema prints reads back to the same schema.
        let again = try SchemaSpec.resolve(SchemaSpec.parse(yaml: schema.yaml, source: "round-trip"), against: table)
        #expect(again == schema)
    }

    @Test func badSchemasAreExplained() {
        #expect(throws: DataError.self) { try SchemaSpec.parse(yaml: "columns:\n  - {name: x, kind: numerik}\n", source: "s.yaml") }
        #expect(throws: DataError(file: "s.yaml", column: "x", "the schema lists this column twice")) {
            try SchemaSpec.parse(yaml: "columns:\n  - {name: x}\n  - {name: x}\n", source: "s.yaml")
        }
        #expect(throws: DataError(file: "s.yaml", column: "x", "test 'ks' does not apply to a categorical column")) {
            try SchemaSpec.parse(yaml: "columns:\n  - {name: x, kind: categorical, test: ks}\n", source: "s.yaml")
        }
        do {
            _ = try SchemaSpec.parse(yaml: "columns:\n  - {kind: numeric}\n", source: "s.yaml")
            Issue.record("a column without a name must be refused")
        } catch {
            #expect("\(error)".contains("missing key 'name'"))
        }
    }

    @Test func misspeltKeysAreNamedWithTheirLine() {
        #expect(throws: DataError(file: "s.yaml", line: 3, "unknown key 'targte' (known: columns, target, prediction, id, timestamp)")) {
            try SchemaSpec.parse(yaml: "columns:\n  - {name: x}\ntargte: y\n", source: "s.yaml")
        }
        #expect(throws: DataError(file: "s.yaml", line: 2, "unknown key 'knd' in columns[0] (known: name, kind, role, test)")) {
            try SchemaSpec.parse(yaml: "columns:\n  - {name: x, knd: numeric}\n", source: "s.yaml")
        }
        #expect(throws: DataError(file: "s.yaml", "a schema is a mapping with a 'columns' list")) {
            try SchemaSpec.parse(yaml: "- just a list\n", source: "s.yaml")
        }
    }

    @Test func schemaColumnMissingFromDataIsAnError() throws {
        let spec = SchemaSpec(columns: [.init(name: "fare", kind: .numeric)])
        #expect(throws: DataError(file: "d.csv", line: 1, column: "fare", "the schema names this column but the data has no such column (found: id, x, city, y)")) {
            try SchemaSpec.resolve(spec, against: table)
        }
    }
}

@Suite struct ColumnarBatchTests {
    @Test func typesColumnsAndCountsMissingValues() throws {
        let table = RawTable(source: "d.csv", header: ["x", "c"], cells: [["1", nil, " 3 "], ["a", "b", "a"]], lines: [2, 3, 4])
        let batch = try ColumnarBatch(table: table, schema: Schema(columns: [.init(name: "x", kind: .numeric), .init(name: "c", kind: .categorical)]))
        guard case .numeric(let x) = batch.columns[0], case .categorical(let c) = batch.columns[1] else {
            Issue.record("wrong column kinds")
            return
        }
        #expect(x.missingCount == 1)
        #expect(x.presentValues == [1, 3])
        #expect(c.categories == ["a", "b"])
        #expect(c.counts == [2, 1])
    }

    @Test func nonNumberInNumericColumnNamesLineAndColumn() {
        let table = RawTable(source: "cur.csv", header: ["fare"], cells: [["1", "2", "abc"]], lines: [2, 3, 5])
        #expect(throws: DataError(file: "cur.csv", line: 5, column: "fare", "'abc' is not a number, but the column is numeric")) {
            try ColumnarBatch(table: table, schema: Schema(columns: [.init(name: "fare", kind: .numeric)]))
        }
    }

    @Test func infinityAndHexadecimalAreRefused() {
        for text in ["inf", "-Infinity", "0x1p3"] {
            let table = RawTable(source: "c.csv", header: ["v"], cells: [[text]], lines: [2])
            #expect(throws: DataError.self) { try ColumnarBatch(table: table, schema: Schema(columns: [.init(name: "v", kind: .numeric)])) }
        }
    }

    @Test func profileSortsAndBinsTheReferenceOnce() throws {
        let values = (0..<1000).map { Double(($0 * 7919) % 1000) }
        let batch = ColumnarBatch(schema: Schema(columns: [.init(name: "v", kind: .numeric)]), rowCount: 1000, columns: [.numeric(NumericColumn(values: values))])
        let profile = ReferenceProfile(batch: batch, binCount: 4)
        guard case .numeric(let numeric) = try #require(profile.column(named: "v")) else {
            Issue.record("expected a numeric profile")
            return
        }
        #expect(numeric.sortedValues == values.sorted())
        // numpy.quantile(range(1000), [0.25, 0.5, 0.75]) = 249.75, 499.5, 749.25
        #expect(numeric.binEdges == [249.75, 499.5, 749.25])
        #expect(numeric.binCounts == [250, 250, 250, 250])
    }
}
