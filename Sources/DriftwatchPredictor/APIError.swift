import DriftwatchData
import Hummingbird
import NIOCore

/// An error answered as `{"error": "..."}` with its HTTP status.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, message: message) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(status: status, body: "{\"error\":\(JSONText.quote(message))}")
    }
}

enum JSONResponse {
    static func make(status: HTTPResponse.Status = .ok, body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
