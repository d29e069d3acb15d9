import DriftwatchData
import Foundation

extension XGBoostBooster {
    /// Most trees and nodes a model may hold, far beyond any real booster: a file claiming more is refused.
    static let maximumTrees = 100_000, maximumNodes = 10_000_000

    /// Reads XGBoost's model in its JSON or its UBJSON form (`Booster.save_model` to `.json` or
    /// `.ubj`, MLflow's `model.xgb`); `source` names the file in errors.
    public init(data: Data, source: String) throws {
        let reader = ModelReader(source: source)
        let decoded: Any
        if let json = try? JSONSerialization.jsonObject(with: data) {
            decoded = json
        } else {
            do {
                decoded = try UniversalBinaryJSON.decode(data)
            } catch {
                throw reader.error("", "is not an XGBoost model in JSON or UBJSON form (Booster.save_model): \(error)")
            }
        }
        guard let root = decoded as? [String: Any] else {
            throw reader.error("", "is not an XGBoost model (Booster.save_model): its top level is not an object")
        }
        let learner = try reader.object(root, "learner", at: "")
        let parameters = try reader.object(learner, "learner_model_param", at: "learner")
        let objectiveName = try reader.string(try reader.object(learner, "objective", at: "learner"), "name", at: "learner.objective")
        guard let objective = XGBoostObjective(rawValue: objectiveName) else {
            throw reader.error("learner.objective.name", "objective '\(objectiveName)' is not supported (supported: \(XGBoostObjective.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        for (key, allowed) in [("num_class", ["0", "1"]), ("num_target", ["1"])] {
            if let value = parameters[key] as? String, !allowed.contains(value) {
                throw reader.error("learner.learner_model_param.\(key)", "is \(value): multi-class and multi-output boosters are not supported")
            }
        }
        let features = try reader.count(parameters, "num_feature", at: "learner.learner_model_param", maximum: 1_000_000)
        let baseScore = try reader.baseScore(parameters["base_score"], at: "learner.learner_model_param.base_score")
        guard objective.accepts(baseScore: baseScore) else {
            throw reader.error("learner.learner_model_param.base_score", "\(baseScore) is outside what \(objective.rawValue) can take")
        }
        var booster = try reader.object(learner, "gradient_booster", at: "learner")
        let kind = try reader.string(booster, "name", at: "learner.gradient_booster")
        var weights: [Float]?
        var path = "learner.gradient_booster"
        switch kind {
        case "gbtree": break
        case "dart":
            weights = try reader.numbers(booster, "weight_drop", at: path).map(Float.init)
            booster = try reader.object(booster, "gbtree", at: path)
            path += ".gbtree"
        default:
            throw reader.error("learner.gradient_booster.name", "booster '\(kind)' is not supported (gbtree and dart are)")
        }
        let model = try reader.object(booster, "model", at: path)
        path += ".model"
        guard let treeObjects = model["trees"] as? [[String: Any]] else { throw reader.error(path + ".trees", "is not a list of trees") }
        guard treeObjects.count <= Self.maximumTrees else { throw reader.error(path + ".trees", "holds \(treeObjects.count) trees, more than \(Self.maximumTrees)") }
        let trees = try treeObjects.enumerated().map { index, tree in try reader.tree(tree, at: "\(path).trees[\(index)]", features: features) }
        guard trees.reduce(0, { $0 + $1.left.count }) <= Self.maximumNodes else { throw reader.error(path + ".trees", "hold more than \(Self.maximumNodes) nodes") }
        if let weights, weights.count != trees.count {
            throw reader.error("learner.gradient_booster.weight_drop", "has \(weights.count) weights for \(trees.count) trees")
        }
        guard weights?.allSatisfy(\.isFinite) ?? true else { throw reader.error("learner.gradient_booster.weight_drop", "holds a weight that is not a finite number") }
        var names = learner["feature_names"] as? [String]
        if names?.isEmpty == true { names = nil }
        if let names, names.count != features {
            throw reader.error("learner.feature_names", "names \(names.count) features, learner_model_param.num_feature says \(features)")
        }
        self.init(objective: objective, baseScore: baseScore, trees: trees, treeWeights: weights ?? Array(repeating: 1, count: trees.count),
                  featureNames: names, featureCount: features, booster: kind)
    }
}

/// Reads the fields of an XGBoost model with errors that name the file and the field.
private struct ModelReader {
    let source: String

    func error(_ field: String, _ message: String) -> DataError {
        DataError(file: source, field.isEmpty ? message : "\(field) \(message)")
    }

