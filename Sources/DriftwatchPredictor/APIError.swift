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

/// Small JSON writing helpers for hand-built responses.
enum JSONText {
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A finite double in its shortest round-trip form.
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
