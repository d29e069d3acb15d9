import DriftwatchData
import DriftwatchLearning

/// Writes rows as flat JSON records, the shape `POST /v1/ingest` takes (`id`, `actual`, column
/// values) and ``ObservedRow/init(_:receivedAt:)`` reads back: how the state file keeps the
/// window. The columns are fixed, so their keys are quoted once, and values come straight from
/// the window's columns (a save of a busy window writes tens of thousands of values).
struct RowRecordWriter: Sendable {
    /// `"name":` for each column, in the window's column order.
    private let keys: [String]

    init(columns: [String]) {
        keys = columns.map { JSONText.quote($0) + ":" }
    }

    /// One record; `value(column)` gives a column's value, nil when the row has none.
    func record(id: String?, actual: FeatureInput?, value: (Int) -> FeatureInput?) -> String {
        var text = "{"
        text.reserveCapacity(16 * keys.count + 32)
        var separator = ""
        if let id {
            text += "\"id\":" + JSONText.quote(id)
            separator = ","
        }
        if let actual {
            text += separator + "\"actual\":" + actual.jsonText
            separator = ","
        }
        for column in keys.indices {
            guard let found = value(column) else { continue }
            text += separator
            text += keys[column]
            text += found.jsonText
            separator = ","
        }
        return text + "}"
    }
}
