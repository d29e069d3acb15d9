import DriftwatchData
import Hummingbird
import NIOCore

/// Reading a request's body the same way on both servers: its media type matched exactly, its
/// size bounded, and a body that cannot be read (a malformed chunked encoding, a connection cut
/// half-way) answered 400, never 500.
public enum RequestContent {
    /// The media type of the request (`application/json; charset=utf-8` → `application/json`),
    /// `application/json` when none is given; refused with 415 unless it is one of `accepted`.
    @discardableResult
    public static func requireType(_ request: Request, _ accepted: [String]) throws -> String {
        let header = request.headers[.contentType] ?? "application/json"
        let type = header.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard accepted.contains(type) else {
            throw APIError(status: .unsupportedMediaType, message: "content type '\(Message.short(header, limit: 80))' is not supported here; send \(accepted.joined(separator: " or "))")
        }
        return type
    }

    /// The whole body, at most `limit` bytes.
    public static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(status: .contentTooLarge, message: "request body is larger than the limit of \(limit) bytes")
        } catch let error as APIError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw APIError(status: .badRequest, message: "the request body could not be read (\(Message.short(String(describing: error), limit: 80)))")
        }
    }
}
