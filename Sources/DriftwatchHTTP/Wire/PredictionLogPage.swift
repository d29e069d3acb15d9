import DriftwatchData
import DriftwatchLearning
import Foundation

/// A page of the prediction log, as `GET /v1/predictions` carries it: the predictor writes it
/// and the agent's pull source reads it, so the format is defined here once.
///
/// `next_after` is the cursor to ask with next (the last `seq` of the page, or the cursor asked
/// with when the page is empty). `actual` and `shadow` are written as `null` when absent.
///
/// Reading goes through `Decodable`; writing is by hand (`encoded()`, the keys of `CodingKeys`),
/// with each record's features copied as the log keeps them, not parsed and encoded again: a busy
/// fleet's agent pulls pages of 5,000 rows several times a second. A test holds the two to the
/// same format.
public struct PredictionLogPage: Decodable, Sendable, Equatable {
    public var predictions: [Entry]
    public var nextAfter: Int64

    public init(predictions: [Entry], nextAfter: Int64) {
        self.predictions = predictions
        self.nextAfter = nextAfter
    }

    enum CodingKeys: String, CodingKey {
        case predictions
        case nextAfter = "next_after"
    }

    /// One logged prediction.
    public struct Entry: Decodable, Sendable, Equatable {
        public var seq: Int64
        public var id: String
        /// Seconds since 1970 when it was served.
        public var timestamp: Double
        /// The predictor replica (or `batch`) that logged it.
        public var instance: String
        public var modelVersion: Int
        /// The record as the predictor received it (written out as the log keeps it).
        public var features: FeatureObject
        public var prediction: Double
        /// Ground truth, once feedback arrived.
        public var actual: FeatureInput?
        /// The shadow challenger's answer to the same record, when one scored it.
        public var shadow: Shadow?

        public init(seq: Int64, id: String, timestamp: Double, instance: String, modelVersion: Int, features: FeatureObject,
                    prediction: Double, actual: FeatureInput? = nil, shadow: Shadow? = nil) {
            self.seq = seq
            self.id = id
            self.timestamp = timestamp
            self.instance = instance
            self.modelVersion = modelVersion
            self.features = features
            self.prediction = prediction
            self.actual = actual
            self.shadow = shadow
        }

        enum CodingKeys: String, CodingKey {
            case seq, id, timestamp, instance, features, prediction, actual, shadow
            case modelVersion = "model_version"
        }

        func write(into out: inout String) {
            out += "{\"seq\":\(seq),\"id\":\(JSONText.quote(id)),\"timestamp\":\(JSONText.number(timestamp)),\"instance\":\(JSONText.quote(instance))"
            out += ",\"model_version\":\(modelVersion),\"features\":\(features.json),\"prediction\":\(JSONText.number(prediction))"
            out += ",\"actual\":\(actual?.jsonText ?? "null"),\"shadow\":"
            if let shadow {
                out += "{\"model_version\":\(shadow.modelVersion),\"prediction\":\(JSONText.number(shadow.prediction))}}"
            } else {
                out += "null}"
            }
        }
    }

    public struct Shadow: Decodable, Sendable, Equatable {
        public var modelVersion: Int
        public var prediction: Double

        public init(modelVersion: Int, prediction: Double) {
            self.modelVersion = modelVersion
            self.prediction = prediction
        }

        enum CodingKeys: String, CodingKey {
            case modelVersion = "model_version"
            case prediction
        }
    }

    /// The page as JSON.
    public func encoded() -> [UInt8] {
        var out = "{\"predictions\":["
        out.reserveCapacity(predictions.count * 256)
        for (index, entry) in predictions.enumerated() {
            if index > 0 { out += "," }
            entry.write(into: &out)
        }
        out += "],\"next_after\":\(nextAfter)}"
        return Array(out.utf8)
    }

    public static func decode(_ data: Data) throws -> PredictionLogPage {
        try JSONDecoder().decode(PredictionLogPage.self, from: data)
    }
}
