import AsyncHTTPClient
import DriftwatchData
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One HTTP exchange with another Driftwatch server, with its credentials and CA (the system's
/// trust without one). A client lives for the exchange only, so nothing is left to shut down, and
/// it does not retry a refused connection until the deadline: the caller hears at once that the
/// server is not there, and retries on its own schedule.
public enum ServiceClient {
    public struct Answer: Sendable {
        public var status: Int
        public var body: Data
    }

    public static func send(_ url: URL, method: HTTPMethod = .GET, json body: Data? = nil, credentials: ClientCredentials = ClientCredentials(),
                            timeout: Duration = .seconds(10)) async throws -> Answer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        if let authorization = credentials.authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5)))
        configuration.connectionPool.retryConnectionEstablishment = false
        if let caFile = credentials.caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw DataError(file: caFile, "not a PEM file of CA certificates (\(error))")
            }
            configuration.tlsConfiguration = tls
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let answer = try await exchange(client, request, TimeAmount(timeout))
            try await client.shutdown()
            return answer
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func exchange(_ client: HTTPClient, _ request: HTTPClientRequest, _ timeout: TimeAmount) async throws -> Answer {
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 64 << 20)
        return Answer(status: Int(response.status.code), body: Data(body.readableBytesView))
    }
}
