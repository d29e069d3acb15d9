import DriftwatchData
import Foundation

/// Which algorithm a model uses.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case ridge
    case logistic
    case gradientBoostedTrees = "gradient_boosted_trees"
    /// A booster trained by XGBoost and imported (`driftwatch models import`).
    case xgboost

    /// The kinds Driftwatch's trainer fits.
    public static let trainable: [ModelKind] = [.ridge, .logistic, .gradientBoostedTrees]
}

/// What a model predicts.
public enum LearningTask: String, Sendable, Codable, CaseIterable {
    /// A number (e.g. ride duration in minutes).
    case regression
    /// The probability of the positive class of a two-class target.
    case binaryClassification = "binary_classification"
}

/// The fitted parameters of a model.
public enum FittedModel: Sendable, Codable, Equatable {
    case linear(LinearModel)
    case trees(BoostedTrees)
    case xgboost(XGBoostModel)
}

/// A trained model: its feature encoding and fitted parameters, able to predict from raw columns.
/// An imported booster reads its own rows (``XGBoostInputs``); its `encoder` only describes its
/// input columns, and records reach it through ``RecordPredictor``.
public struct Model: Sendable, Codable, Equatable {
    public var kind: ModelKind
    public var task: LearningTask
    public var encoder: FeatureEncoder
    public var fitted: FittedModel
    /// For classification: the target value predicted probabilities refer to.
    public var positiveClass: String?

    public init(kind: ModelKind, task: LearningTask, encoder: FeatureEncoder, fitted: FittedModel, positiveClass: String? = nil) {
        self.kind = kind
        self.task = task
        self.encoder = encoder
        self.fitted = fitted
        self.positiveClass = positiveClass
    }

    /// Predictions for every row of a batch: the number for regression, the positive-class
    /// probability for classification.
    public func predict(_ batch: ColumnarBatch) throws -> [Double] {
        switch fitted {
        case .linear(let linear):
            // No encoded matrix: one coefficient per categorical feature and row.
            let scores = try encoder.linearScores(batch, linear)
            return task == .binaryClassification ? scores.map(logistic) : scores
        case .trees:
            return predict(encoded: try encoder.encode(batch))
        case .xgboost(let imported):
            return try imported.predict(batch)
        }
    }

    /// Predictions for rows already encoded by ``encoder`` (a model Driftwatch trained).
    func predict(encoded matrix: DenseMatrix) -> [Double] {
        (0..<matrix.rows).map { predict(row: matrix.row($0)) }
    }

    /// The prediction for a row encoded by ``encoder``; only a model Driftwatch trained has such rows.
    @inline(__always)
    func predict(row: ArraySlice<Double>) -> Double {
        let raw: Double
        switch fitted {
        case .linear(let linear): raw = linear.score(row)
        case .trees(let trees): raw = trees.rawScore(row)
        case .xgboost: preconditionFailure("an imported booster reads its own rows, through RecordPredictor")
        }
        return task == .binaryClassification ? logistic(raw) : raw
    }
}
