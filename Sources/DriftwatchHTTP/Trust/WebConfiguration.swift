import DriftwatchData
import Foundation
import NIOSSL
import Yams

/// The web configuration every Prometheus exporter reads (`--web.config.file` of the Prometheus
/// exporter toolkit): TLS for the listener and the users allowed in with HTTP basic
/// authentication. Driftwatch reads the same file with `serve --web-config` and the agent's
/// `web_config:`, so one file can serve an exporter and Driftwatch alike.
///
/// ```yaml
/// tls_server_config:
///   cert_file: server.crt          # paths are relative to this file
///   key_file: server.key
///   client_auth_type: RequireAndVerifyClientCert   # NoClientCert (default), VerifyClientCertIfGiven
///   client_ca_file: clients-ca.crt
///   min_version: TLS12             # TLS10, TLS11, TLS12 (default), TLS13
/// basic_auth_users:
///   prometheus: $2y$10$…           # bcrypt hashes (htpasswd -nBC 10 NAME)
/// ```
public struct WebConfiguration: Sendable {
    /// How the listener treats client certificates (the exporter toolkit's `client_auth_type`).
    public enum ClientAuthentication: String, Sendable {
        case none = "NoClientCert"
        case verifyIfGiven = "VerifyClientCertIfGiven"
        case requireAndVerify = "RequireAndVerifyClientCert"
    }

    public struct TLS: Sendable {
        public var certificateFile: String
        public var keyFile: String
        public var clientAuthentication: ClientAuthentication = .none
        public var clientCAFile: String?
        public var minimumVersion: TLSVersion = .tlsv12
        public var maximumVersion: TLSVersion?
    }

    public var tls: TLS?
    /// User name → bcrypt hash.
    public var users: [String: String] = [:]
    /// The file it came from, for messages.
    public var source: String

    public init(tls: TLS? = nil, users: [String: String] = [:], source: String = "web config") {
        self.tls = tls
        self.users = users
        self.source = source
    }

    public static func load(path: String) throws -> WebConfiguration {
        let configuration = try parse(yaml: ConfigurationFile.text(at: path), source: path)
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ file: String) -> String { file.hasPrefix("/") ? file : (base as NSString).appendingPathComponent(file) }
        var resolved = configuration
        if var tls = resolved.tls {
            tls.certificateFile = resolve(tls.certificateFile)
            tls.keyFile = resolve(tls.keyFile)
            tls.clientCAFile = tls.clientCAFile.map(resolve)
            resolved.tls = tls
        }
        _ = try resolved.serverTLS()
        return resolved
    }

    static let versions: [String: TLSVersion] = ["TLS10": .tlsv1, "TLS11": .tlsv11, "TLS12": .tlsv12, "TLS13": .tlsv13]

    public static func parse(yaml: String, source: String) throws -> WebConfiguration {
        let root = try ConfigurationFile.section(yaml: yaml, source: source,
                                                 expected: "a web config is a mapping (tls_server_config, basic_auth_users)",
                                                 known: ["tls_server_config", "basic_auth_users", "http_server_config"])
        var configuration = WebConfiguration(source: source)
        if let section = try root.section("tls_server_config", known: ["cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version", "max_version"]) {
            guard let cert = section["cert_file"]?.string, let key = section["key_file"]?.string, !cert.isEmpty, !key.isEmpty else {
                throw root.error("tls_server_config", "tls_server_config needs cert_file and key_file (PEM files)")
            }
            var tls = TLS(certificateFile: cert, keyFile: key)
            if let node = section["client_auth_type"] {
                guard let type = node.string.flatMap(ClientAuthentication.init(rawValue:)) else {
                    throw section.error("client_auth_type", "tls_server_config.client_auth_type must be NoClientCert, VerifyClientCertIfGiven or RequireAndVerifyClientCert (RequestClientCert and RequireAnyClientCert, which accept unverified certificates, are not supported)")
                }
                tls.clientAuthentication = type
            }
            tls.clientCAFile = section["client_ca_file"]?.string
            if tls.clientAuthentication != .none && tls.clientCAFile == nil {
                throw section.error("client_auth_type", "tls_server_config.client_auth_type \(tls.clientAuthentication.rawValue) needs client_ca_file")
            }
            for key in ["min_version", "max_version"] {
                guard let node = section[key] else { continue }
                guard let version = node.string.flatMap({ versions[$0] }) else {
                    throw section.error(key, "tls_server_config.\(key) must be TLS10, TLS11, TLS12 or TLS13")
                }
                if key == "min_version" { tls.minimumVersion = version } else { tls.maximumVersion = version }
            }
            configuration.tls = tls
        }
        if let node = root["http_server_config"] {
            // Accepted for compatibility when empty; its HTTP/2 and header settings are not Driftwatch's.
            guard node.mapping?.isEmpty ?? (node.null != nil) else {
                throw root.error("http_server_config", "http_server_config is not supported by Driftwatch; remove it")
            }
        }
        if let node = root["basic_auth_users"] {
            guard let users = node.mapping else { throw root.error("basic_auth_users", "basic_auth_users maps user names to bcrypt hashes") }
            for (name, hash) in users {
                guard let user = name.string, !user.isEmpty, !user.contains(":") else {
                    throw DataError(file: source, line: name.mark?.line, "basic_auth_users: a user name must be non-empty text without ':'")
                }
                guard let text = hash.string, Self.isBcryptHash(text) else {
                    throw DataError(file: source, line: hash.mark?.line, "basic_auth_users.\(user): not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters; make one with htpasswd -nBC 10 \(user))")
                }
                configuration.users[user] = text
            }
        }
        return configuration
    }

    static func isBcryptHash(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 60, text.hasPrefix("$2a$") || text.hasPrefix("$2b$") || text.hasPrefix("$2y$"),
              let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost), bytes[6] == UInt8(ascii: "$") else { return false }
        return true
    }

    /// The listener's TLS settings, with the certificate, key and client CA read now, so that a
    /// missing or malformed file is reported at start, naming it.
    public func serverTLS() throws -> TLSConfiguration? {
        guard let tls else { return nil }
        func read<T>(_ what: String, _ file: String, _ load: () throws -> T) throws -> T {
            guard FileManager.default.isReadableFile(atPath: file) else { throw DataError(file: source, "tls_server_config.\(what) '\(file)': no such readable file") }
            do { return try load() } catch { throw DataError(file: source, "tls_server_config.\(what) '\(file)': not a PEM \(what == "key_file" ? "private key" : "certificate") (\(error))") }
        }
        let chain = try read("cert_file", tls.certificateFile) { try NIOSSLCertificate.fromPEMFile(tls.certificateFile) }
        guard !chain.isEmpty else { throw DataError(file: source, "tls_server_config.cert_file '\(tls.certificateFile)': holds no certificate") }
        let key = try read("key_file", tls.keyFile) { try NIOSSLPrivateKey(file: tls.keyFile, format: .pem) }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = tls.minimumVersion
        configuration.maximumTLSVersion = tls.maximumVersion
        if let caFile = tls.clientCAFile {
            let roots = try read("client_ca_file", caFile) { try NIOSSLCertificate.fromPEMFile(caFile) }
            configuration.trustRoots = .certificates(roots)
        }
        switch tls.clientAuthentication {
        case .none: configuration.certificateVerification = .none
        case .verifyIfGiven: configuration.certificateVerification = .optionalVerification
        case .requireAndVerify: configuration.certificateVerification = .noHostnameVerification
        }
        return configuration
    }
}
