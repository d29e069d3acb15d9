import Hummingbird
import NIOCore

/// A JSON response from text already rendered.
public enum JSONResponse {
    public static func make(status: HTTPResponse.Status = .ok, body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
