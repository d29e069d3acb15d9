import DriftwatchData
import Foundation

/// An XGBoost booster trained outside Driftwatch, with how records become its rows. The artifact
/// keeps the model file exactly as XGBoost wrote it and reads it again at every load, through the
/// same checks as an import, so nothing unchecked ever scores a request.
public struct XGBoostModel: Sendable, Equatable {
    /// The model file as written by `Booster.save_model` (JSON or UBJSON).
    public let file: Data
    public let booster: XGBoostBooster
    public let inputs: XGBoostInputs

    /// Reads a model file. Its feature names decide the inputs; a booster saved without them takes
    /// `featureNames` (the schema's feature columns, in order), which must then be as many as its features.
    public init(file: Data, source: String, featureNames fallback: [String]? = nil, oneHotAbsent: XGBoostInputs.OneHotAbsent = .missing) throws {
        let booster = try XGBoostBooster(data: file, source: source)
        guard booster.featureCount > 0 else { throw DataError(file: source, "learner.learner_model_param.num_feature is 0: the booster reads no features") }
        let names: [String]
        if let stored = booster.featureNames {
            names = stored
        } else if let fallback {
            guard fallback.count == booster.featureCount else {
                throw DataError(file: source, "learner.feature_names is empty, and the schema's \(fallback.count) feature column(s) do not match the booster's \(booster.featureCount) features")
            }
            names = fallback
        } else {
            throw DataError(file: source, "learner.feature_names is empty: give a schema whose feature columns name the booster's \(booster.featureCount) features in order")
        }
        let inputs = XGBoostInputs(featureNames: names, oneHotAbsent: oneHotAbsent)
        if let both = inputs.numericColumns.first(where: inputs.categoricalColumns.contains) {
            throw DataError(file: source, "learner.feature_names uses '\(Message.short(both, limit: 60))' both as a number and as the column of one-hots ('\(Message.short(both, limit: 60))=…')")
        }
        if let empty = names.first(where: { $0.isEmpty || $0.hasPrefix("=") }) {
            throw DataError(file: source, "learner.feature_names holds '\(empty)', which names no column")
        }
        self.file = file
        self.booster = booster
        self.inputs = inputs
    }

    /// What the booster predicts: the probability of class 1 for `binary:logistic`, a number otherwise
    /// (`binary:logitraw` gives a raw score, `reg:logistic` a number in [0, 1]).
    public var task: LearningTask { booster.objective == .binaryLogistic ? .binaryClassification : .regression }

    /// The input columns with their kinds and categories, in the form every model describes them:
    /// numbers pass as they are (mean 0, scale 1); each categorical column lists its one-hots' values.
    public var encoder: FeatureEncoder {
        let categories = inputs.categories
        return FeatureEncoder(
            numeric: inputs.numericColumns.map { .init(name: $0, mean: 0, scale: 1) },
            categorical: inputs.categoricalColumns.map { .init(name: $0, sources: [$0], vocabulary: categories[$0] ?? []) })
    }

    /// The prediction for one record and the categorical columns whose value the booster never saw.
    public func predict(_ record: [String: FeatureInput]) throws -> (value: Double, unseen: [String]) {
        let (row, unseen) = try inputs.row(record)
        return (booster.predict(row), unseen)
    }

    /// The predictions for every row of a batch.
    public func predict(_ batch: ColumnarBatch) throws -> [Double] {
        booster.predict(rows: try inputs.rows(batch))
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.file == rhs.file && lhs.inputs == rhs.inputs
    }
}

extension XGBoostModel: Codable {
    enum CodingKeys: String, CodingKey {
        /// The model file, base64.
        case file
        case featureNames = "feature_names"
        case oneHotAbsent = "one_hot_absent"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let file = try container.decode(Data.self, forKey: .file)
        let names = try container.decode([String].self, forKey: .featureNames)
        // The reader's own error (file named by its field in the artifact), not a DecodingError
        // whose description would be reduced to the field.
        try self.init(file: file, source: "model.fitted.xgboost.file", featureNames: names,
                      oneHotAbsent: try container.decode(XGBoostInputs.OneHotAbsent.self, forKey: .oneHotAbsent))
        guard inputs.featureNames == names else {
            throw DecodingError.dataCorruptedError(forKey: .featureNames, in: container, debugDescription: "the feature names differ from the model file's")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(inputs.featureNames, forKey: .featureNames)
        try container.encode(inputs.oneHotAbsent, forKey: .oneHotAbsent)
    }
}
