import DriftwatchData
import Foundation

/// A tree ensemble trained by XGBoost, read from its JSON model format (`Booster.save_model` to a
/// `.json` file) and scored as XGBoost scores it. The format and the prediction rules are ported
/// from XGBoost's documentation of its model (https://xgboost.readthedocs.io/en/stable/tutorials/saving_model.html
/// and the JSON schema it links, `doc/model.schema`):
/// - `learner.gradient_booster` is `gbtree`, or `dart` whose `weight_drop` scales each tree;
/// - each tree holds its nodes as parallel arrays; a node whose `left_children` entry is −1 is a
///   leaf, and its `split_conditions` entry is the leaf's value;
/// - a numeric split sends a row left when its value, in float32, is below the split condition
///   (`x < split_condition`), and a missing value the way `default_left` says;
/// - the margin is the base score's margin plus the sum of the trees' leaves, and the prediction
///   the objective's transform of it (``XGBoostObjective``).
/// Everything is checked at load — array lengths, child and feature indices, the objective, the
/// booster — so a hostile file is refused with the field named, never a trap.
public struct XGBoostBooster: Sendable, Equatable {
    /// One regression tree, as parallel arrays indexed by node.
    public struct Tree: Sendable, Equatable {
        var left: [Int32], right: [Int32]
        var feature: [Int32]
        /// Split conditions of inner nodes, leaf values of leaves.
        var condition: [Float]
        var defaultLeft: [Bool]

        /// The leaf value for a row (`nil` entries are missing values).
        func leaf(_ row: UnsafeBufferPointer<Float>) -> Float {
            var node = 0
            while left[node] >= 0 {
                let value = row[Int(feature[node])]
                let goesLeft = value.isNaN ? defaultLeft[node] : value < condition[node]
                node = Int(goesLeft ? left[node] : right[node])
            }
            return condition[node]
        }
    }

    public var objective: XGBoostObjective
    /// The base score as stored (a prediction), and the margin it stands for.
    public var baseScore: Double
    public var trees: [Tree]
    /// Each tree's weight: 1 for `gbtree`, `weight_drop` for `dart`.
    public var treeWeights: [Float]
    /// The model's feature names, when it was trained with them, in input order.
    public var featureNames: [String]?
    public var featureCount: Int
    public var booster: String

    /// The margin before the objective's transform, for a row of `featureCount` values (NaN: missing).
    public func margin(_ row: [Float]) -> Double {
        precondition(row.count == featureCount, "a row of \(row.count) values for \(featureCount) features")
        return row.withUnsafeBufferPointer(margin)
    }

    /// The base score's margin plus every tree's weighted leaf for one row.
    private func margin(_ values: UnsafeBufferPointer<Float>) -> Double {
        var sum = objective.margin(ofBaseScore: baseScore)
        for (tree, weight) in zip(trees, treeWeights) { sum += Double(tree.leaf(values) * weight) }
        return sum
    }

    /// The prediction for a row of `featureCount` values (NaN: missing), as `Booster.predict` gives it.
    public func predict(_ row: [Float]) -> Double {
        objective.prediction(ofMargin: margin(row))
    }

    /// The predictions for rows of `featureCount` values laid one after another.
    public func predict(rows: [Float]) -> [Double] {
        precondition(featureCount > 0 ? rows.count % featureCount == 0 : rows.isEmpty, "\(rows.count) values are not whole rows of \(featureCount)")
        let count = featureCount == 0 ? 0 : rows.count / featureCount
        return rows.withUnsafeBufferPointer { values in
            (0..<count).map { row in
                objective.prediction(ofMargin: margin(UnsafeBufferPointer(rebasing: values[row * featureCount..<(row + 1) * featureCount])))
            }
        }
    }
}
