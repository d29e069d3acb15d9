import DriftwatchData
import Foundation
import Logging
import PostgresNIO
import Synchronization

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

    /// How long one operation (a transaction, a query with its rows) may take before it counts
    /// as failed: a connection the server or the network dropped must turn into an error the
    /// caller can retry, never into a wait without end.
    public static let operationTimeout: Duration = .seconds(30)

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    public func transaction<Result: Sendable>(timeout: Duration = operationTimeout,
                                              _ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        let client = client
        return try await bounded("a transaction", timeout: timeout) {
            do {
                return try await client.withTransaction(logger: Self.logger) { connection in try await body(connection) }
            } catch let error as PostgresTransactionError {
                // The closure's own error (a RegistryError, say) is what callers want to see.
                if let closure = error.closureError { throw closure }
                throw error
            }
        }
    }

    /// Runs `body` on a pooled connection, outside a transaction.
    public func connection<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        let client = client
        return try await bounded("a query", timeout: Self.operationTimeout) { try await client.withConnection { connection in try await body(connection) } }
    }

    /// Runs one statement and reads its rows with `read`.
    public func query<Result: Sendable>(_ query: PostgresQuery, _ read: @escaping @Sendable (PostgresRowSequence) async throws -> Result) async throws -> Result {
        let client = client
        return try await bounded("a query", timeout: Self.operationTimeout) { try await read(try await client.query(query, logger: Self.logger)) }
    }

    /// Runs one statement whose rows, if any, are not wanted.
    public func execute(_ query: PostgresQuery) async throws {
        try await self.query(query) { rows in for try await _ in rows {} }
    }

    /// `body`'s result, or ``PostgresTimeoutError`` once `timeout` has passed (the
    /// operation is then cancelled and left to end on its own).
    func bounded<Result: Sendable>(_ what: String, timeout: Duration, _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let operation = Task { try await body() }
        let settled = Once()
        let location = location.display
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                let timer = Task {
                    do { try await Task.sleep(for: timeout) } catch { return }
                    if settled.claim() {
                        operation.cancel()
                        continuation.resume(throwing: PostgresTimeoutError(location: location, operation: what, timeout: timeout))
                    }
                }
                Task {
                    let result = await operation.result
                    timer.cancel()
                    if settled.claim() { continuation.resume(with: result) }
                }
            }
        } onCancel: {
            operation.cancel()
        }
    }
}

/// True for the first caller only.
private final class Once: Sendable {
    private let taken = Mutex(false)

    func claim() -> Bool {
        taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }
}

/// An operation on PostgreSQL that did not finish in time (the connection was lost, or the server
/// is overloaded).
public struct PostgresTimeoutError: DriftwatchError, Equatable {
    public var location: String
    public var operation: String
    public var timeout: Duration
    public var description: String { "PostgreSQL at \(location) did not finish \(operation) within \(timeout.components.seconds) s" }
}

extension PSQLError {
    /// The SQLSTATE the server answered with, if it answered.
    var sqlState: String? { serverInfo?[.sqlState] }
}
