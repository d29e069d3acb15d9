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

extension APIError {
    /// The framework's own refusals (an unknown route, a body over the limit, a method a route does
    /// not take) in the same JSON shape as the routes' errors; an ``APIError`` stays as it is.
    public static func from(_ error: any Error, request: Request) -> APIError {
        if let error = error as? APIError { return error }
        let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
        let message: String
        switch status {
        case .notFound: message = "no route \(request.method) \(request.uri.path)"
        case .contentTooLarge: message = "request body is larger than the limit"
        case .methodNotAllowed: message = "method \(request.method) is not allowed on \(request.uri.path)"
        default: message = status.reasonPhrase
        }
        return APIError(status: status, message: message)
    }
}

/// Answers every error as JSON (``APIError/from(_:request:)``), unknown routes included.
public struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            throw APIError.from(error, request: request)
        }
    }
}
