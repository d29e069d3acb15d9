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
    public static let other = SegmentSplit.other
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
        let values = SegmentSplit.topValues(categories: referenceColumn.categories, counts: referenceColumn.counts, top: top)
        let referenceRows = SegmentSplit.rows(referenceColumn, values: values), currentRows = SegmentSplit.rows(currentColumn, values: values)
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
