import DriftwatchHTTP
import Foundation

/// The demo's HTTP client: the model service's callers, and whoever reports ground truth. It speaks
/// through ``ServiceClient`` (SwiftNIO), so the binary needs no libcurl.
struct DemoClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The bearer token sent with every request, when the demo's servers need one.
    var token: String?

    /// Posts JSON and returns the answer's body; anything but 2xx is an error.
    func post(_ url: String, json: String) async throws -> Data {
        let (status, data) = try await send(url, json: json)
        guard (200..<300).contains(status) else {
            throw Failure(description: "\(url) answered \(status): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return data
    }

    /// Posts JSON and returns the answer's status.
    func status(_ url: String, json: String) async throws -> Int {
        try await send(url, json: json).status
    }

    private func send(_ url: String, json: String) async throws -> (status: Int, data: Data) {
        let answer = try await ServiceClient.send(URL(string: url)!, method: .POST, json: Data(json.utf8), credentials: ClientCredentials(token: token),
                                                  timeout: .seconds(30))
        return (answer.status, answer.body)
    }

    /// Waits until `url` answers 200, for at most `seconds`, or until `stopped` gives the error
    /// that ended the server.
    func waitUntilUp(_ url: String, seconds: Double, stopped: @Sendable () async -> (any Error)? = { nil }) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let error = await stopped() { throw Failure(description: "the server behind \(url) stopped: \(error)") }
            if let answer = try? await ServiceClient.send(URL(string: url)!, timeout: .seconds(2)), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "\(url) did not come up within \(Int(seconds)) s")
    }
}
