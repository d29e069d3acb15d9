import DriftwatchData
import DriftwatchReport
import Yams

/// One categorical column whose values split the window into segments: its `top` most frequent
/// reference categories, each a segment, and every other value in `__other__` (so the `segment`
/// label stays bounded). The `segments:` list of the agent config.
///
/// ```yaml
/// segments:
///   - {column: PU_location, top: 20, margin: 0.1, min_labelled_rows: 100, alpha: 0.01}
/// ```
public struct SegmentSpec: Sendable, Equatable {
    public var column: String
    public var top: Int = 20
    /// A segment underperforms when its metric is worse than the whole window's by this share…
    public var margin = 0.1
    /// …on at least this many labelled rows…
    public var minLabelledRows = 100
    /// …and the difference from the rest of the window is significant at this level, after
    /// Bonferroni's correction over the column's segments (the defaults keep false alarms below
    /// 1 per 1,000 evaluations: `scripts/benchmark-model-health`).
    public var alpha = 0.01
    /// Where the spec is in its config file, for errors found once the reference is loaded.
    public var source: String = ""
    public var line: Int?

    public static let other = SegmentSplit.other
    /// Most segment columns an agent takes, and most segments per column (labels stay bounded).
    public static let maxColumns = 5, maxTop = 50

    public init(column: String, top: Int = 20) {
        self.column = column
        self.top = top
    }

    /// The segment values: the column's `top` most frequent reference categories (ties by name).
    public func values(in profile: ReferenceProfile) throws -> [String] {
        guard let column = profile.column(named: column) else {
            throw DataError(file: source, line: line, "segments: column '\(self.column)' is not in the reference (columns: \(profile.schema.columns.map(\.name).joined(separator: ", ")))")
        }
        guard case .categorical(let categorical) = column else {
            throw DataError(file: source, line: line, "segments: column '\(self.column)' is numeric; segments split by a categorical column")
        }
        return SegmentSplit.topValues(categories: categorical.categories, counts: categorical.counts, top: top)
    }

    static let knownKeys = ["column", "top", "margin", "min_labelled_rows", "alpha"]

    static func parse(_ node: Node, source: String) throws -> [SegmentSpec] {
        func fail(_ node: Node?, _ message: String) -> DataError { DataError(file: source, line: node?.mark?.line, message) }
        guard let items = node.sequence, !items.isEmpty else { throw fail(node, "segments is a list, e.g. [{column: carrier, top: 20}]") }
        guard items.count <= maxColumns else { throw fail(node, "segments lists \(items.count) columns; at most \(maxColumns) (each adds a label value per segment to every segment metric)") }
        let specs = try items.map { item -> SegmentSpec in
            let section = try ConfigurationSection(item, path: "segments", known: knownKeys, source: source,
                                                   shape: "a list of mappings, each with column: a categorical column of the reference")
            guard let column = section["column"]?.string else { throw fail(item, "each segment needs column: a categorical column of the reference") }
            var spec = SegmentSpec(column: column)
            spec.source = source
            spec.line = item.mark?.line
            if let value = try section.whole("top", minimum: 1, maximum: maxTop) { spec.top = value }
            if let value = try section.number("margin", "must be a share ≥ 0", { $0 >= 0 }) { spec.margin = value }
            if let value = try section.whole("min_labelled_rows", minimum: 2) { spec.minLabelledRows = value }
            if let value = try section.number("alpha", "must be in (0, 1)", { $0 > 0 && $0 < 1 }) { spec.alpha = value }
            return spec
        }
        guard Set(specs.map(\.column)).count == specs.count else { throw fail(node, "segments lists a column twice") }
        return specs
    }
}
