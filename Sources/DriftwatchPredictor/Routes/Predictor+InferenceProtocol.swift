import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import Foundation
import Hummingbird
import NIOCore

/// The Open Inference Protocol (v2) over HTTP, as KServe, Seldon, Triton and MLServer speak it:
/// server and model health, metadata, and inference. An inference is translated to the records
/// `/predict` scores and goes through the same path — traffic between versions, the prediction
/// log, the metrics — so a model served this way is monitored like any other.
extension Predictor {
    func addInferenceProtocolRoutes(probes: RouterGroup<BasicRequestContext>, open: RouterGroup<BasicRequestContext>) {
        open.get("/v2") { _, _ in
            JSONResponse.make(body: "{\"name\":\"driftwatch\",\"version\":\(JSONText.quote(version)),\"extensions\":[\"binary_tensor_data\"]}")
        }
        probes.get("/v2/health/live") { _, _ in JSONResponse.make(body: "{\"live\":true}") }
        // The protocol answers "not ready" with a 4xx status.
        probes.get("/v2/health/ready") { _, _ in
            slot.model == nil ? JSONResponse.make(status: .badRequest, body: "{\"ready\":false}") : JSONResponse.make(body: "{\"ready\":true}")
        }
        open.get("/v2/models/:name/ready") { _, context in
            let name = try modelName(context)
            return slot.model == nil ? JSONResponse.make(status: .badRequest, body: "{\"name\":\(JSONText.quote(name)),\"ready\":false}")
                : JSONResponse.make(body: "{\"name\":\(JSONText.quote(name)),\"ready\":true}")
        }
        open.get("/v2/models/:name") { _, context in
            _ = try modelName(context)
            return JSONResponse.make(body: try Self.metadata(servingModel()))
        }
        open.post("/v2/models/:name/infer") { request, context in try await infer(request, name: try modelName(context)) }
    }

    /// The model named in the path; any other is a 404.
    private func modelName(_ context: BasicRequestContext) throws -> String {
        let name = context.parameters.get("name") ?? ""
        guard name == configuration.model else {
            throw APIError(status: .notFound, message: "unknown model '\(Message.short(name, limit: 60))'; this server serves '\(configuration.model)'")
        }
        return name
    }

    /// The model's inputs, one per feature column (FP64 for numbers, BYTES for categories), and
    /// its outputs: the prediction (FP64) and the prediction id (BYTES) feedback refers to.
    static func metadata(_ model: ServingModel) -> String {
        let tensors = model.inputKinds.map { "{\"name\":\(JSONText.quote($0.name)),\"datatype\":\"\($0.kind == .numeric ? "FP64" : "BYTES")\",\"shape\":[-1,1]}" }
        let outputs = ["{\"name\":\(JSONText.quote(model.artifact.predictionColumn)),\"datatype\":\"FP64\",\"shape\":[-1,1]}",
                       "{\"name\":\"prediction_id\",\"datatype\":\"BYTES\",\"shape\":[-1,1]}"]
        return "{\"name\":\(JSONText.quote(model.name)),\"versions\":[\"\(model.version)\"],\"platform\":\"driftwatch_\(model.artifact.model.kind.rawValue)\","
            + "\"inputs\":[\(tensors.joined(separator: ","))],\"outputs\":[\(outputs.joined(separator: ","))]}"
    }

    func infer(_ request: Request, name: String) async throws -> Response {
        try RequestContent.requireType(request, ["application/json", "application/octet-stream"])
        let body = try await RequestContent.collect(request, limit: configuration.bodyLimit)
        let champion = try servingModel()
        let headerLength = request.headers[Self.inferenceHeaderLength]
        let parsed = try InferenceRequest.parse(body, headerLength: headerLength, columns: champion.inputKinds)
        // Refused before anything is scored or logged.
        let known = [champion.artifact.predictionColumn, "prediction_id"]
        if let unknown = parsed.outputs?.first(where: { !known.contains($0.name) }) {
            throw APIError.badRequest("unknown output '\(Message.short(unknown.name, limit: 60))' (outputs: \(known.joined(separator: ", ")))")
        }
        let assignment = assign(request, records: parsed.records, champion: champion)
        let results = try await score(parsed.records, assignment)
        let model = assignment.model
        let predictionName = model.artifact.predictionColumn
        let requested = parsed.outputs ?? [(predictionName, parsed.binaryByDefault), ("prediction_id", parsed.binaryByDefault)]
        var outputs: [String] = [], binary: [UInt8] = []
        for (output, asBinary) in requested {
            let rows = results.count
            let head = "{\"name\":\(JSONText.quote(output)),\"shape\":[\(rows),1],"
            switch output {
            case "prediction_id":
                if asBinary {
                    var bytes: [UInt8] = []
                    for result in results {
                        let text = Array(result.id.utf8)
                        withUnsafeBytes(of: UInt32(text.count).littleEndian) { bytes.append(contentsOf: $0) }
                        bytes += text
                    }
                    outputs.append(head + "\"datatype\":\"BYTES\",\"parameters\":{\"binary_data_size\":\(bytes.count)}}")
                    binary += bytes
                } else {
                    outputs.append(head + "\"datatype\":\"BYTES\",\"data\":[" + results.map { JSONText.quote($0.id) }.joined(separator: ",") + "]}")
                }
            default:  // the prediction (checked against the champion's outputs before scoring)
                if asBinary {
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(8 * rows)
                    for result in results { withUnsafeBytes(of: result.value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
                    outputs.append(head + "\"datatype\":\"FP64\",\"parameters\":{\"binary_data_size\":\(bytes.count)}}")
                    binary += bytes
                } else {
                    outputs.append(head + "\"datatype\":\"FP64\",\"data\":[" + results.map { JSONText.number($0.value) }.joined(separator: ",") + "]}")
                }
            }
        }
        let id = parsed.id ?? results.first?.id ?? ""
        let header = "{\"model_name\":\(JSONText.quote(name)),\"model_version\":\"\(model.version)\",\"id\":\(JSONText.quote(id)),"
            + "\"parameters\":{\"variant\":\"\(assignment.variant)\"},\"outputs\":[\(outputs.joined(separator: ","))]}"
        var response: Response
        if binary.isEmpty {
            response = JSONResponse.make(body: header)
        } else {
            let json = Array(header.utf8)
            response = Response(status: .ok, headers: [.contentType: "application/octet-stream", Self.inferenceHeaderLength: String(json.count)],
                                body: .init(byteBuffer: ByteBuffer(bytes: json + binary)))
        }
        response.headers[Self.versionHeader] = String(model.version)
        return response
    }

    /// The binary tensor extension's header: the length of the JSON part of the body.
    static let inferenceHeaderLength = HTTPFields.Element.Name("Inference-Header-Content-Length")!
}
