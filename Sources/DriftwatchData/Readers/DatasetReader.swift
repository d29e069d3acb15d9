import Foundation

/// Reads a dataset file in whichever supported format it is (``DatasetFormat``), typing the
/// columns asked for on the way.
public enum DatasetReader {
    /// The file's bytes, mapped rather than copied where the system allows.
    public static func contents(path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw DataError(file: path, "no such file") }
        guard !isDirectory.boolValue else { throw DataError(file: path, "is a directory, not a data file") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw DataError(file: path, "cannot be read")
        }
    }

    /// The requested columns of a file (every column, kinds inferred, when `columns` is nil).
    public static func read(path: String, columns: [ColumnRequest]? = nil) throws -> TypedTable {
        try read(try contents(path: path), source: path, columns: columns)
    }

    public static func read(_ data: Data, source: String, columns: [ColumnRequest]? = nil) throws -> TypedTable {
        switch DatasetFormat.detect(path: source, data: data) {
        case .csv: try CSVReader.read(data, source: source, columns: columns)
        case .jsonLines: try JSONLinesReader.read(data, source: source, columns: columns)
        case .parquet: try ParquetDatasetReader.read(data, source: source, columns: columns)
        }
    }

    /// Reads a dataset and types it by the schema, inferring the kinds it leaves out (and, with
    /// no schema, taking every column of the file as a feature).
    public static func readBatch(path: String, schema spec: SchemaSpec?) throws -> ColumnarBatch {
        try readBatch(try contents(path: path), source: path, schema: spec)
    }

    public static func readBatch(_ data: Data, source: String, schema spec: SchemaSpec?) throws -> ColumnarBatch {
        let table = try read(data, source: source, columns: spec?.resolvedColumns.map { ColumnRequest(name: $0.name, kind: $0.kind) })
        return ColumnarBatch(table: table, schema: try SchemaSpec.resolve(spec, against: table))
    }

    /// Reads a dataset typed by a schema whose kinds are all known (the current batch of a check).
    public static func readBatch(path: String, schema: Schema) throws -> ColumnarBatch {
        let table = try read(path: path, columns: schema.columns.map { ColumnRequest(name: $0.name, kind: $0.kind) })
        return ColumnarBatch(table: table, schema: schema)
    }
}
