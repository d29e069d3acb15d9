import Hummingbird
import NIOCore

/// A `/metrics` answer: the Prometheus text exposition format, version 0.0.4.
public enum MetricsResponse {
    public static func make(_ exposition: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: exposition)))
    }
}
