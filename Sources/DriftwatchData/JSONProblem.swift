import Foundation

/// What is wrong with a JSON document, in a reader's words: the key path and the kind of
/// problem, never the decoder's internal description (which names Swift types and enum cases and
/// can run to hundreds of kilobytes).
public enum JSONProblem {
    public static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context): "missing '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context): "wrong type at '\(path(context.codingPath))'"
        case DecodingError.valueNotFound(_, let context): "missing value at '\(path(context.codingPath))'"
        case DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty: "not valid JSON"
        case DecodingError.dataCorrupted(let context): "invalid value at '\(path(context.codingPath))'"
        default: Message.short(String(describing: error))
        }
    }

    /// `model.fitted.linear._0.coefficients.Index 3` → `model.fitted.linear.coefficients[3]`: array
    /// positions in brackets, Swift's enum payload keys (`_0`) left out.
    static func path(_ keys: [any CodingKey]) -> String {
        let text = keys.reduce(into: "") { text, key in
            let name = key.stringValue
            if name.hasPrefix("_"), name.dropFirst().allSatisfy(\.isNumber) { return }
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + name
            }
        }
        return text.isEmpty ? "the top level" : Message.short(text)
    }
}

/// Messages a person reads: one line, about 300 characters at most.
public enum Message {
    public static let limit = 300

    /// The text on one line, cut to `limit` characters with the length of what was cut.
    public static func short(_ text: String, limit: Int = Message.limit) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        guard line.count > limit else { return line }
        return String(line.prefix(limit)) + "… (\(line.count - limit) more characters)"
    }

    /// The first few items of a long list and how many more there are: "a, b, c and 17 more".
    public static func list(_ items: [String], first: Int = 5) -> String {
        guard items.count > first else { return items.joined(separator: ", ") }
        return items.prefix(first).joined(separator: ", ") + " and \(items.count - first) more"
    }
}
