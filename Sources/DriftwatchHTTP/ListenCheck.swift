import DriftwatchData
import Foundation
import NIOCore
import NIOPosix

/// Says at once, and alone, that a server cannot listen where it was told: before anything is
/// loaded, and in words that name the address, instead of a socket call's text after the server
/// has said it is serving.
public enum ListenCheck {
    /// Why a server cannot listen.
    public struct Failure: DriftwatchError {
        public var description: String
    }

    /// Binds `host:port` as the server will (address reuse on) and lets it go again.
    public static func ensureAvailable(host: String, port: Int) async throws {
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try await channel.close()
        } catch {
            throw failure(error, host: host, port: port)
        }
    }

    /// The words for a bind error of `host:port` (also for one the server itself meets later).
    public static func failure(_ error: any Error, host: String, port: Int) -> Failure {
        let reason: String
        switch (error as? IOError)?.errnoCode {
        case EADDRINUSE: reason = "the address is in use (another program, or another Driftwatch, listens there)"
        case EACCES: reason = "permission denied (ports below 1024 need privileges)"
        case EADDRNOTAVAIL: reason = "no network interface has that address"
        default: reason = "\(error)"
        }
        return Failure(description: "cannot listen on \(host):\(port): \(reason)")
    }
}
