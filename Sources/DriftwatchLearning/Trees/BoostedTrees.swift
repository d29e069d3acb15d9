/// A fitted gradient-boosted ensemble of regression trees. The raw score is
/// `baseline + Σ tree(x)` (learning rate already folded into the leaf values); for binary
/// classification it is the log-odds of the positive class.
public struct BoostedTrees: Sendable, Codable, Equatable {
    public var baseline: Double
    public var trees: [Tree]

    /// One tree as flat node arrays; node 0 is the root.
    public struct Tree: Sendable, Codable, Equatable {
        /// Feature tested at each node; -1 marks a leaf.
        public var feature: [Int32]
        /// Go left when `x[feature] <= threshold`.
        public var threshold: [Double]
        public var left: [Int32]
        public var right: [Int32]
        /// Leaf outputs (0 for inner nodes).
        public var value: [Double]

        @inline(__always)
        public func evaluate(_ row: ArraySlice<Double>) -> Double {
            var node = 0
            let base = row.startIndex
            while feature[node] >= 0 {
                node = Int(row[base + Int(feature[node])] <= threshold[node] ? left[node] : right[node])
            }
            return value[node]
        }
    }

    @inline(__always)
    public func rawScore(_ row: ArraySlice<Double>) -> Double {
        var sum = baseline
        for tree in trees { sum += tree.evaluate(row) }
        return sum
    }
}
