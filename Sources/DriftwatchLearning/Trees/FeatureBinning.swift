import DriftStatistics
import Foundation

/// Maps each feature to at most `maxBins` ordered bins, once per training set, so that trees
/// search split points over bin boundaries instead of raw values (as histogram-based gradient
/// boosting does; Ke et al., "LightGBM", NeurIPS 2017).
struct FeatureBinning {
    /// Upper bin boundaries per feature: a value `v` falls in the first bin `b` with `v <= thresholds[b]`,
    /// or in the last bin when above all of them.
    let thresholds: [[Double]]
    /// Bin codes, row-major: `codes[row * features + feature]`, so that one row's codes share a
    /// cache line when a histogram visits the row.
    let codes: [UInt8]
    /// The same codes feature-major, `columnCodes[feature * rows + row]`: partitioning a node
    /// reads one feature for many rows.
    let columnCodes: [UInt8]
    let rows: Int
    let features: Int

    init(_ x: DenseMatrix, maxBins: Int) {
        precondition(maxBins >= 2 && maxBins <= 256)
        rows = x.rows
        features = x.columns
        let columns = x.columns
        var thresholds = [[Double]](repeating: [], count: columns)
        var codes = [UInt8](repeating: 0, count: x.rows * columns)
        // Features are independent: bin them on all cores, each worker owning whole features, at
        // the caller's priority (an agent's evaluation runs lowered).
        thresholds.withUnsafeMutableBufferPointer { thresholdBuffer in
            codes.withUnsafeMutableBufferPointer { codeBuffer in
                let shared = UnsafeSendableBox((thresholdBuffer, codeBuffer))
                let cores = max(1, min(columns, ProcessInfo.processInfo.activeProcessorCount))
                ParallelThreads.perform(iterations: cores) { worker in
                    for feature in stride(from: worker, to: columns, by: cores) {
                        let column = (0..<x.rows).map { x[$0, feature] }
                        let cuts = Self.cuts(RadixSort.sorted(column), maxBins: maxBins)
                        (shared.value.0.baseAddress! + feature).pointee = cuts
                        for row in 0..<x.rows {
                            shared.value.1[row * columns + feature] = UInt8(Self.bin(column[row], cuts))
                        }
                    }
                }
            }
        }
        self.thresholds = thresholds
        self.codes = codes
        var columnCodes = [UInt8](repeating: 0, count: codes.count)
        for row in 0..<x.rows {
            for feature in 0..<columns { columnCodes[feature * x.rows + row] = codes[row * columns + feature] }
        }
        self.columnCodes = columnCodes
    }

    /// The given rows only, with the same boundaries: the classifier's folds share one binning of
    /// all rows (the boundaries see no labels, so nothing leaks into a fold's test rows).
    func selecting(rows picked: [Int]) -> FeatureBinning {
        var codes = [UInt8](repeating: 0, count: picked.count * features)
        var columnCodes = [UInt8](repeating: 0, count: picked.count * features)
        self.codes.withUnsafeBufferPointer { source in
            for (index, row) in picked.enumerated() {
                for feature in 0..<features { codes[index * features + feature] = source[row * features + feature] }
            }
        }
        self.columnCodes.withUnsafeBufferPointer { source in
            for feature in 0..<features {
                let from = feature * rows, to = feature * picked.count
                for (index, row) in picked.enumerated() { columnCodes[to + index] = source[from + row] }
            }
        }
        return FeatureBinning(thresholds: thresholds, codes: codes, columnCodes: columnCodes, rows: picked.count, features: features)
    }

    private init(thresholds: [[Double]], codes: [UInt8], columnCodes: [UInt8], rows: Int, features: Int) {
        self.thresholds = thresholds
        self.codes = codes
        self.columnCodes = columnCodes
        self.rows = rows
        self.features = features
    }

    /// Bin boundaries of one sorted feature: midpoints between distinct values when there are few,
    /// evenly spaced quantiles otherwise.
    static func cuts(_ sorted: [Double], maxBins: Int) -> [Double] {
        var distinct: [Double] = []
        for value in sorted where distinct.last != value {
            distinct.append(value)
            if distinct.count > maxBins { break }
        }
        var cuts: [Double] = []
        if distinct.count <= maxBins {
            for i in 0..<max(distinct.count - 1, 0) { cuts.append(distinct[i] + (distinct[i + 1] - distinct[i]) / 2) }
        } else {
            for i in 1..<maxBins {
                let position = Double(i) / Double(maxBins) * Double(sorted.count - 1)
                let low = Int(position), high = min(low + 1, sorted.count - 1)
                let cut = sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
                if cuts.last.map({ cut > $0 }) ?? true { cuts.append(cut) }
            }
        }
        return cuts
    }

    /// Index of the first threshold not below `value` (the bin of `value`).
    static func bin(_ value: Double, _ cuts: [Double]) -> Int {
        var low = 0, high = cuts.count
        while low < high {
            let mid = (low + high) / 2
            if value <= cuts[mid] { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
