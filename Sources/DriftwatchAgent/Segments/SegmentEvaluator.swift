import DriftStatistics
import DriftwatchData
import DriftwatchLearning
import DriftwatchReport

/// Splits a window by each segment column and compares every segment's quality with the whole
/// window's: the "underperforming segments" and "model bias" signals.
struct SegmentEvaluator: Sendable {
    /// Each spec with its segment values (the top reference categories), fixed when the
    /// reference is loaded.
    var specs: [(spec: SegmentSpec, values: [String])]
    var task: LearningTask
    /// Per spec, per segment (values, then other): the reference's rows of the segment, profiled;
    /// empty without a reference data file (a profile or a registry keeps no rows to split).
    var referenceProfiles: [[ReferenceProfile?]] = []
    var options = DriftOptions()
    /// Fewest window rows of a segment its drift is measured on.
    static let minimumDriftRows = 50

    init(specs: [SegmentSpec], profile: ReferenceProfile, task: LearningTask) throws {
        self.specs = try specs.map { ($0, try $0.values(in: profile)) }
        self.task = task
    }

    /// Profiles each segment's rows of the reference data, so each segment's window rows can be
    /// compared with the reference's rows of the same segment.
    mutating func profileSegments(of reference: ColumnarBatch, options: DriftOptions) {
        self.options = options
        referenceProfiles = specs.map { spec, values in
            guard case .categorical(let column)? = reference.column(named: spec.column) else { return [] }
            return SegmentSplit.rows(column, values: values).map { $0.isEmpty ? nil : ReferenceProfile(batch: reference.selecting(rows: $0), binCount: options.binCount) }
        }
    }

    var metric: String { task == .regression ? "rmse" : "accuracy" }

    func evaluate(_ contents: WindowContents, labelled: LabelledPredictions, overall: Accuracy?) -> [SegmentResult] {
        let schema = contents.schema
        let predictions = schema.columns.firstIndex { $0.role == .prediction }.flatMap { contents.numericValues(column: $0) }
        let outcomes = labelled.outcomes(task: task)
        let overallMetric = overall?.metric(metric)
        let overallTPR = labelled.truePositiveRate
        var results: [SegmentResult] = []
        let slots = contents.slots
        for (specIndex, (spec, values)) in specs.enumerated() {
            guard let column = schema.columns.firstIndex(where: { $0.name == spec.column }) else { continue }
            // Each window row's segment: its value's index among `values`, or the last (other).
            let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
            let segmentOfRow = contents.categoricalValues(column: column).map { value in value.flatMap { index[$0] } ?? values.count }
            let names = values + [SegmentSpec.other]
            var rowsBySegment = Array(repeating: 0, count: names.count)
            var positivesBySegment = Array(repeating: 0, count: names.count)
            for (row, segment) in segmentOfRow.enumerated() {
                rowsBySegment[segment] += 1
                if let predictions, predictions[row] >= 0.5 { positivesBySegment[segment] += 1 }
            }
            var windowRowsBySegment = Array(repeating: [Int](), count: names.count)
            for (row, segment) in segmentOfRow.enumerated() { windowRowsBySegment[segment].append(row) }
            var labelledBySegment = Array(repeating: [Int](), count: names.count)
            for (position, row) in labelled.rows.enumerated() { labelledBySegment[segmentOfRow[row]].append(position) }
            let selectionRates = zip(positivesBySegment, rowsBySegment).map { $1 > 0 ? Double($0) / Double($1) : nil as Double? }
            let highestRate = selectionRates.compactMap { $0 }.max()
            for (segment, name) in names.enumerated() where rowsBySegment[segment] > 0 {
                let mine = labelledBySegment[segment]
                let subset = labelled.subset(mine)
                let accuracy = subset.accuracy(task: task)
                let gap = both(accuracy?.metric(metric), overallMetric).map { $0 - $1 }
                let pValue = significance(outcomes: outcomes, segment: Set(mine))
                var underperforming = false
                // Significant after Bonferroni's correction over the column's segments: each window
                // tests them all, and the verdict must not fire by chance on one of many.
                if mine.count >= spec.minLabelledRows, let live = accuracy?.metric(metric), let whole = overallMetric, let pValue {
                    underperforming = ModelGate.isWorse(live, than: whole, metric: metric, margin: spec.margin) && pValue < spec.alpha / Double(names.count)
                }
                var result = SegmentResult(column: spec.column, segment: name, rows: rowsBySegment[segment], labelledRows: mine.count, accuracy: accuracy,
                                           metric: metric, gap: gap, pValue: pValue, underperforming: underperforming)
                if task == .binaryClassification, predictions != nil, let rate = selectionRates[segment] {
                    result.selectionRate = rate
                    if let highestRate, highestRate > 0 { result.selectionRateRatio = rate / highestRate }
                    result.truePositiveRateDifference = both(subset.truePositiveRate, overallTPR).map { $0 - $1 }
                }
                if specIndex < referenceProfiles.count, let reference = referenceProfiles[specIndex][segment], rowsBySegment[segment] >= Self.minimumDriftRows {
                    let current = contents.batch(slots: windowRowsBySegment[segment].map { slots[$0] })
                    result.drift = try? DriftEvaluator(options: options).evaluateSerially(profile: reference, current: current, source: "segment \(spec.column)=\(name)")
                }
                results.append(result)
            }
        }
        return results
    }

    /// The segment's labelled rows against the rest of the window's.
    func significance(outcomes: [Double], segment: Set<Int>) -> Double? {
        var inside: [Double] = [], outside: [Double] = []
        for (position, outcome) in outcomes.enumerated() {
            if segment.contains(position) { inside.append(outcome) } else { outside.append(outcome) }
        }
        switch task {
        case .regression:
            return WelchTTest(inside, outside)?.pValue
        case .binaryClassification:
            return TwoProportionZTest(successes: Int(inside.reduce(0, +)), of: inside.count, successes: Int(outside.reduce(0, +)), of: outside.count)?.pValue
        }
    }
}

/// Both values, when both are there.
func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

extension LabelledPredictions {
    /// Share of the positive rows predicted positive; nil without positive rows (or labels).
    var truePositiveRate: Double? {
        var positives = 0, hits = 0
        for (label, prediction) in zip(labels, predicted) where label {
            positives += 1
            if prediction >= 0.5 { hits += 1 }
        }
        return positives > 0 ? Double(hits) / Double(positives) : nil
    }
}

extension WindowContents {
    /// A categorical column's values row by row (nil when missing).
    func categoricalValues(column: Int) -> [String?] {
        guard case .categorical(let index) = places[column] else { return Array(repeating: nil, count: rowCount) }
        return slots.map { slot in
            let code = codes[index][slot]
            return code < 0 ? nil : categories[index][Int(code)]
        }
    }
}
