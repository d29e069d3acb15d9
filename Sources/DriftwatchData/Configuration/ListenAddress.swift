/// A `host:port` address a server listens on (`[::1]:9100` for an IPv6 host): the agent's
/// `listen` key and `driftwatch serve --listen` read it the same way.
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Nil unless the text is a non-empty host, a colon and a port in 0…65535.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = text[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            return nil  // an IPv6 host needs its brackets
        }
        guard !host.isEmpty else { return nil }
        self.init(host: String(host), port: port)
    }
}
