import Foundation
import Testing
@testable import DriftwatchData

@Suite struct SchemaTests {
    let data = Data("id,x,city,y\n1,1.5,a,1\n2,,b,0\n3,-2e3,,1\n".utf8)
    var table: TypedTable { get throws { try CSVReader.read(data, source: "d.csv") } }

    func table(for spec: SchemaSpec?) throws -> TypedTable {
        try CSVReader.read(data, source: "d.csv", columns: spec?.resolvedColumns.map { ColumnRequest(name: $0.name, kind: $0.kind) })
    }

    @Test func infersKindsWhenNoSchemaIsGiven() throws {
        let schema = try SchemaSpec.resolve(nil, against: try table)
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
        let schema = try SchemaSpec.resolve(spec, against: table(for: spec))
        #expect(schema.columns.map(\.name) == ["x", "y", "id"])
        #expect(schema.column(named: "y") == ColumnSchema(name: "y", kind: .categorical, role: .target))
        #expect(schema.column(named: "id")?.role == .id)
        #expect(schema.column(named: "x")?.driftTest == .psi)
        #expect(schema.monitoredColumns.map(\.name) == ["x", "y"])
        // What the schema prints reads back to the same schema.
        let respec = try SchemaSpec.parse(yaml: schema.yaml, source: "round-trip")
        let again = try SchemaSpec.resolve(respec, against: table(for: respec))
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
            try table(for: spec)
        }
    }
}

@Suite struct ColumnarBatchTests {
    @Test func typesColumnsAndCountsMissingValues() throws {
        let table = try CSVReader.read(Data("x,c\n1,a\n,b\n 3 ,a\n".utf8), source: "d.csv",
                                       columns: [ColumnRequest(name: "x", kind: .numeric), ColumnRequest(name: "c", kind: .categorical)])
        let batch = ColumnarBatch(table: table, schema: Schema(columns: [.init(name: "x", kind: .numeric), .init(name: "c", kind: .categorical)]))
        guard case .numeric(let x) = batch.columns[0], case .categorical(let c) = batch.columns[1] else {
            Issue.record("wrong column kinds")
            return
        }
        #expect(x.missingCount == 1)
        #expect(x.presentValues == [1, 3])
        #expect(c.categories == ["a", "b"])
        #expect(c.counts == [2, 1])
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
