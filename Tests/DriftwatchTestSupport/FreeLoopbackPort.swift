import Foundation

/// A loopback port nobody listens on now, for a server a test starts (a port drawn at random may
/// be taken, by another test or by an outgoing connection's ephemeral port).
public func freeLoopbackPort() throws -> Int {
    let (socket, port) = try boundLoopbackSocket()
    close(socket)
    return port
}

/// A socket bound to a loopback port the system chose, and the port.
func boundLoopbackSocket() throws -> (socket: Int32, port: Int) {
    let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw LoopbackPortError(reason: "socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
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
