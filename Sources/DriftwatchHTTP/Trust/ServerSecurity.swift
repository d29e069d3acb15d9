import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore

/// How one listener treats the network: TLS and users from the web config, bearer tokens, and
/// the limits that keep slow or greedy clients from holding it: a request must arrive whole within
/// `requestTimeout` (a connection quiet for as long, between requests or inside one, is closed
/// too), and at most `maxConnections` are open at once (the rest wait in the kernel's backlog).
public struct ServerSecurity: Sendable {
    public var web: WebConfiguration?
    public var tokens: [String] = []
    public var requestTimeout: Duration = .seconds(10)
    public var maxConnections = 1024

    public init(web: WebConfiguration? = nil, tokens: [String] = [], requestTimeout: Duration = .seconds(10), maxConnections: Int = 1024) {
        self.web = web
        self.tokens = tokens
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
    }

    public func policy(host: String) -> AccessPolicy {
        AccessPolicy(users: web?.users ?? [:], tokens: tokens, host: host)
    }

    /// The server's channel: HTTP/1.1 with the request deadline, inside TLS when configured.
    public func server() throws -> HTTPServerBuilder {
        let timeout = requestTimeout
        // The idle timeout runs a second longer than the request deadline, so that a request that
        // began but did not finish hears 408 from the deadline rather than being cut by the idle timer.
        let http = HTTPServerBuilder.http1(configuration: .init(additionalChannelHandlers: [RequestDeadline(timeout: timeout)],
                                                                idleTimeout: TimeAmount(timeout + .seconds(1))))
        guard let tls = try web?.serverTLS() else { return http }
        return try .tls(http, tlsConfiguration: tls)
    }

    public func applicationConfiguration(host: String, port: Int, serverName: String, logger: Logger) -> ApplicationConfiguration {
        ApplicationConfiguration(address: .hostname(host, port: port), serverName: serverName,
                                 availableConnectionsDelegate: MaximumAvailableConnections(maxConnections, logger: logger))
    }

    public var scheme: String { web?.tls == nil ? "http" : "https" }
}
