import DriftwatchData

/// The checks an artifact passes when it is read, so that a file that decodes but does not hold
/// together (a duplicated category, fewer coefficients than encoded features, a tree pointing
/// outside itself) is refused at load with the field named, instead of trapping at the first
/// prediction.
extension ModelArtifact {
    /// The widest encoding, largest ensemble and largest tree an artifact may hold.
    static let maximumWidth = 1_000_000
    static let maximumTrees = 100_000
    static let maximumNodes = 1_000_000

    /// The first problem found, as `field: what is wrong`; nil when the artifact holds together.
    public func problem() -> String? {
        let encoder = model.encoder
        var names = Set<String>()
        for (index, feature) in encoder.numeric.enumerated() {
            let field = "model.encoder.numeric[\(index)]"
            guard names.insert(feature.name).inserted else { return "\(field).name: '\(feature.name)' is encoded twice" }
            guard feature.mean.isFinite else { return "\(field).mean must be finite" }
            guard feature.scale.isFinite, feature.scale > 0 else { return "\(field).scale must be finite and positive" }
        }
        for (index, feature) in encoder.categorical.enumerated() {
            let field = "model.encoder.categorical[\(index)]"
            guard names.insert(feature.name).inserted else { return "\(field).name: '\(feature.name)' is encoded twice" }
            guard !feature.sources.isEmpty else { return "\(field).sources is empty" }
            var seen = Set<String>()
            for category in feature.vocabulary {
                guard category != FeatureEncoder.otherCategory else { return "\(field).vocabulary holds the reserved '\(FeatureEncoder.otherCategory)'" }
                guard seen.insert(category).inserted else { return "\(field).vocabulary: '\(Message.short(category, limit: 60))' is listed twice" }
            }
        }
        let width = encoder.numeric.count + encoder.categorical.reduce(0) { $0 + min($1.vocabulary.count, Self.maximumWidth) + 1 }
        guard width <= Self.maximumWidth else { return "model.encoder: \(width) encoded features, more than \(Self.maximumWidth)" }
        let columns = Set(schema.columns.map(\.name))
        if let missing = encoder.inputColumns.first(where: { !columns.contains($0) }) { return "schema: input column '\(missing)' is not in it" }
        switch model.fitted {
        case .linear(let linear):
            guard linear.coefficients.count == width else {
                return "model.fitted.linear.coefficients: \(linear.coefficients.count) coefficients for \(width) encoded features"
            }
            guard linear.intercept.isFinite, linear.coefficients.allSatisfy(\.isFinite) else { return "model.fitted.linear: coefficients and intercept must be finite" }
        case .trees(let ensemble):
            guard ensemble.baseline.isFinite else { return "model.fitted.trees.baseline must be finite" }
            guard ensemble.trees.count <= Self.maximumTrees else { return "model.fitted.trees: \(ensemble.trees.count) trees, more than \(Self.maximumTrees)" }
            for (index, tree) in ensemble.trees.enumerated() {
                if let problem = tree.problem(width: width) { return "model.fitted.trees.trees[\(index)].\(problem)" }
            }
        case .xgboost(let imported):
            // The booster itself passed the import's checks when it was decoded.
            guard model.kind == .xgboost else { return "model.kind: '\(model.kind.rawValue)' for an imported XGBoost booster" }
            guard model.task == imported.task else { return "model.task: '\(model.task.rawValue)', but the booster's objective \(imported.booster.objective.rawValue) predicts \(imported.task.rawValue)" }
            guard encoder == imported.encoder else { return "model.encoder does not describe the booster's feature names" }
        }
        if model.kind == .xgboost, case .xgboost = model.fitted {} else if model.kind == .xgboost {
            return "model.kind: 'xgboost' without an imported booster in model.fitted"
        }
        return nil
    }
}

extension BoostedTrees.Tree {
    /// Every array as long as the others; every inner node tests a feature inside the encoding
    /// and points forward to nodes of the tree (so evaluation always ends at a leaf); leaves
    /// hold finite values.
    func problem(width: Int) -> String? {
        let count = feature.count
        guard count > 0, count <= ModelArtifact.maximumNodes else { return "feature: \(count) nodes (1 to \(ModelArtifact.maximumNodes))" }
        guard threshold.count == count, left.count == count, right.count == count, value.count == count else {
            return "the node arrays differ in length (feature \(count), threshold \(threshold.count), left \(left.count), right \(right.count), value \(value.count))"
        }
        for node in 0..<count {
            if feature[node] < 0 {
                guard value[node].isFinite else { return "value[\(node)] must be finite" }
                continue
            }
            guard Int(feature[node]) < width else { return "feature[\(node)]: \(feature[node]) is outside the \(width) encoded features" }
            guard !threshold[node].isNaN else { return "threshold[\(node)] is not a number" }
            for (name, child) in [("left", left[node]), ("right", right[node])] {
                guard Int(child) > node, Int(child) < count else { return "\(name)[\(node)]: \(child) is not a later node of the tree" }
            }
        }
        return nil
    }
}
