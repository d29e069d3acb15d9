import DriftwatchTestSupport
import Foundation
import Testing

/// A real `driftwatch serve` against clients that send half a request or a malformed one: the
/// connection is answered (408, 400) and closed instead of being held open.
@Suite struct RequestLimitTests {
    @Test func halfSentAndMalformedRequestsAreAnsweredAndClosed() async throws {
        let scratch = try CommandRunner.Scratch()
        let registry = try await CommandRunner.registryWithChampion(in: scratch)
        let port = try freeLoopbackPort()
        let output = Loopback.Output()
        let server = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registry, "--model", "ride-duration",
                                                                         "--listen", "127.0.0.1:\(port)", "--request-timeout", "1"], output: output)
        defer { Loopback.stop([server]) }
        try await Loopback.waitFor("the server to be ready", seconds: 60, outputs: [output]) {
            (try await Loopback.request("http://127.0.0.1:\(port)/ready")).status == 200
        }
        // A body that never arrives whole: 408, then closed (well before the 30 s this test waits).
        let body = try RawConnection(port: port)
        body.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"trip_")
        let slow = try await offThePool { body.readUntilClosed(seconds: 30) }
        #expect(slow.closed && slow.text.hasPrefix("HTTP/1.1 408"), "\(slow.text)")
        // A head that never ends: closed.
        let head = try RawConnection(port: port)
        head.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Ty")
        let stalled = try await offThePool { head.readUntilClosed(seconds: 30) }
        #expect(stalled.closed)
        // A malformed chunked body: 400, not 500.
        let chunked = try RawConnection(port: port)
        chunked.send("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
        let malformed = try await offThePool { chunked.readUntilClosed(seconds: 30) }
        #expect(!malformed.text.contains(" 500 "), "\(malformed.text)")
        #expect(malformed.text.isEmpty || malformed.text.hasPrefix("HTTP/1.1 400"), "\(malformed.text)")
        // The server still serves.
        #expect(try await Loopback.request("http://127.0.0.1:\(port)/ready").status == 200)
    }
}
