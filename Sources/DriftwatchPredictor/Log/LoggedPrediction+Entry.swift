import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning

extension LoggedPrediction {
    /// The row as an entry of a `/v1/predictions` page: the stored JSON texts read back as values.
    func entry() throws -> PredictionLogPage.Entry {
        PredictionLogPage.Entry(seq: seq, id: id, timestamp: timestamp, instance: instance, modelVersion: modelVersion,
                                features: try Self.values(features, row: seq), prediction: prediction,
                                actual: try actual.map { try Self.values("{\"actual\":" + $0 + "}", row: seq)["actual"] ?? .missing },
                                shadow: shadowVersion.flatMap { version in shadowPrediction.map { PredictionLogPage.Shadow(modelVersion: version, prediction: $0) } })
    }

    /// A flat JSON object of the log as feature values.
    private static func values(_ json: String, row: Int64) throws -> [String: FeatureInput] {
        var text = json
        let object = try text.withUTF8 { try FlatJSONObject.parse($0) }
        var values: [String: FeatureInput] = [:]
        for (key, value) in object.members {
            guard let input = FeatureInput(value) else { throw LogCorruption(row: row, detail: "the value of '\(key)' is not a finite number") }
            values[key] = input
        }
        return values
    }

    /// A stored row that cannot be read back (written by something other than the predictor).
    struct LogCorruption: Error, CustomStringConvertible {
        var row: Int64
        var detail: String
        var description: String { "prediction log row \(row): \(detail)" }
    }
}
