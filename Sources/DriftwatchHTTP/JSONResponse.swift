import Hummingbird
import NIOCore

/// A JSON response from text (or bytes) already rendered.
public enum JSONResponse {
    public static func make(status: HTTPResponse.Status = .ok, body: String) -> Response {
        make(status: status, buffer: ByteBuffer(string: body))
    }

    public static func make(status: HTTPResponse.Status = .ok, bytes: [UInt8]) -> Response {
        make(status: status, buffer: ByteBuffer(bytes: bytes))
    }

    static func make(status: HTTPResponse.Status, buffer: ByteBuffer) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }
}
