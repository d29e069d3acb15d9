import DriftwatchData

/// How a categorical column splits rows into segments: its `top` most frequent values, each a
/// segment, and every other value (or none) together in ``other``, so segment labels stay bounded.
/// Shared by `check --segment` and the agent's segments.
public enum SegmentSplit {
    public static let other = "__other__"

    /// The `top` most frequent categories that occur, ties broken by name.
    public static func topValues(categories: [String], counts: [Int], top: Int) -> [String] {
        zip(categories, counts).filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(top).map(\.0)
    }

    /// The row indices of each segment: one list per value, in order, then ``other``'s.
    public static func rows(_ column: CategoricalColumn, values: [String]) -> [[Int]] {
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        var rows = Array(repeating: [Int](), count: values.count + 1)
        for row in 0..<column.codes.count {
            rows[column.value(at: row).flatMap { index[$0] } ?? values.count].append(row)
        }
        return rows
    }
}
