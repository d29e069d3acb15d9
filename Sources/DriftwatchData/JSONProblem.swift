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
