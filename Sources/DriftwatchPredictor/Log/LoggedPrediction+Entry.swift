import DriftwatchHTTP
import DriftwatchLearning

extension LoggedPrediction {
    /// The row as an entry of a `/v1/predictions` page; the features go as the log keeps them.
    func entry() throws -> PredictionLogPage.Entry {
        PredictionLogPage.Entry(seq: seq, id: id, timestamp: timestamp, instance: instance, modelVersion: modelVersion,
                                features: FeatureObject(json: features), prediction: prediction,
                                actual: try actual.map { try FeatureObject(json: "{\"actual\":" + $0 + "}").values()["actual"] ?? .missing },
                                shadow: shadowVersion.flatMap { version in shadowPrediction.map { PredictionLogPage.Shadow(modelVersion: version, prediction: $0) } })
    }
}
