import DriftwatchData
import Yams

/// How the agent compares a challenger with the champion on labelled rows: the `comparison:`
/// section of the agent config.
///
/// ```yaml
/// comparison: {min_rows: 200, alpha: 0.05, rows: 20000}
/// ```
public struct ComparisonSettings: Sendable, Equatable {
    /// Labelled rows each version needs before a verdict.
    public var minRows = 200
    /// Significance level of the test (two-sided); the interval is at 1 − alpha.
    public var alpha = 0.05
    /// The newest labelled rows kept per comparison (and rows awaiting a label).
    public var rows = 20_000

    public init() {}

    static let knownKeys = ["min_rows", "alpha", "rows"]

    static func parse(_ node: Node, source: String) throws -> ComparisonSettings {
        let section = try ConfigurationSection(node, path: "comparison", known: knownKeys, source: source)
        var settings = ComparisonSettings()
        if let value = try section.whole("min_rows", minimum: 2) { settings.minRows = value }
        if let value = try section.number("alpha", "must be between 0 and 0.5", { $0 > 0 && $0 < 0.5 }) { settings.alpha = value }
        if let value = try section.whole("rows", minimum: 100) { settings.rows = value }
        guard settings.rows >= settings.minRows else { throw DataError(file: source, line: node.mark?.line, "comparison.rows must be at least comparison.min_rows") }
        return settings
    }
}
