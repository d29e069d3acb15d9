import DriftwatchData
import DriftwatchHTTP
import Foundation
import Hummingbird
import NIOCore

/// A CloudEvent from KServe's inference logger: the request (`org.kubeflow.serving.inference.request`)
/// or the response (`….response`) of one inference, sharing the event id, in binary mode (`ce-*`
/// headers, the payload as the body) or structured mode (`application/cloudevents+json`, the payload
/// in `data` or `data_base64`). CloudEvents 1.0: https://github.com/cloudevents/spec (http-protocol-binding.md).
struct InferenceEvent: Sendable {
    enum Kind: String, Sendable { case request, response }

    static let requestType = "org.kubeflow.serving.inference.request"
    static let responseType = "org.kubeflow.serving.inference.response"

    var id: String
    var kind: Kind
    /// The inference payload's JSON (V1 `instances` / `predictions`, or V2 `inputs` / `outputs`).
    var payload: Data

    init(headers: HTTPFields, body: ByteBuffer) throws {
        let type = headers[.contentType].map { $0.split(separator: ";").first.map(String.init) ?? $0 }?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let bytes = Data(body.readableBytesView)
        let id: String?, eventType: String?, specVersion: String?
        if type == "application/cloudevents+json" {
            guard let event = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
                throw APIError.badRequest("a structured CloudEvent is a JSON object")
            }
            (id, eventType, specVersion) = (event["id"] as? String, event["type"] as? String, event["specversion"] as? String)
            if let text = event["data_base64"] as? String {
                guard let decoded = Data(base64Encoded: text) else { throw APIError.badRequest("data_base64 is not base64") }
                payload = decoded
            } else if let data = event["data"], JSONSerialization.isValidJSONObject(data) {
                payload = try JSONSerialization.data(withJSONObject: data)
            } else if let text = event["data"] as? String {
                payload = Data(text.utf8)
            } else {
                throw APIError.badRequest("the CloudEvent has no data (nor data_base64)")
            }
        } else if type == "application/json" || type.isEmpty {
            (id, eventType, specVersion) = (Self.header(headers, "ce-id"), Self.header(headers, "ce-type"), Self.header(headers, "ce-specversion"))
            payload = bytes
        } else {
            throw APIError(status: .unsupportedMediaType, message: "content type '\(Message.short(type, limit: 60))' is not a CloudEvent this agent reads; send application/json with ce-* headers or application/cloudevents+json")
        }
        guard specVersion == "1.0" else { throw APIError.badRequest("specversion '\(Message.short(specVersion ?? "none", limit: 20))' is not CloudEvents 1.0") }
        guard let id, !id.isEmpty, id.utf8.count <= 256 else { throw APIError.badRequest("the CloudEvent has no id (ce-id), or one over 256 bytes") }
        switch eventType {
        case Self.requestType: kind = .request
        case Self.responseType: kind = .response
        default: throw APIError.badRequest("event type '\(Message.short(eventType ?? "none", limit: 80))' is neither \(Self.requestType) nor \(Self.responseType)")
        }
        self.id = id
    }

    static func header(_ headers: HTTPFields, _ name: String) -> String? {
        HTTPFields.Element.Name(name).flatMap { headers[$0] }
    }
}
