import DriftwatchData

/// Drift within each segment of a categorical column: the reference's rows of the segment against
/// the current rows of the same segment, so a segment whose own inputs moved shows even when the
/// mix of segments hides it.
public struct SegmentDrift: Sendable, Equatable {
    public var segment: String
    public var referenceRows: Int
    public var currentRows: Int
    /// Nil when a side has no rows of the segment (then `skippedReason` says which).
    public var report: DriftReport?
    public var skippedReason: String?

    /// The label every value outside the top segments shares.
    public static let other = "__other__"
    public static let defaultTop = 20
    public static let maxTop = 50

    /// Splits both batches by `column` — its `top` most frequent reference values, the rest in
    /// ``other`` — and evaluates each segment with `options`.
    public static func evaluate(column name: String, top: Int, reference: ColumnarBatch, current: ColumnarBatch, options: DriftOptions,
                                source: String) async throws -> [SegmentDrift] {
        guard case .categorical(let referenceColumn)? = reference.column(named: name), case .categorical(let currentColumn)? = current.column(named: name) else {
            let kind = reference.schema.columns.first { $0.name == name }?.kind
            throw DataError(file: source, kind == nil
                ? "--segment: column '\(name)' is not in the data (columns: \(reference.schema.columns.map(\.name).joined(separator: ", ")))"
                : "--segment: column '\(name)' is numeric; segments split by a categorical column")
        }
        guard (1...maxTop).contains(top) else { throw DataError(file: source, "--segment-top must be from 1 to \(maxTop)") }
        let ranked = zip(referenceColumn.categories, referenceColumn.counts).filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        let values = ranked.prefix(top).map(\.0)
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        func rowsBySegment(_ column: CategoricalColumn) -> [[Int]] {
            var rows = Array(repeating: [Int](), count: values.count + 1)
            for row in 0..<column.codes.count {
                rows[column.value(at: row).flatMap { index[$0] } ?? values.count].append(row)
            }
            return rows
        }
        let referenceRows = rowsBySegment(referenceColumn), currentRows = rowsBySegment(currentColumn)
        var results: [SegmentDrift] = []
        for (segment, name) in (values + [other]).enumerated() {
            let (mine, theirs) = (referenceRows[segment], currentRows[segment])
            if mine.isEmpty && theirs.isEmpty { continue }
            var result = SegmentDrift(segment: name, referenceRows: mine.count, currentRows: theirs.count)
            if mine.isEmpty {
                result.skippedReason = "no reference rows"
            } else if theirs.isEmpty {
                result.skippedReason = "no current rows"
            } else {
                let profile = ReferenceProfile(batch: reference.selecting(rows: mine), binCount: options.binCount)
                result.report = try await DriftEvaluator(options: options).evaluate(profile: profile, current: current.selecting(rows: theirs), source: source)
            }
            results.append(result)
        }
        return results
    }
}
