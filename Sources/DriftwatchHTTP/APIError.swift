import DriftwatchData
import Hummingbird
import NIOCore

/// An error answered as `{"error": "..."}` with its HTTP status: how the predictor's and the
/// agent's routes refuse bad requests.
public struct APIError: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var message: String
    /// Extra response headers (the predictor names the model version that refused a record).
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, message: message) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        // One line a person reads, however much a client sent that ended up in the message.
        var response = JSONResponse.make(status: status, body: "{\"error\":\(JSONText.quote(Message.short(message)))}")
        response.headers.append(contentsOf: headers)
        return response
    }
}
