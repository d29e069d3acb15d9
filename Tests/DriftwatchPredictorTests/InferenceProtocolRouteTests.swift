import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import DriftwatchPredictor

/// The Open Inference Protocol (v2) routes: health and metadata as the protocol describes them,
/// inference in JSON and in the binary tensor form answering what `/predict` answers, logged like
/// it, and every malformed tensor refused with a 400 naming it.
@Suite struct InferenceProtocolRouteTests {
    static let predictBody = #"[{"distance": 2, "zone": "a"}, {"distance": 3.5, "zone": "mars"}, {"distance": null, "zone": "b"}]"#
    static let inferBody = """
        {"id": "r1", "inputs": [{"name": "distance", "shape": [3, 1], "datatype": "FP64", "data": [[2], [3.5], [null]]},
                                {"name": "zone", "shape": [3], "datatype": "BYTES", "data": ["a", "mars", "b"]}]}
        """

    /// `/predict`'s answers for the same three rides.
    func predicted(_ client: some TestClientProtocol) async throws -> [Double] {
        try await client.execute(uri: "/predict", method: .post, headers: jsonHeaders, body: ByteBuffer(string: Self.predictBody)) { response in
            try #require(try json(response.body) as? [[String: Any]]).map { $0["prediction"] as! Double }
        }
    }

    @Test func healthAndMetadataFollowTheProtocol() async throws {
        let app = Application(router: try await PredictorFixture().servingPredictor().buildRouter())
        try await app.test(.router) { client in
            for (uri, key) in [("/v2/health/live", "live"), ("/v2/health/ready", "ready"), ("/v2/models/rides/ready", "ready")] {
                try await client.execute(uri: uri, method: .get) { response in
                    let object = try json(response.body) as? [String: Any]
                    #expect(response.status == .ok && object?[key] as? Bool == true, "\(uri)")
                }
            }
            try await client.execute(uri: "/v2", method: .get) { response in
                let server = try #require(try json(response.body) as? [String: Any])
                #expect(server["name"] as? String == "driftwatch" && (server["extensions"] as? [String])?.contains("binary_tensor_data") == true)
            }
            try await client.execute(uri: "/v2/models/rides", method: .get) { response in
                let model = try #require(try json(response.body) as? [String: Any])
                #expect(model["name"] as? String == "rides" && model["versions"] as? [String] == ["1"])
                let inputs = try #require(model["inputs"] as? [[String: Any]])
                #expect(inputs.map { $0["name"] as! String } == ["distance", "zone"] && inputs.map { $0["datatype"] as! String } == ["FP64", "BYTES"])
                #expect((model["outputs"] as? [[String: Any]])?.map { $0["name"] as! String } == ["prediction", "prediction_id"])
            }
            try await client.execute(uri: "/v2/models/other", method: .get) { response in
                #expect(response.status == .notFound && String(buffer: response.body).contains("this server serves 'rides'"))
            }
        }
    }

