import DriftwatchTestSupport
import Foundation
import Testing

extension PythonToolTests {
    /// A KServe or Triton user's client against `driftwatch serve`: NVIDIA's `tritonclient[http]`
    /// (PyPI) checks health, reads the model's metadata and infers in the binary tensor form and in
    /// JSON (Tests/DriftwatchCLITests/Fixtures/inference_protocol_client.py); both answer what
    /// `/predict` answers for the same rides, and the predictions are in the log the agent reads.
    @Suite struct InferenceProtocolClientTests {
        @Test func tritonClientGetsWhatPredictAnswers() async throws {
            let scratch = try CommandRunner.Scratch()
            let registry = try await CommandRunner.registryWithChampion(in: scratch)
            let port = try freeLoopbackPort()
            let server = try Loopback.launch(try CommandRunner.binary.path, ["serve", "--registry", registry, "--model", "ride-duration", "--listen", "127.0.0.1:\(port)"])
            defer { if server.isRunning { server.terminate() } }
            try await Loopback.waitFor("the server", seconds: 60) { (try await Loopback.request("http://127.0.0.1:\(port)/ready")).status == 200 }
            // 25 rides of the current month, with the model's inputs (one with a missing distance).
            let lines = try String(contentsOfFile: CommandRunner.repositoryRoot.appendingPathComponent("examples/rides/current.csv").path, encoding: .utf8)
                .split(whereSeparator: \.isNewline)
            let header = lines[0].split(separator: ",").map(String.init)
            var records: [[String: Any]] = []
            for (index, line) in lines.dropFirst().prefix(25).enumerated() {
                var record: [String: Any] = [:]
                for (name, field) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) {
                    switch name {
                    case "trip_distance", "pickup_hour": record[name] = index == 3 && name == "trip_distance" ? NSNull() : Double(field)! as Any
                    case "weekday", "PU_location", "DO_location": record[name] = field
                    default: break
                    }
                }
                records.append(record)
            }
            let path = scratch.url.appendingPathComponent("records.json")
            try JSONSerialization.data(withJSONObject: records).write(to: path)
            let client = try await CommandRunner.run(executable: URL(fileURLWithPath: "/usr/bin/env"),
                                                     ["python3", "Tests/DriftwatchCLITests/Fixtures/inference_protocol_client.py", "127.0.0.1:\(port)", "ride-duration", path.path])
            #expect(client.status == 0, "\(client.stderr)")
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(client.stdout.utf8)) as? [String: Any], "\(client.stdout)")
            let metadata = try #require(answer["metadata"] as? [String: Any])
            #expect((metadata["inputs"] as? [[String: Any]])?.count == 5 && metadata["versions"] as? [String] == ["1"])
            let binary = try #require(answer["binary"] as? [String: Any]), json = try #require(answer["json"] as? [String: Any])
            let predict = try await Loopback.request("http://127.0.0.1:\(port)/predict", body: try JSONSerialization.data(withJSONObject: records))
            let expected = try #require(try JSONSerialization.jsonObject(with: predict.data) as? [[String: Any]]).map { $0["prediction"] as! Double }
            for (name, got) in [("binary", binary["predictions"] as? [Double]), ("json", json["predictions"] as? [Double])] {
                let values = try #require(got, "\(name)")
                #expect(values.count == 25 && zip(values, expected).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) }, "\(name): \(values) vs /predict \(expected)")
            }
            // The ids tritonclient got are the log's: the agent and feedback find these rows.
            let ids = try #require(binary["ids"] as? [String])
            var logged: [[String: Any]] = []
            // Two infers and /predict, 25 rides each, once the log's writer has flushed.
            try await Loopback.waitFor("75 logged predictions", seconds: 30) {
                let page = try await Loopback.request("http://127.0.0.1:\(port)/v1/predictions?after=0&limit=100")
                logged = ((try JSONSerialization.jsonObject(with: page.data) as? [String: Any])?["predictions"] as? [[String: Any]]) ?? []
                return logged.count == 75
            }
            #expect(ids.count == 25 && Set(ids).isSubset(of: Set(logged.compactMap { $0["id"] as? String })))
        }
    }
}
