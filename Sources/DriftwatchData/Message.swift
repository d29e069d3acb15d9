import Foundation

/// Messages a person reads: one line, about 300 characters at most.
public enum Message {
    public static let limit = 300

    /// The text on one line, cut to `limit` characters with the length of what was cut.
    public static func short(_ text: String, limit: Int = Message.limit) -> String {
        let line = text.replacingOccurrences(of: "\n", with: " ")
        guard line.count > limit else { return line }
        return String(line.prefix(limit)) + "… (\(line.count - limit) more characters)"
    }
}
