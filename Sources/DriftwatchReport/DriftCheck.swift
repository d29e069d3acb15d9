import DriftwatchData

/// The batch drift check: read the reference and the current file, profile the reference, evaluate.
public enum DriftCheck {
    public struct Outcome: Sendable {
        public var report: DriftReport
        public var schema: Schema
        /// Columns whose kind was inferred from the reference rather than declared.
        public var inferredColumns: [String]
    }

    /// Runs the check. The schema is resolved against the reference file (kinds not declared are
    /// inferred there) and the current file is typed by that same schema, so a value that does
    /// not fit is reported with the current file's line.
    public static func run(referencePath: String, currentPath: String, schemaPath: String?, options: DriftOptions) async throws -> Outcome {
        let spec = try schemaPath.map(SchemaSpec.load(path:))
        // The two files are parsed at the same time; typing the current one waits for the schema.
        async let currentTable = DatasetReader.read(path: currentPath)
        let referenceTable = try DatasetReader.read(path: referencePath)
        let schema = try SchemaSpec.resolve(spec, against: referenceTable)
        let reference = try ColumnarBatch(table: referenceTable, schema: schema)
        let current = try await ColumnarBatch(table: currentTable, schema: schema)
        guard !schema.monitoredColumns.isEmpty else {
            throw DataError(file: schemaPath ?? referencePath, "no column to test: every column is an id or a timestamp")
        }
        let profile = ReferenceProfile(batch: reference, binCount: options.binCount)
        let report = try await DriftEvaluator(options: options).evaluate(profile: profile, current: current, source: currentPath)
        let declared = Set(spec?.resolvedColumns.filter { $0.kind != nil }.map(\.name) ?? [])
        return Outcome(report: report, schema: schema, inferredColumns: schema.columns.map(\.name).filter { !declared.contains($0) })
    }
}
