import DriftwatchData
import DriftwatchLearning

/// The batch drift check: read the reference and the current file, profile the reference, evaluate.
public enum DriftCheck {
    public struct Outcome: Sendable {
        public var report: DriftReport
        public var schema: Schema
        /// Columns whose kind was inferred from the reference rather than declared.
        public var inferredColumns: [String]
        /// Drift within each segment, when a segment column was asked for.
        public var segments: [SegmentDrift]? = nil
    }

    /// A categorical column to split both files by, and how many of its values become segments.
    public struct Segmentation: Sendable {
        public var column: String
        public var top: Int
        public init(column: String, top: Int = SegmentDrift.defaultTop) {
            self.column = column
            self.top = top
        }
    }

    /// Runs the check. The schema is the saved profile's, or is resolved against the reference
    /// file (kinds not declared are inferred there); the current file is typed by that same
    /// schema, so a value that does not fit is reported with the current file's line.
    public static func run(referencePath: String, currentPath: String, schemaPath: String?, options: DriftOptions,
                           segmentation: Segmentation? = nil, multivariate: MultivariateOptions? = nil) async throws -> Outcome {
        let spec = try schemaPath.map(SchemaSpec.load(path:))
        // The reference is a saved profile or a data file profiled now; the current file is typed
        // by the reference's schema. Each file is read on every core.
        var (profile, saved) = try ReferenceProfile.load(path: referencePath, schema: spec, schemaPath: schemaPath, binCount: options.binCount,
                                                         multivariateSampleRows: multivariate?.sampleRows)
        // A column of distinct values that no schema named is an id, not a feature.
        var ids: [String] = []
        if !saved { (profile, ids) = profile.treatingDistinctColumnsAsIDs(except: Set(spec?.resolvedColumns.map(\.name) ?? [])) }
        let schema = profile.schema
        guard !schema.monitoredColumns.isEmpty else {
            throw DataError(file: schemaPath ?? referencePath, "no column to test: every column is an id or a timestamp")
        }
        let current = try DatasetReader.readBatch(path: currentPath, schema: schema)
        var report = try await DriftEvaluator(options: options).evaluate(profile: profile, current: current, source: currentPath)
        report.warnings += ids.map {
            "column '\($0)' was not tested: each of its \(profile.rowCount) reference values is distinct, so it is taken for an id (name it in a schema, with its kind, to test it)"
        }
        if let multivariate {
            guard let reference = profile.multivariate else {
                throw DataError(file: referencePath, saved ? "--multivariate needs a profile made with the multivariate part (`driftwatch profile` makes it) or the reference data file"
                                                           : "--multivariate needs at least one feature column and 2 reference rows")
            }
            report.multivariate = try MultivariateEvaluator(options: multivariate).evaluate(profile: reference, current: current, source: currentPath)
        }
        var segments: [SegmentDrift]?
        if let segmentation {
            // A segment's reference is the reference's rows of that segment, so the rows are needed.
            guard !saved else { throw DataError(file: referencePath, "--segment needs the reference data file: a saved profile keeps no rows to split") }
            let reference = try DatasetReader.readBatch(path: referencePath, schema: schema)
            segments = try await SegmentDrift.evaluate(column: segmentation.column, top: segmentation.top, reference: reference, current: current,
                                                       options: options, source: currentPath)
        }
        // A saved profile's kinds were settled when it was made.
        if saved { return Outcome(report: report, schema: schema, inferredColumns: [], segments: segments) }
        let declared = Set(spec?.resolvedColumns.filter { $0.kind != nil }.map(\.name) ?? [])
        return Outcome(report: report, schema: schema, inferredColumns: schema.columns.map(\.name).filter { !declared.contains($0) }, segments: segments)
    }
}
