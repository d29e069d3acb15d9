import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning

extension LoggedPrediction {
    /// The row as an entry of a `/v1/predictions` page; the features go as the log keeps them.
    func entry() throws -> PredictionLogPage.Entry {
        PredictionLogPage.Entry(seq: seq, id: id, timestamp: timestamp, instance: instance, modelVersion: modelVersion,
                                features: FeatureObject(json: features), prediction: prediction, actual: try actualValue(),
                                shadow: shadowVersion.flatMap { version in shadowPrediction.map { PredictionLogPage.Shadow(modelVersion: version, prediction: $0) } })
    }

    /// The stored ground truth (JSON text) as a value; an error names the row.
    private func actualValue() throws -> FeatureInput? {
        do {
            return try actual.map { try FeatureObject(json: "{\"actual\":" + $0 + "}").values()["actual"] ?? .missing }
        } catch let error as FlatJSONObject.ParseError {
            throw LogCorruption(row: seq, detail: error.message)
        }
    }

    /// A stored row that cannot be read back (written by something other than the predictor).
    struct LogCorruption: Error, CustomStringConvertible {
        var row: Int64
        var detail: String
        var description: String { "prediction log row \(row): \(detail)" }
    }
}