    @Test func jsonAndBinaryInferenceAnswerAsPredictAndAreLogged() async throws {
        let predictor = try await PredictorFixture().servingPredictor()
        let app = Application(router: predictor.buildRouter())
        try await app.test(.router) { client in
            let expected = try await predicted(client)
            try await client.execute(uri: "/v2/models/rides/infer", method: .post, headers: jsonHeaders, body: ByteBuffer(string: Self.inferBody)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let answer = try #require(try json(response.body) as? [String: Any])
                #expect(answer["model_name"] as? String == "rides" && answer["model_version"] as? String == "1" && answer["id"] as? String == "r1")
                let outputs = try #require(answer["outputs"] as? [[String: Any]])
                #expect(outputs[0]["name"] as? String == "prediction" && outputs[0]["shape"] as? [Int] == [3, 1])
                #expect(outputs[0]["data"] as? [Double] == expected)
                #expect((outputs[1]["data"] as? [String])?.count == 3)
            }
            // The binary form: FP64 little-endian, BYTES length-prefixed, after a JSON header; the prediction asked for in binary.
            var binary: [UInt8] = []
            for value in [2.0, 3.5, Double.nan] { withUnsafeBytes(of: value.bitPattern.littleEndian) { binary += $0 } }
            let distanceSize = binary.count
            for text in ["a", "mars", "b"] { withUnsafeBytes(of: UInt32(text.utf8.count).littleEndian) { binary += $0 }; binary += Array(text.utf8) }
            let header = """
                {"inputs": [{"name": "distance", "shape": [3, 1], "datatype": "FP64", "parameters": {"binary_data_size": \(distanceSize)}},
                            {"name": "zone", "shape": [3, 1], "datatype": "BYTES", "parameters": {"binary_data_size": \(binary.count - distanceSize)}}],
                 "outputs": [{"name": "prediction", "parameters": {"binary_data": true}}]}
                """
            let headers: HTTPFields = [.contentType: "application/octet-stream", Predictor.inferenceHeaderLength: String(header.utf8.count)]
            try await client.execute(uri: "/v2/models/rides/infer", method: .post, headers: headers, body: ByteBuffer(bytes: Array(header.utf8) + binary)) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let length = try #require(response.headers[Predictor.inferenceHeaderLength].flatMap(Int.init))
                let bytes = Array(response.body.readableBytesView)
                let answer = try #require(try JSONSerialization.jsonObject(with: Data(bytes[0..<length])) as? [String: Any])
                let output = try #require((answer["outputs"] as? [[String: Any]])?.first)
                #expect(((output["parameters"] as? [String: Any])?["binary_data_size"] as? Int) == 24 && bytes.count == length + 24)
                let values = (0..<3).map { index in
                    Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[length + index * 8 + $1]) << (8 * $1) })
                }
                // Exact doubles; the JSON answers above went through decimal text and back.
                #expect(zip(values, expected).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) }, "\(values) vs \(expected)")
            }
        }
        await predictor.log.flush()
        #expect(try await predictor.log.page(after: 0, limit: 100, instance: nil).count == 9)
        #expect(predictor.metrics.render().contains("route=\"/v2/models/{name}/infer\""))
    }

    @Test(arguments: [
        (#"{"inputs": []}"#, "inputs must be a non-empty list of tensors"),
        (#"{"inputs": [{"name": "zone", "shape": [1], "datatype": "BYTES", "data": ["a"]}]}"#, "missing input 'distance'"),
        (#"{"inputs": [{"name": "speed", "shape": [1], "datatype": "FP64", "data": [1]}]}"#, "unknown input 'speed' (the model's inputs: distance, zone)"),
        (#"{"inputs": [{"name": "distance", "shape": [2], "datatype": "FP64", "data": [1]}, {"name": "zone", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}"#, "input 'distance' has 1 values for shape [2]"),
        (#"{"inputs": [{"name": "distance", "shape": [1], "datatype": "FP64", "data": [1]}, {"name": "zone", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}"#, "input 'zone' has 2 rows, the other inputs 1"),
        (#"{"inputs": [{"name": "distance", "shape": [1, 2], "datatype": "FP64", "data": [1, 2]}]}"#, "input 'distance': shape [1, 2] holds 2 values a row"),
        (#"{"inputs": [{"name": "distance", "shape": [1], "datatype": "BYTES", "data": ["1"]}]}"#, "input 'distance' is a number: send it as FP64"),
        (#"{"inputs": [{"name": "distance", "shape": [1], "datatype": "FP128", "data": [1]}]}"#, "datatype 'FP128' is not one of the protocol's"),
        (#"{"inputs": [{"name": "distance", "shape": [1], "datatype": "FP64", "data": ["far"]}]}"#, "input 'distance'[0]: FP64 data are numbers"),
        (#"{"inputs": [{"name": "distance", "shape": [1], "datatype": "FP64", "parameters": {"binary_data_size": 8}}]}"#, "binary_data_size is not a size within the 0 bytes left of the body"),
        (#"{"inputs": [{"name": "distance", "shape": [1], "datatype": "FP64", "data": [1]}, {"name": "zone", "shape": [1], "datatype": "BYTES", "data": ["a"]}], "outputs": [{"name": "p"}]}"#, "unknown output 'p'"),
        ("[1, 2]", "the inference request is not a JSON object"),
    ])
    func malformedTensorsAreRefusedNamingThem(body: String, message: String) async throws {
        let predictor = try await PredictorFixture().servingPredictor()
        let app = Application(router: predictor.buildRouter())
        try await app.test(.router) { client in
            try await client.execute(uri: "/v2/models/rides/infer", method: .post, headers: jsonHeaders, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                let error = (try json(response.body) as? [String: Any])?["error"] as? String
                #expect(error?.contains(message) == true, "\(String(buffer: response.body))")
            }
        }
        await predictor.log.flush()
        #expect(try await predictor.log.page(after: 0, limit: 100, instance: nil).isEmpty)
    }
}
