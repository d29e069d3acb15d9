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
        guard let mapping = node.mapping else { throw DataError(file: source, line: node.mark?.line, "comparison is a mapping (min_rows, alpha, rows)") }
        func fail(_ key: Node, _ message: String) -> DataError { DataError(file: source, line: key.mark?.line, message) }
        var settings = ComparisonSettings()
        for (key, value) in mapping {
            switch key.string {
            case "min_rows":
                guard let number = value.int, number >= 2 else { throw fail(key, "comparison.min_rows must be a whole number ≥ 2") }
                settings.minRows = number
            case "alpha":
                guard let number = value.float, number > 0, number < 0.5 else { throw fail(key, "comparison.alpha must be between 0 and 0.5") }
                settings.alpha = number
            case "rows":
                guard let number = value.int, number >= 100 else { throw fail(key, "comparison.rows must be a whole number ≥ 100") }
                settings.rows = number
            default:
                throw fail(key, "unknown key 'comparison.\(key.string ?? "?")' (known: \(knownKeys.joined(separator: ", ")))")
            }
        }
        guard settings.rows >= settings.minRows else { throw DataError(file: source, line: node.mark?.line, "comparison.rows must be at least comparison.min_rows") }
        return settings
    }
}
