import DriftwatchData
import Foundation

/// Which algorithm a model uses.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    case ridge
    case logistic
    case gradientBoostedTrees = "gradient_boosted_trees"
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
}

/// A trained model: its feature encoding and fitted parameters, able to predict from raw columns.
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
        }
    }

    /// Predictions for rows already encoded by ``encoder``.
    public func predict(encoded matrix: DenseMatrix) -> [Double] {
        (0..<matrix.rows).map { predict(row: matrix.row($0)) }
    }

    @inline(__always)
    public func predict(row: ArraySlice<Double>) -> Double {
        let raw: Double
        switch fitted {
        case .linear(let linear): raw = linear.score(row)
        case .trees(let trees): raw = trees.rawScore(row)
        }
        return task == .binaryClassification ? logistic(raw) : raw
    }
}
