import Dispatch
import DriftStatistics
import Foundation

/// Grows one regression tree on binned features, best-first: the leaf whose best split gains
/// most is split next, until the leaf budget, the depth limit or the minimum leaf size stops it.
struct TreeGrower {
    let binning: FeatureBinning
    let gradients: [Double]
    let hessians: [Double]
    let parameters: GradientBoosting.Parameters
    /// Whether every hessian is 1 (squared error), so histograms need not sum them.
    let constantHessian: Bool
    let featureCount: Int
    /// First histogram slot of each feature; a feature has `thresholds.count + 1` bins.
    let offsets: [Int]
    let slotCount: Int
    /// Row indices, partitioned so that each node owns a contiguous range.
    var rows: [Int32]
    /// Room for the right-hand rows while a node is partitioned.
    var scratch: [Int32]
    /// (leaf value, training rows in the leaf) of every final leaf.
    private(set) var leafRows: [(Double, ArraySlice<Int32>)] = []

    /// Per-bin sums, interleaved (gradient, hessian, count) so that one update touches one cache line.
    struct Histogram {
        var sums: [Double]

        init(slots: Int) {
            sums = [Double](repeating: 0, count: 3 * slots)
        }

        /// Subtracts another histogram in place (the parent's becomes the larger child's).
        mutating func subtract(_ other: Histogram) {
            sums.withUnsafeMutableBufferPointer { sums in
                other.sums.withUnsafeBufferPointer { other in
                    for i in 0..<sums.count { sums[i] -= other[i] }
                }
            }
        }
    }

    struct Split {
        var feature: Int
        var bin: Int
        var gain: Double
        var leftGradient: Double, leftHessian: Double, leftCount: Int
    }

    struct Node {
        var start: Int, end: Int
        var depth: Int
        var gradient: Double, hessian: Double
        var histogram: Histogram
        var split: Split?
        /// Index in the output tree arrays.
        var treeIndex: Int
        var count: Int { end - start }
    }

    init(binning: FeatureBinning, gradients: [Double], hessians: [Double], parameters: GradientBoosting.Parameters) {
        self.binning = binning
        self.gradients = gradients
        self.hessians = hessians
        self.parameters = parameters
        constantHessian = hessians.allSatisfy { $0 == 1 }
        featureCount = binning.thresholds.count
        var offsets: [Int] = []
        var total = 0
        for cuts in binning.thresholds {
            offsets.append(total)
            total += cuts.count + 1
        }
        self.offsets = offsets
        slotCount = total
        rows = (0..<Int32(binning.rows)).map { $0 }
        scratch = rows
    }

    mutating func grow() -> BoostedTrees.Tree {
        var tree = BoostedTrees.Tree(feature: [-1], threshold: [0], left: [-1], right: [-1], value: [0])
        let rootHistogram = histogram(start: 0, end: rows.count)
        let totalGradient = gradients.reduce(0, +), totalHessian = hessians.reduce(0, +)
        var root = Node(start: 0, end: rows.count, depth: 0, gradient: totalGradient, hessian: totalHessian, histogram: rootHistogram, split: nil, treeIndex: 0)
        root.split = bestSplit(root)
        var open = [root]
        var leaves = 1
        while leaves < parameters.maxLeafNodes {
            guard let pick = open.indices.filter({ open[$0].split != nil }).max(by: { open[$0].split!.gain < open[$1].split!.gain }) else { break }
            var node = open.remove(at: pick)
            let split = node.split!
            let middle = partition(node, split)
            let leftCount = middle - node.start
            let leftIndex = tree.feature.count, rightIndex = leftIndex + 1
            tree.feature[node.treeIndex] = Int32(split.feature)
            tree.threshold[node.treeIndex] = binning.thresholds[split.feature][split.bin]
            tree.left[node.treeIndex] = Int32(leftIndex)
            tree.right[node.treeIndex] = Int32(rightIndex)
            for _ in 0..<2 {
                tree.feature.append(-1); tree.threshold.append(0); tree.left.append(-1); tree.right.append(-1); tree.value.append(0)
            }
            leaves += 1
            var left = Node(start: node.start, end: middle, depth: node.depth + 1, gradient: split.leftGradient, hessian: split.leftHessian,
                            histogram: Histogram(slots: 0), split: nil, treeIndex: leftIndex)
            var right = Node(start: middle, end: node.end, depth: node.depth + 1, gradient: node.gradient - split.leftGradient,
                             hessian: node.hessian - split.leftHessian, histogram: Histogram(slots: 0), split: nil, treeIndex: rightIndex)
            // Children that will never be split need no histogram: the leaf budget is spent, or
            // neither has rows enough for two leaves.
            if leaves < parameters.maxLeafNodes && (canSplit(left) || canSplit(right)) {
                // Build the smaller child's histogram; the larger one is the parent's minus it,
                // the parent's taken, not copied.
                let leftIsSmaller = leftCount <= node.count - leftCount
                let small = leftIsSmaller ? histogram(start: node.start, end: middle) : histogram(start: middle, end: node.end)
                var large = Histogram(slots: 0)
                swap(&large, &node.histogram)
                large.subtract(small)
                left.histogram = leftIsSmaller ? small : large
                right.histogram = leftIsSmaller ? large : small
                left.split = bestSplit(left)
                right.split = bestSplit(right)
            }
            open.append(left)
            open.append(right)
        }
        for node in open {
            let value = -node.gradient / (node.hessian + parameters.l2Regularization) * parameters.learningRate
            tree.value[node.treeIndex] = value
            leafRows.append((value, rows[node.start..<node.end]))
        }
        return tree
    }

