import DriftwatchData
import Foundation

/// Bearer tokens a server accepts on its write and log-reading routes, beside the web config's
/// users: one per line of a token file (blank lines and `#` comments skipped) and the
/// `DRIFTWATCH_TOKEN` environment variable. Tokens are secrets, so they come from files and the
/// environment, never from a command line.
public enum BearerTokens {
    public static let environmentVariable = "DRIFTWATCH_TOKEN"

    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String] {
        var tokens: [String] = []
        if let file {
            let text = try ConfigurationFile.text(at: file)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let token = line.trimmingCharacters(in: .whitespaces)
                guard !token.isEmpty, !token.hasPrefix("#") else { continue }
                guard token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                    throw DataError(file: file, line: index + 1, "a token is at least 16 printable ASCII characters without spaces")
                }
                tokens.append(token)
            }
            guard !tokens.isEmpty else { throw DataError(file: file, "holds no token (one per line)") }
        }
        if let token = environment[environmentVariable], !token.isEmpty { tokens.append(token) }
        return tokens
    }

    /// The token a client sends, from a file in the same format: its first token. One file can
    /// so serve a server (every token in it) and its clients.
    public static func first(file: String) throws -> String {
        try load(file: file, environment: [:])[0]
    }
}
