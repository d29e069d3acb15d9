import Foundation
import Synchronization

/// A loopback port nobody uses now, for a server a test starts.
///
/// The port is below the system's ephemeral range: a port the system hands out for `bind(0)` may
/// be handed out again, between the test's choice and the server's bind, as the source port of
/// an outgoing connection (and a suite makes thousands), which leaves the server unable to listen.
/// Ports are taken in turn from a random start, so tests running at once never share one.
public func freeLoopbackPort() throws -> Int {
    for _ in 0..<LoopbackPorts.span {
        let port = LoopbackPorts.next()
        if let socket = try? boundLoopbackSocket(port: port) {
            close(socket.socket)
            return port
        }
    }
    throw LoopbackPortError(reason: "no free loopback port below the ephemeral range")
}

/// The ports ``freeLoopbackPort()`` hands out: the `span` ports just below the ephemeral range.
private enum LoopbackPorts {
    static let span = 10_000
    static let first: Int = {
        // "32768\t60999" on Linux; the usual default when it cannot be read.
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let low = text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
        return max(1024, low - span)
    }()
    static let counter = Atomic<Int>(Int.random(in: 0..<span))

    static func next() -> Int {
        first + counter.add(1, ordering: .relaxed).newValue % span
    }
}

/// A socket bound to a loopback port (0: one the system chooses), and the port.
func boundLoopbackSocket(port: Int = 0) throws -> (socket: Int32, port: Int) {
    let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw LoopbackPortError(reason: "socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    guard bound else {
        close(socket)
        throw LoopbackPortError(reason: "cannot bind a loopback port")
    }
    return (socket, Int(UInt16(bigEndian: address.sin_port)))
}

/// A loopback port held by a listening socket, so that a server asked to use it cannot; closed
/// when released.
public final class HeldLoopbackPort: Sendable {
    public let port: Int
    private let socket: Int32

    public init() throws {
        (socket, port) = try boundLoopbackSocket()
        guard listen(socket, 1) == 0 else {
            close(socket)
            throw LoopbackPortError(reason: "cannot listen on loopback port \(port)")
        }
    }

    deinit {
        close(socket)
    }
}

/// No loopback port could be had.
public struct LoopbackPortError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
