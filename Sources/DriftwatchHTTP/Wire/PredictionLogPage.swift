import DriftwatchLearning
import Foundation

/// A page of the prediction log, as `GET /v1/predictions` carries it: the predictor writes it
/// and the agent's pull source reads it, so the format is defined here once.
///
/// `next_after` is the cursor to ask with next (the last `seq` of the page, or the cursor asked
/// with when the page is empty). `actual` and `shadow` are written as `null` when absent.
public struct PredictionLogPage: Codable, Sendable, Equatable {
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
    public struct Entry: Codable, Sendable, Equatable {
        public var seq: Int64
        public var id: String
        /// Seconds since 1970 when it was served.
        public var timestamp: Double
        /// The predictor replica (or `batch`) that logged it.
        public var instance: String
        public var modelVersion: Int
        public var features: [String: FeatureInput]
        public var prediction: Double
        /// Ground truth, once feedback arrived.
        public var actual: FeatureInput?
        /// The shadow challenger's answer to the same record, when one scored it.
        public var shadow: Shadow?

        public init(seq: Int64, id: String, timestamp: Double, instance: String, modelVersion: Int, features: [String: FeatureInput],
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

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(seq, forKey: .seq)
            try container.encode(id, forKey: .id)
            try container.encode(timestamp, forKey: .timestamp)
            try container.encode(instance, forKey: .instance)
            try container.encode(modelVersion, forKey: .modelVersion)
            try container.encode(features, forKey: .features)
            try container.encode(prediction, forKey: .prediction)
            // Absent values as null, so every entry has every key.
            try container.encode(actual, forKey: .actual)
            try container.encode(shadow, forKey: .shadow)
        }
    }

    public struct Shadow: Codable, Sendable, Equatable {
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

    /// The page as JSON, keys in a fixed order.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> PredictionLogPage {
        try JSONDecoder().decode(PredictionLogPage.self, from: data)
    }
}
