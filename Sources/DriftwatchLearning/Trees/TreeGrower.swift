import Dispatch
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

    struct Histogram {
        var gradient: [Double]
        var hessian: [Double]
        var count: [Int32]

        init(slots: Int) {
            gradient = [Double](repeating: 0, count: slots)
            hessian = [Double](repeating: 0, count: slots)
            count = [Int32](repeating: 0, count: slots)
        }

        static func - (lhs: Histogram, rhs: Histogram) -> Histogram {
            var result = lhs
            for i in result.gradient.indices {
                result.gradient[i] -= rhs.gradient[i]
                result.hessian[i] -= rhs.hessian[i]
                result.count[i] -= rhs.count[i]
            }
            return result
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
            let node = open.remove(at: pick)
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
            // Build the smaller child's histogram; the larger one is the parent's minus it.
            let leftIsSmaller = leftCount <= node.count - leftCount
            let small = leftIsSmaller ? histogram(start: node.start, end: middle) : histogram(start: middle, end: node.end)
            let large = node.histogram - small
            var left = Node(start: node.start, end: middle, depth: node.depth + 1, gradient: split.leftGradient, hessian: split.leftHessian,
                            histogram: leftIsSmaller ? small : large, split: nil, treeIndex: leftIndex)
            var right = Node(start: middle, end: node.end, depth: node.depth + 1, gradient: node.gradient - split.leftGradient,
                             hessian: node.hessian - split.leftHessian, histogram: leftIsSmaller ? large : small, split: nil, treeIndex: rightIndex)
            left.split = bestSplit(left)
            right.split = bestSplit(right)
            open.append(left)
            open.append(right)
            leaves += 1
        }
        for node in open {
            let value = -node.gradient / (node.hessian + parameters.l2Regularization) * parameters.learningRate
            tree.value[node.treeIndex] = value
            leafRows.append((value, rows[node.start..<node.end]))
        }
        return tree
    }

    /// Gradient, hessian and count sums per bin for the rows of a node, features in parallel.
    func histogram(start: Int, end: Int) -> Histogram {
        var result = Histogram(slots: slotCount)
        let count = end - start
        // Gradients of the node's rows, gathered once so the per-feature loops read them in order.
        var orderedGradients = [Double](repeating: 0, count: count), orderedHessians = [Double](repeating: 0, count: count)
        rows.withUnsafeBufferPointer { rows in
            for k in 0..<count {
                let row = Int(rows[start + k])
                orderedGradients[k] = gradients[row]
                orderedHessians[k] = hessians[row]
            }
        }
        let n = binning.rows
        let featureCount = featureCount, offsets = offsets
        result.gradient.withUnsafeMutableBufferPointer { histogramGradient in
            result.hessian.withUnsafeMutableBufferPointer { histogramHessian in
                result.count.withUnsafeMutableBufferPointer { histogramCount in
                    binning.codes.withUnsafeBufferPointer { codes in
                        rows.withUnsafeBufferPointer { rows in
                            orderedGradients.withUnsafeBufferPointer { g in
                                orderedHessians.withUnsafeBufferPointer { h in
                                    // Each worker owns whole features, so their histogram slots never overlap.
                                    let shared = SharedBuffers(codes: codes, rows: rows, g: g, h: h, gradient: histogramGradient,
                                                               hessian: histogramHessian, count: histogramCount)
                                    // Contiguous blocks of features per worker: neighbouring slots belong to the
                                    // same worker, so workers do not fight over cache lines.
                                    let workers = count * featureCount > 50_000 ? min(featureCount, ProcessInfo.processInfo.activeProcessorCount) : 1
                                    let constantHessian = self.constantHessian
                                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                                        let first = worker * featureCount / workers, last = (worker + 1) * featureCount / workers
                                        for feature in first..<last {
                                            let bins = (feature + 1 < featureCount ? offsets[feature + 1] : slotCount) - offsets[feature]
                                            Self.accumulate(feature: feature, bins: bins, rows: n, start: start, count: count,
                                                            constantHessian: constantHessian, offset: offsets[feature], shared: shared)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if constantHessian {
            // Squared error: every row's hessian is 1, so a bin's hessian is its count.
            for slot in 0..<slotCount { result.hessian[slot] = Double(result.count[slot]) }
        }
        return result
    }

    /// One feature's histogram for a node. Rows are spread over four interleaved partial
    /// histograms: consecutive rows often fall in the same bin (always, nearly, for one-hot
    /// features), and separate accumulators keep those additions from waiting on each other.
    @inline(__always)
    private static func accumulate(feature: Int, bins: Int, rows n: Int, start: Int, count: Int, constantHessian: Bool, offset: Int, shared: SharedBuffers) {
        // Few bins mean long runs of equal bins; many bins spread the rows out by themselves.
        let lanes = bins <= 32 ? 4 : 1
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * lanes * bins) { sums in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: lanes * bins) { counts in
                sums.initialize(repeating: 0)
                counts.initialize(repeating: 0)
                let g = sums.baseAddress!, h = g + lanes * bins, c = counts.baseAddress!
                let codes = shared.codes.baseAddress! + feature * n
                let rows = shared.rows.baseAddress! + start
                let gradients = shared.g.baseAddress!, hessians = shared.h.baseAddress!
                var k = 0
                while k + lanes <= count {
                    for lane in 0..<lanes {
                        let slot = lane * bins + Int(codes[Int(rows[k + lane])])
                        g[slot] += gradients[k + lane]
                        if !constantHessian { h[slot] += hessians[k + lane] }
                        c[slot] += 1
                    }
                    k += lanes
                }
                while k < count {
                    let slot = Int(codes[Int(rows[k])])
                    g[slot] += gradients[k]
                    if !constantHessian { h[slot] += hessians[k] }
                    c[slot] += 1
                    k += 1
                }
                for bin in 0..<bins {
                    var gradient = 0.0, hessian = 0.0
                    var total: Int32 = 0
                    for lane in 0..<lanes {
                        gradient += g[lane * bins + bin]
                        hessian += h[lane * bins + bin]
                        total += c[lane * bins + bin]
                    }
                    shared.gradient[offset + bin] = gradient
                    shared.hessian[offset + bin] = hessian
                    shared.count[offset + bin] = total
                }
            }
        }
    }

    /// Buffers shared by the histogram workers. Each worker writes only the slots of its own
    /// features, which is what makes handing them across threads sound.
    private struct SharedBuffers: @unchecked Sendable {
        let codes: UnsafeBufferPointer<UInt8>
        let rows: UnsafeBufferPointer<Int32>
        let g: UnsafeBufferPointer<Double>
        let h: UnsafeBufferPointer<Double>
        let gradient: UnsafeMutableBufferPointer<Double>
        let hessian: UnsafeMutableBufferPointer<Double>
        let count: UnsafeMutableBufferPointer<Int32>
    }

    /// The split with the largest positive gain that leaves both sides at least `minSamplesLeaf` rows.
    func bestSplit(_ node: Node) -> Split? {
        let minLeaf = parameters.minSamplesLeaf
        guard node.count >= 2 * minLeaf else { return nil }
        if parameters.maxDepth > 0 && node.depth >= parameters.maxDepth { return nil }
        let lambda = parameters.l2Regularization
        let parentScore = node.gradient * node.gradient / (node.hessian + lambda)
        var best: Split?
        for feature in 0..<featureCount {
            let offset = offsets[feature], bins = binning.thresholds[feature].count + 1
            var leftGradient = 0.0, leftHessian = 0.0, leftCount = 0
            for bin in 0..<(bins - 1) {
                leftGradient += node.histogram.gradient[offset + bin]
                leftHessian += node.histogram.hessian[offset + bin]
                leftCount += Int(node.histogram.count[offset + bin])
                let rightCount = node.count - leftCount
                if leftCount < minLeaf { continue }
                if rightCount < minLeaf { break }
                let rightGradient = node.gradient - leftGradient, rightHessian = node.hessian - leftHessian
                guard leftHessian > 1e-3, rightHessian > 1e-3 else { continue }
                let gain = leftGradient * leftGradient / (leftHessian + lambda) + rightGradient * rightGradient / (rightHessian + lambda) - parentScore
                if gain > (best?.gain ?? 0) {
                    best = Split(feature: feature, bin: bin, gain: gain, leftGradient: leftGradient, leftHessian: leftHessian, leftCount: leftCount)
                }
            }
        }
        return best
    }

    /// Moves the node's rows that go left (bin ≤ split bin) to the front of its range, keeping
    /// their order; returns the boundary. Left rows are written in place (they never overtake the
    /// reading position), right rows go through `scratch` and are copied back behind them.
    mutating func partition(_ node: Node, _ split: Split) -> Int {
        let base = split.feature * binning.rows
        let bin = UInt8(split.bin)
        // Large nodes are split in two halves partitioned on separate cores, then stitched:
        // left(first half), left(second half), right(first half), right(second half).
        let parts = node.count >= 20_000 ? 2 : 1
        var leftEnd = node.start
        binning.codes.withUnsafeBufferPointer { codes in
            rows.withUnsafeMutableBufferPointer { rows in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    let shared = UnsafeSendableBox((codes, rows, scratch))
                    var counts = [(left: Int, right: Int)](repeating: (0, 0), count: parts)
                    counts.withUnsafeMutableBufferPointer { countBuffer in
                        let results = UnsafeSendableBox(countBuffer)
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let (codes, rows, scratch) = shared.value
                            let from = node.start + part * node.count / parts, to = node.start + (part + 1) * node.count / parts
                            var left = from, right = from
                            for k in from..<to {
                                let row = rows[k]
                                if codes[base + Int(row)] <= bin {
                                    rows[left] = row
                                    left += 1
                                } else {
                                    scratch[right] = row
                                    right += 1
                                }
                            }
                            results.value[part] = (left - from, right - from)
                        }
                    }
                    // Stitch: move each part's left rows together, then the right rows after them.
                    for part in 0..<parts {
                        let from = node.start + part * node.count / parts
                        for k in 0..<counts[part].left { rows[leftEnd + k] = rows[from + k] }
                        leftEnd += counts[part].left
                    }
                    var position = leftEnd
                    for part in 0..<parts {
                        let from = node.start + part * node.count / parts
                        for k in 0..<counts[part].right { rows[position + k] = scratch[from + k] }
                        position += counts[part].right
                    }
                }
            }
        }
        return leftEnd
    }
}

