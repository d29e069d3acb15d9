import Foundation

/// The formats Driftwatch reads data in, told apart by the file's first bytes and its name.
public enum DatasetFormat: String, Sendable {
    case csv
    case jsonLines = "json_lines"
    case parquet

    /// Parquet files start (and end) with `PAR1`; JSON Lines is `.jsonl`/`.ndjson` or starts with
    /// `{`; everything else is CSV.
    public static func detect(path: String, data: Data) -> DatasetFormat {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".parquet") || data.starts(with: Array("PAR1".utf8)) { return .parquet }
        if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") { return .jsonLines }
        if lowered.hasSuffix(".csv") { return .csv }
        let skipped: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF]
        return data.prefix(4096).first { !skipped.contains($0) } == UInt8(ascii: "{") ? .jsonLines : .csv
    }
}