    func object(_ parent: [String: Any], _ key: String, at path: String) throws -> [String: Any] {
        guard let value = parent[key] as? [String: Any] else { throw error(join(path, key), "is missing or not an object") }
        return value
    }

    func string(_ parent: [String: Any], _ key: String, at path: String) throws -> String {
        guard let value = parent[key] as? String else { throw error(join(path, key), "is missing or not a string") }
        return value
    }

    /// A whole count written as a string (XGBoost writes parameters as strings) or a number.
    func count(_ parent: [String: Any], _ key: String, at path: String, maximum: Int) throws -> Int {
        let value = (parent[key] as? String).flatMap(Int.init) ?? (parent[key] as? NSNumber).flatMap { Int(exactly: $0.doubleValue) }
        guard let value, value >= 0, value <= maximum else { throw error(join(path, key), "is not a whole number from 0 to \(maximum)") }
        return value
    }

    func numbers(_ parent: [String: Any], _ key: String, at path: String) throws -> [Double] {
        guard let values = parent[key] as? [Any] else { throw error(join(path, key), "is missing or not a list") }
        return try values.map { item in
            guard let number = item as? NSNumber else { throw error(join(path, key), "holds an entry that is not a number") }
            return number.doubleValue
        }
    }

    /// The base score in every form XGBoost has written it: "5E-1", "[5E-1]" (3.x, a vector of
    /// one), or a number.
    func baseScore(_ value: Any?, at path: String) throws -> Double {
        if let number = value as? NSNumber { return number.doubleValue }
        guard var text = (value as? String)?.trimmingCharacters(in: .whitespaces) else { throw error(path, "is missing") }
        if text.hasPrefix("[") && text.hasSuffix("]") {
            text = String(text.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
            guard !text.contains(",") else { throw error(path, "holds several scores: multi-output boosters are not supported") }
        }
        guard let score = Double(text), score.isFinite else { throw error(path, "'\(text)' is not a number") }
        return score
    }

    func tree(_ tree: [String: Any], at path: String, features: Int) throws -> XGBoostBooster.Tree {
        let parameters = try object(tree, "tree_param", at: path)
        let nodes = try count(parameters, "num_nodes", at: path + ".tree_param", maximum: XGBoostBooster.maximumNodes)
        guard nodes >= 1 else { throw error(path + ".tree_param.num_nodes", "is 0: a tree has at least one node") }
        if let leafVector = parameters["size_leaf_vector"] as? String, !["0", "1"].contains(leafVector) {
            throw error(path + ".tree_param.size_leaf_vector", "is \(leafVector): vector leaves (multi-output trees) are not supported")
        }
        func column(_ key: String) throws -> [Double] {
            let values = try numbers(tree, key, at: path)
            guard values.count == nodes else { throw error("\(path).\(key)", "has \(values.count) entries for \(nodes) nodes") }
            return values
        }
        let left = try column("left_children"), right = try column("right_children"), splits = try column("split_indices")
        let conditions = try column("split_conditions"), defaults = try column("default_left")
        if let types = tree["split_type"] as? [Any], types.contains(where: { ($0 as? NSNumber)?.intValue != 0 }) {
            throw error(path + ".split_type", "has categorical splits, which are not supported (train with one-hot features)")
        }
        for node in 0..<nodes {
            let (l, r) = (left[node], right[node])
            if l == -1 {
                guard r == -1 else { throw error("\(path).right_children[\(node)]", "is \(r) for a leaf (left child −1)") }
                guard conditions[node].isFinite else { throw error("\(path).split_conditions[\(node)]", "the leaf value is not a finite number") }
                continue
            }
            // Children come after their parent, so every path ends at a leaf.
            for (name, child) in [("left_children", l), ("right_children", r)] {
                guard child == child.rounded(), child > Double(node), child < Double(nodes) else {
                    throw error("\(path).\(name)[\(node)]", "is \(child): a child index must lie after its node and inside the tree (\(nodes) nodes)")
                }
            }
            guard splits[node] == splits[node].rounded(), splits[node] >= 0, splits[node] < Double(features) else {
                throw error("\(path).split_indices[\(node)]", "is \(splits[node]): the model has \(features) features")
            }
            guard !conditions[node].isNaN else { throw error("\(path).split_conditions[\(node)]", "is not a number") }
        }
        // Leaves' split indices are never read; inner nodes' were checked above.
        let inner = left.map { $0 != -1 }
        return XGBoostBooster.Tree(left: left.map { Int32($0) }, right: right.map { Int32($0) },
                                   feature: zip(splits, inner).map { $1 ? Int32($0) : 0 },
                                   condition: conditions.map { Float($0) }, defaultLeft: defaults.map { $0 != 0 })
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
