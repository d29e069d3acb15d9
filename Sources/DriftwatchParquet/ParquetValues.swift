/// One column's values, read from every row group: numbers (NaN for null) or labels
/// dictionary-encoded in order of first appearance (code -1 for null).
public enum ParquetValues: Sendable {
    case numbers([Double])
    case labels(categories: [String], codes: [Int32])
    /// A list of numbers per row: the present rows' numbers one after another, and each row's
    /// length (nil for a null or empty list).
    case lists(values: [Double], lengths: [Int?])
}
