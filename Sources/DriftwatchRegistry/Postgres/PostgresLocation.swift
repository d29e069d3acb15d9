import DriftwatchData
import Foundation
import PostgresNIO

/// A PostgreSQL database named by a URL, as libpq reads one:
/// `postgres://user:password@host:port/database?sslmode=disable&connect_timeout=5`.
/// Passwords never appear in messages: ``display`` is `user@host:port/database`.
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// Seconds a connection may take to be established (and authenticated).
    public var connectTimeout: Double

    public enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    /// Whether `text` names a PostgreSQL database rather than a directory or file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws {
        func fail(_ why: String) -> PostgresLocationError { PostgresLocationError(url: Self.redacted(text), reason: why) }
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw fail("expected postgres://user[:password]@host[:port]/database")
        }
        guard let host = components.host, !host.isEmpty else { throw fail("no host") }
        guard let user = components.user, !user.isEmpty else { throw fail("no user (postgres://USER@host/database)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw fail("no database name (postgres://user@host/DATABASE)") }
        self.host = host
        port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        tls = .prefer
        connectTimeout = 10
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw fail("sslmode must be disable, prefer or require, got '\(item.value ?? "")'")
                }
            case "connect_timeout":
                guard let seconds = item.value.flatMap(Double.init), seconds > 0 else { throw fail("connect_timeout must be a positive number of seconds") }
                connectTimeout = seconds
            case "application_name":
                break
            default:
                throw fail("unknown parameter '\(item.name)' (known: sslmode, connect_timeout, application_name)")
            }
        }
        guard (1...65535).contains(port) else { throw fail("port must be between 1 and 65535") }
    }

    /// `user@host:port/database`: what messages name.
    public var display: String { "\(user)@\(host):\(port)/\(database)" }

    /// The URL with the password replaced, for messages about a URL that did not parse.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }

    func tlsConfiguration() throws -> PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    /// The settings of a single connection (the probe at start-up, the notification listener).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        switch tls {
        case .disable: configuration.tls = .disable
        case .prefer: configuration.tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: configuration.tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        return configuration
    }

    func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: try tlsConfiguration())
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        return configuration
    }
}

/// A PostgreSQL URL that cannot be used as written.
public struct PostgresLocationError: DriftwatchError, Equatable {
    public var url: String
    public var reason: String
    public var description: String { "invalid PostgreSQL URL \(url): \(reason)" }
}

/// A PostgreSQL server that could not be reached or refused us, in one line: where and what failed.
public struct PostgresConnectError: DriftwatchError, Equatable {
    public var location: String
    public var reason: String
    public var description: String { "cannot connect to PostgreSQL at \(location): \(reason)" }
}
