import Foundation

/// A loopback port nobody listens on now, for a server a test starts (a port drawn at random may
/// be taken, by another test or by an outgoing connection's ephemeral port).
public func freeLoopbackPort() throws -> Int {
    let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw LoopbackPortError(reason: "socket() failed") }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    guard bound else { throw LoopbackPortError(reason: "cannot bind a loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// No loopback port could be had.
public struct LoopbackPortError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
