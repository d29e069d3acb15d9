import DriftwatchData
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import NIOPosix

/// Who may call which class of route on one listener, decided the same way by the predictor and
/// the agent:
/// - with users in the web config, every route but the probes needs one of them (HTTP basic);
///   write and log-reading routes take a bearer token instead;
/// - with bearer tokens only, write and log-reading routes need one;
/// - with neither, write and log-reading routes answer only on a loopback listener (403 otherwise),
///   so a server on the network is never steered by whoever can reach it.
public struct AccessPolicy: Sendable {
    public var users: [String: String]
    public var tokens: [String]
    /// The address the server listens on.
    public var host: String
    let verified: VerifiedCredentials

    public init(users: [String: String] = [:], tokens: [String] = [], host: String) {
        self.users = users
        self.tokens = tokens
        self.host = host
        self.verified = VerifiedCredentials()
    }

    public var isLoopback: Bool { Self.isLoopback(host) }

    /// Whether a request of this class can ever be refused here; a route group whose requests
    /// cannot be needs no middleware (the predict route then pays nothing for the policy).
    public func guards(_ routeClass: RouteClass) -> Bool {
        switch routeClass {
        case .probe: false
        case .open: !users.isEmpty
        case .write, .readLog: !users.isEmpty || !tokens.isEmpty || !isLoopback
        }
    }

    public static func isLoopback(_ host: String) -> Bool {
        ["::1", "localhost", "[::1]"].contains(host) || host.hasPrefix("127.")
    }

    /// Throws the answer a request of this class gets when it may not pass: 401 (with the scheme
    /// to use) or 403.
    public func check(_ request: Request, _ routeClass: RouteClass) async throws {
        let writes = routeClass == .write || routeClass == .readLog
        guard routeClass != .probe else { return }
        guard !users.isEmpty || (writes && !tokens.isEmpty) else {
            if writes && !isLoopback {
                throw APIError(status: .forbidden, message: "\(request.uri.path) answers only on a loopback listener when no credentials are configured; this server listens on \(host): give it users (--web-config) or a bearer token (DRIFTWATCH_TOKEN, a token file)")
            }
            return
        }
        let header = request.headers[.authorization] ?? ""
        if !users.isEmpty, let (user, password) = Self.basicCredentials(header), await passes(user: user, password: password) { return }
        if writes, header.hasPrefix("Bearer "), tokens.contains(where: { Self.constantTimeEqual(Array(header.utf8.dropFirst(7)), Array($0.utf8)) }) { return }
        let wanted = users.isEmpty ? "a bearer token ('Authorization: Bearer <token>')"
            : writes && !tokens.isEmpty ? "the credentials of a web-config user (HTTP basic) or a bearer token" : "the credentials of a web-config user (HTTP basic)"
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = users.isEmpty ? "Bearer" : "Basic realm=\"driftwatch\", charset=\"UTF-8\""
        throw APIError(status: .unauthorized, message: header.isEmpty ? "\(request.uri.path) needs \(wanted)" : "the credentials sent are not accepted on \(request.uri.path)", headers: headers)
    }

    func passes(user: String, password: String) async -> Bool {
        guard let hash = users[user] else { return false }
        var digest = DriftwatchData.SHA256()
        digest.update(Array(user.utf8) + [0] + Array(password.utf8) + [0] + Array(hash.utf8))
        let key = digest.finalize()
        if await verified.contains(key) { return true }
        // `$2y$` (htpasswd's marker) is the same algorithm as `$2b$`, which the verifier knows.
        let comparable = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        // bcrypt takes tens of milliseconds by design: off the event loops.
        let passed = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: comparable) }) ?? false
        if passed { await verified.insert(key) }
        return passed
    }

    /// `Basic base64(user:password)`, decoded.
    static func basicCredentials(_ header: String) -> (String, String)? {
        guard header.count > 6, header.prefix(6).lowercased() == "basic ",
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// Compares without stopping at the first difference, so timing does not reveal a token.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Remembers credentials that passed bcrypt, so that a scraper sending the same user and password
/// every few seconds costs one bcrypt verification, not one per request. Only digests are kept;
/// the cache is bounded.
actor VerifiedCredentials {
    private var passed: Set<String> = []
    static let capacity = 1024

    func contains(_ key: String) -> Bool { passed.contains(key) }

    func insert(_ key: String) {
        if passed.count >= Self.capacity { passed.removeAll() }
        passed.insert(key)
    }
}
