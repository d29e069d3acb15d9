import DriftwatchData
import Foundation
import Logging
import PostgresNIO

/// A pool of connections to one PostgreSQL database, running for as long as the value lives.
/// Opening it connects once first, so that an unreachable server, a wrong password or a missing
/// database is reported at once, in one line, within the connect timeout, instead of as a hang
/// or a retry loop of the pool.
public final class PostgresPool: Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    private let runner: Task<Void, Never>
    /// PostgresNIO's own log: errors only (what fails reaches the caller as an error anyway; the
    /// pool's start-up notices would only be noise on the console).
    public static let logger: Logger = {
        var logger = Logger(label: "driftwatch.postgres")
        logger.logLevel = .error
        return logger
    }()

    private init(location: PostgresLocation, client: PostgresClient) {
        self.location = location
        self.client = client
        runner = Task { await client.run() }
    }

    deinit {
        runner.cancel()
    }

    /// Connects to the database at `location`, failing with ``PostgresConnectError`` when it cannot.
    public static func open(_ location: PostgresLocation) async throws -> PostgresPool {
        let configuration = try location.clientConfiguration()
        try await probe(location, configuration)
        return PostgresPool(location: location, client: PostgresClient(configuration: configuration, backgroundLogger: logger))
    }

    /// One connection, made and closed, under the connect timeout (the whole start-up exchange
    /// counts, so a server that accepts and then says nothing cannot hang us either).
    private static func probe(_ location: PostgresLocation, _ configuration: PostgresClient.Configuration) async throws {
        let connection = try location.connectionConfiguration()
        let timeout = location.connectTimeout
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let opened = try await PostgresConnection.connect(configuration: connection, id: 0, logger: logger)
                    try? await opened.close()
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                    throw PostgresConnectError(location: location.display, reason: "no answer within \(Self.seconds(timeout)) (connect_timeout)")
                }
                try await group.next()
                group.cancelAll()
            }
        } catch let error as PostgresConnectError {
            throw error
        } catch {
            throw PostgresConnectError(location: location.display, reason: Self.reason(error, timeout: timeout))
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// What went wrong, in the server's words when it answered, else in the socket's.
    static func reason(_ error: any Error, timeout: Double) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state
            }
            if let underlying = error.underlying { return socketReason(underlying, timeout: timeout) }
            switch error.code {
            case .sslUnsupported: return "the server does not support TLS (add ?sslmode=disable to connect without it)"
            case .authMechanismRequiresPassword: return "the server asks for a password and the URL has none"
            case .unsupportedAuthMechanism: return "the server asks for an authentication method Driftwatch does not support"
            default: return "\(error.code)"
            }
        }
        return socketReason(error, timeout: timeout)
    }

    static func socketReason(_ error: any Error, timeout: Double) -> String {
        let text = String(describing: error)
        let lower = text.lowercased()
        if lower.contains("connection refused") { return "connection refused (is the server running and listening on this port?)" }
        if lower.contains("timed out") || lower.contains("timeout") { return "no answer within \(seconds(timeout)) (connect_timeout)" }
        if lower.contains("no route") { return "no route to host" }
        if lower.contains("resolve") || lower.contains("dns") || lower.contains("name or service") { return "the host name does not resolve" }
        return text
    }

    // MARK: Queries

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    public func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: Self.logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            // The closure's own error (a RegistryError, say) is what callers want to see.
            if let closure = error.closureError { throw closure }
            throw error
        }
    }

    /// Runs one statement outside a transaction.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await client.query(query, logger: Self.logger)
    }
}

extension PSQLError {
    /// The SQLSTATE the server answered with, if it answered.
    var sqlState: String? { serverInfo?[.sqlState] }
}
