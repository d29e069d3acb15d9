import DriftwatchData
import Foundation

/// How Driftwatch presents itself to another server it calls (the pull source to a predictor,
/// `driftwatch retrain` to an agent): a bearer token or a user and password, and the CA that
/// signed the server's certificate when it is not one the system trusts. Secrets come from files.
public struct ClientCredentials: Sendable, Equatable {
    public var token: String?
    public var username: String?
    public var password: String?
    /// PEM file of the CA certificates to trust for `https` (nil: the system's).
    public var caFile: String?

    public init(token: String? = nil, username: String? = nil, password: String? = nil, caFile: String? = nil) {
        self.token = token
        self.username = username
        self.password = password
        self.caFile = caFile
    }

    /// The `Authorization` header these credentials send, if any.
    public var authorization: String? {
        if let token { return "Bearer \(token)" }
        if let username { return "Basic " + Data("\(username):\(password ?? "")".utf8).base64EncodedString() }
        return nil
    }

    /// The first line of a secret file, trimmed; an empty or unreadable file is an error naming it.
    public static func secret(file: String, what: String) throws -> String {
        let text = try ConfigurationFile.text(at: file)
        guard let line = text.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }), !line.isEmpty else {
            throw DataError(file: file, "holds no \(what) on its first line")
        }
        return line
    }
}
