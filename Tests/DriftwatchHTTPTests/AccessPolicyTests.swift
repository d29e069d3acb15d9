import DriftwatchHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Who may call which class of route: probes always, open routes unless users are configured,
/// write and log-reading routes only with credentials or on a loopback listener.
@Suite struct AccessPolicyTests {
    /// Made with Apache's `htpasswd -nbBC 10 prometheus scrape-secret-1` (an independent bcrypt).
    static let prometheusHash = "$2y$10$OsnYdqG3qFR.yoUBRoqkB.9B3PHQALTq6fyBnRW5OejJvdwEj3xVK"
    static let token = "a-bearer-token-of-some-length"

    func router(_ policy: AccessPolicy) -> Router<BasicRequestContext> {
        let router = Router()
        for (routeClass, path) in [(RouteClass.probe, "/health"), (.open, "/metrics"), (.write, "/v1/ingest"), (.readLog, "/v1/predictions")] {
            router.group().add(middleware: AccessMiddleware(policy, routeClass)).get(RouterPath(path)) { _, _ in "ok" }
        }
        return router
    }

    func statuses(_ policy: AccessPolicy, headers: HTTPFields = [:]) async throws -> [String: Int] {
        try await Application(router: router(policy)).test(.router) { client in
            var result: [String: Int] = [:]
            for path in ["/health", "/metrics", "/v1/ingest", "/v1/predictions"] {
                result[path] = try await client.execute(uri: path, method: .get, headers: headers) { Int($0.status.code) }
            }
            return result
        }
    }

    func basic(_ user: String, _ password: String) -> HTTPFields {
        [.authorization: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    @Test func withoutCredentialsWritesAnswerOnlyOnLoopback() async throws {
        #expect(try await statuses(AccessPolicy(host: "127.0.0.1")) == ["/health": 200, "/metrics": 200, "/v1/ingest": 200, "/v1/predictions": 200])
        #expect(try await statuses(AccessPolicy(host: "0.0.0.0")) == ["/health": 200, "/metrics": 200, "/v1/ingest": 403, "/v1/predictions": 403])
        try await Application(router: router(AccessPolicy(host: "0.0.0.0"))).test(.router) { client in
            try await client.execute(uri: "/v1/ingest", method: .get) { response in
                #expect(String(buffer: response.body).contains("answers only on a loopback listener"))
            }
        }
    }

    @Test func aTokenGuardsWritesEvenOnLoopback() async throws {
        let policy = AccessPolicy(tokens: [Self.token], host: "127.0.0.1")
        #expect(try await statuses(policy) == ["/health": 200, "/metrics": 200, "/v1/ingest": 401, "/v1/predictions": 401])
        #expect(try await statuses(policy, headers: [.authorization: "Bearer \(Self.token)"]) == ["/health": 200, "/metrics": 200, "/v1/ingest": 200, "/v1/predictions": 200])
        #expect(try await statuses(policy, headers: [.authorization: "Bearer \(Self.token)x"])["/v1/ingest"] == 401)
        #expect(try await statuses(AccessPolicy(tokens: [Self.token], host: "0.0.0.0"), headers: [.authorization: "Bearer \(Self.token)"])["/v1/ingest"] == 200)
    }

    @Test func usersGuardEveryRouteButTheProbes() async throws {
        let policy = AccessPolicy(users: ["prometheus": Self.prometheusHash], tokens: [Self.token], host: "0.0.0.0")
        #expect(try await statuses(policy) == ["/health": 200, "/metrics": 401, "/v1/ingest": 401, "/v1/predictions": 401])
        #expect(try await statuses(policy, headers: basic("prometheus", "scrape-secret-1")) == ["/health": 200, "/metrics": 200, "/v1/ingest": 200, "/v1/predictions": 200])
        #expect(try await statuses(policy, headers: basic("prometheus", "scrape-secret-2"))["/metrics"] == 401)
        #expect(try await statuses(policy, headers: basic("nobody", "scrape-secret-1"))["/metrics"] == 401)
        // A token opens the write routes, not the others.
        #expect(try await statuses(policy, headers: [.authorization: "Bearer \(Self.token)"]) == ["/health": 200, "/metrics": 401, "/v1/ingest": 200, "/v1/predictions": 200])
        try await Application(router: router(policy)).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            }
        }
    }
}
