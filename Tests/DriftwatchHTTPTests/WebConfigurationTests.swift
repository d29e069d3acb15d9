import DriftwatchData
import DriftwatchHTTP
import Foundation
import Testing

@Suite struct WebConfigurationTests {
    func failure(_ yaml: String) -> String {
        do {
            _ = try WebConfiguration.parse(yaml: yaml, source: "web.yml")
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsTheExporterToolkitFormat() throws {
        let configuration = try WebConfiguration.parse(yaml: """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              min_version: TLS13
            basic_auth_users:
              prometheus: \(AccessPolicyTests.prometheusHash)
            """, source: "web.yml")
        #expect(configuration.users == ["prometheus": AccessPolicyTests.prometheusHash])
        #expect(configuration.tls?.clientAuthentication == .requireAndVerify)
        #expect(configuration.tls?.minimumVersion == .tlsv13)
    }

    @Test func mistakesAreNamedWithTheirLine() {
        #expect(failure("basic_auth_users:\n  alice: secret\n") == "web.yml:2: basic_auth_users.alice: not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters; make one with htpasswd -nBC 10 alice)")
        #expect(failure("tls_server_config: {cert_file: a.crt}\n").hasSuffix("tls_server_config needs cert_file and key_file (PEM files)"))
        #expect(failure("tls_server_config: {cert_file: a, key_file: b, client_auth_type: RequireAnyClientCert}\n").contains("are not supported"))
        #expect(failure("tls_server_config: {cert_file: a, key_file: b, client_auth_type: RequireAndVerifyClientCert}\n").contains("needs client_ca_file"))
        #expect(failure("tls_server_config: {cert_file: a, key_file: b, min_version: TLS9}\n").contains("must be TLS10, TLS11, TLS12 or TLS13"))
        #expect(failure("basic_auth_user: {}\n").contains("unknown key 'basic_auth_user'"))
    }

    @Test func unreadableCertificatesAreReportedAtLoad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not a certificate".utf8).write(to: folder.appendingPathComponent("server.crt"))
        try Data("tls_server_config: {cert_file: server.crt, key_file: server.key}\n".utf8).write(to: folder.appendingPathComponent("web.yml"))
        #expect(throws: DataError.self) { try WebConfiguration.load(path: folder.appendingPathComponent("web.yml").path) }
        do {
            _ = try WebConfiguration.load(path: folder.appendingPathComponent("web.yml").path)
        } catch {
            #expect("\(error)".contains("tls_server_config.cert_file '\(folder.path)/server.crt': not a PEM certificate"))
        }
    }

    @Test func tokenFilesHoldOneTokenALine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("# the agent's writers\nfirst-token-0123456789\n\n  second-token-0123456789  \n".utf8).write(to: file)
        #expect(try BearerTokens.load(file: file.path, environment: ["DRIFTWATCH_TOKEN": "from-the-environment"]) == ["first-token-0123456789", "second-token-0123456789", "from-the-environment"])
        try Data("short\n".utf8).write(to: file)
        #expect(throws: DataError(file: file.path, line: 1, "a token is at least 16 printable ASCII characters without spaces")) { try BearerTokens.load(file: file.path, environment: [:]) }
    }
}
