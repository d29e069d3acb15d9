import DriftwatchData
import Foundation

/// A JSON document with keys kept in the order they were written, so that reports read the same
/// way every time. Non-finite numbers become `null`.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered() == rhs.rendered()
    }

    /// `nil` becomes `null`.
    public static func optional(_ value: Double?) -> JSONValue {
        value.map(JSONValue.number) ?? .null
    }

    public func rendered(pretty: Bool = true) -> String {
        var output = ""
        write(to: &output, indent: pretty ? 0 : nil)
        return output
    }

    private func write(to output: inout String, indent: Int?) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (level: Int) in indent == nil ? "" : String(repeating: "  ", count: level) }
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let value): output += String(value)
        case .number(let value): output += value.isFinite ? Self.format(value) : "null"
        case .string(let text): output += JSONText.quote(text)
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "[" + newline
            for (i, item) in items.enumerated() {
                output += pad((indent ?? 0) + 1)
                item.write(to: &output, indent: indent.map { $0 + 1 })
                output += (i < items.count - 1 ? "," : "") + newline
            }
            output += pad(indent ?? 0) + "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{" + newline
            for (i, (key, value)) in members.enumerated() {
                output += pad((indent ?? 0) + 1) + JSONText.quote(key) + (indent == nil ? ":" : ": ")
                value.write(to: &output, indent: indent.map { $0 + 1 })
                output += (i < members.count - 1 ? "," : "") + newline
            }
            output += pad(indent ?? 0) + "}"
        }
    }

    /// Shortest representation that reads back to the same double.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
