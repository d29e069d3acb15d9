import Foundation

/// Reads a dataset file in whichever supported format it is: JSON Lines for `.jsonl`/`.ndjson`
/// (or content that starts with `{`), CSV otherwise.
public enum DatasetReader {
    public static func read(path: String) throws -> RawTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw DataError(file: path, !exists ? "no such file" : isDirectory.boolValue ? "is a directory, not a data file" : "cannot be read")
        }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") {
            return try JSONLinesReader.parse(data, source: path)
        }
        if lowered.hasSuffix(".csv") || !startsWithObject(data) {
            return try CSVReader.parse(data, source: path)
        }
        return try JSONLinesReader.parse(data, source: path)
    }

    /// Whether the first character after a byte order mark and white space is `{`.
    static func startsWithObject(_ data: Data) -> Bool {
        let skipped: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF]
        return data.first { !skipped.contains($0) } == UInt8(ascii: "{")
    }

    /// Reads a dataset and types it by the schema, inferring the schema from this file when none is given.
    public static func readBatch(path: String, schema: SchemaSpec?) throws -> ColumnarBatch {
        let table = try read(path: path)
        return try ColumnarBatch(table: table, schema: SchemaSpec.resolve(schema, against: table))
    }
}