    /// Gradient, hessian and count sums per bin for the rows of a node. Rows are visited once
    /// each and all their features updated together (their codes sit side by side); large nodes
    /// are split between cores, each summing into its own histogram, and the parts added up.
    func histogram(start: Int, end: Int) -> Histogram {
        let count = end - start
        let workers = count >= 30_000 ? ProcessInfo.processInfo.activeProcessorCount : 1
        var parts = [Histogram](repeating: Histogram(slots: slotCount), count: workers)
        let featureCount = featureCount, constantHessian = constantHessian
        parts.withUnsafeMutableBufferPointer { parts in
            binning.codes.withUnsafeBufferPointer { codes in
                rows.withUnsafeBufferPointer { rows in
                    gradients.withUnsafeBufferPointer { gradients in
                        hessians.withUnsafeBufferPointer { hessians in
                            offsets.withUnsafeBufferPointer { offsets in
                                let shared = UnsafeSendableBox((parts, codes, rows, gradients, hessians, offsets))
                                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                                    let (parts, codes, rows, gradients, hessians, offsets) = shared.value
                                    let from = start &+ worker &* count / workers, to = start &+ (worker &+ 1) &* count / workers
                                    parts[worker].sums.withUnsafeMutableBufferPointer { sums in
                                        if constantHessian {
                                            // Squared error: hessians are all 1, filled in from the counts below.
                                            for k in from..<to {
                                                let row = Int(rows[k])
                                                let gradient = gradients[row]
                                                let base = row &* featureCount
                                                for feature in 0..<featureCount {
                                                    let cell = 3 &* (offsets[feature] &+ Int(codes[base &+ feature]))
                                                    sums[cell] += gradient
                                                    sums[cell &+ 2] += 1
                                                }
                                            }
                                        } else {
                                            for k in from..<to {
                                                let row = Int(rows[k])
                                                let gradient = gradients[row], hessian = hessians[row]
                                                let base = row &* featureCount
                                                for feature in 0..<featureCount {
                                                    let cell = 3 &* (offsets[feature] &+ Int(codes[base &+ feature]))
                                                    sums[cell] += gradient
                                                    sums[cell &+ 1] += hessian
                                                    sums[cell &+ 2] += 1
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var result = parts[0]
        for part in parts.dropFirst() {
            for i in result.sums.indices { result.sums[i] += part.sums[i] }
        }
        if constantHessian {
            for slot in 0..<slotCount { result.sums[3 * slot + 1] = result.sums[3 * slot + 2] }
        }
        return result
    }

    /// Whether the node has rows enough for two leaves and room under the depth limit.
    func canSplit(_ node: Node) -> Bool {
        node.count >= 2 * parameters.minSamplesLeaf && (parameters.maxDepth <= 0 || node.depth < parameters.maxDepth)
    }

    /// The split with the largest positive gain that leaves both sides at least `minSamplesLeaf` rows.
    func bestSplit(_ node: Node) -> Split? {
        let minLeaf = parameters.minSamplesLeaf
        guard canSplit(node) else { return nil }
        let lambda = parameters.l2Regularization
        let parentScore = node.gradient * node.gradient / (node.hessian + lambda)
        var best: Split?
        var bestGain = 0.0
        let nodeCount = Double(node.count), minimum = Double(minLeaf)
        node.histogram.sums.withUnsafeBufferPointer { sums in
            for feature in 0..<featureCount {
                let offset = offsets[feature], bins = binning.thresholds[feature].count + 1
                var leftGradient = 0.0, leftHessian = 0.0, leftCount = 0.0
                for bin in 0..<(bins - 1) {
                    let cell = 3 &* (offset &+ bin)
                    let binCount = sums[cell &+ 2]
                    // An empty bin moves no rows: the split after it equals the one before it.
                    if binCount == 0 { continue }
                    leftGradient += sums[cell]
                    leftHessian += sums[cell &+ 1]
                    leftCount += binCount
                    if leftCount < minimum { continue }
                    if nodeCount - leftCount < minimum { break }
                    let rightGradient = node.gradient - leftGradient, rightHessian = node.hessian - leftHessian
                    guard leftHessian > 1e-3, rightHessian > 1e-3 else { continue }
                    let gain = leftGradient * leftGradient / (leftHessian + lambda) + rightGradient * rightGradient / (rightHessian + lambda) - parentScore
                    if gain > bestGain {
                        bestGain = gain
                        best = Split(feature: feature, bin: bin, gain: gain, leftGradient: leftGradient, leftHessian: leftHessian, leftCount: Int(leftCount))
                    }
                }
            }
        }
        return best
    }

    /// Moves the node's rows that go left (bin ≤ split bin) to the front of its range, keeping
    /// their order, and the others behind them; returns the boundary. Single-threaded: on two
    /// cores, handing halves to another thread cost more than it saved.
    mutating func partition(_ node: Node, _ split: Split) -> Int {
        let base = split.feature * binning.rows
        let bin = UInt8(split.bin)
        var left = node.start, right = 0
        binning.columnCodes.withUnsafeBufferPointer { codes in
            rows.withUnsafeMutableBufferPointer { rows in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    // Branch-free: the row is written to both sides and only the matching cursor
                    // advances, so the unpredictable comparison costs no mispredictions. Left rows
                    // never overtake the reading position, so they are written in place.
                    for k in node.start..<node.end {
                        let row = rows[k]
                        let goesLeft = codes[base &+ Int(row)] <= bin ? 1 : 0
                        rows[left] = row
                        scratch[right] = row
                        left &+= goesLeft
                        right &+= 1 &- goesLeft
                    }
                    for k in 0..<right { rows[left &+ k] = scratch[k] }
                }
            }
        }
        return left
    }
}

