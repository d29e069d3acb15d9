import DriftwatchHTTP
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct RequestContentTests {
    func status(contentType: String?) async throws -> Int {
        let router = Router()
        router.post("/in") { request, _ in
            try RequestContent.requireType(request, ["application/json", "text/csv"])
            return String(buffer: try await RequestContent.collect(request, limit: 16))
        }
        return try await Application(router: router).test(.router) { client in
            let headers: HTTPFields = contentType.map { [.contentType: $0] } ?? [:]
            return try await client.execute(uri: "/in", method: .post, headers: headers, body: ByteBuffer(string: "{}")) { Int($0.status.code) }
        }
    }

    @Test func mediaTypesMatchExactly() async throws {
        #expect(try await status(contentType: "application/json") == 200)
        #expect(try await status(contentType: "Application/JSON; charset=utf-8") == 200)
        #expect(try await status(contentType: "text/csv") == 200)
        #expect(try await status(contentType: nil) == 200)
        #expect(try await status(contentType: "application/jsonx") == 415)
        #expect(try await status(contentType: "text/csvfoo; charset=utf-8") == 415)
        #expect(try await status(contentType: "") == 415)
    }
}
