import DriftStatistics
import DriftwatchData

/// Compares a current batch with a reference profile and reaches the column and dataset verdicts.
public struct DriftEvaluator: Sendable {
    public var options: DriftOptions

    public init(options: DriftOptions = DriftOptions()) {
        self.options = options
    }

    /// Evaluates every monitored column, in parallel.
    ///
    /// - Throws: ``DataError`` when the current batch lacks a column of the profile or has it
    ///   with another kind.
    public func evaluate(profile: ReferenceProfile, current: ColumnarBatch, source: String = "current data") async throws -> DriftReport {
        let work = try pairs(profile: profile, current: current, source: source)
        let measured = await withTaskGroup(of: (Int, ColumnDrift).self) { group in
            for (index, item) in work.enumerated() {
                group.addTask { (index, measure(item, referenceRows: profile.rowCount)) }
            }
            var results = [ColumnDrift?](repeating: nil, count: work.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
        return decide(measured, referenceRows: profile.rowCount, currentRows: current.rowCount)
    }

    /// Evaluates every monitored column one after another on the calling thread, for callers that
    /// choose the thread themselves (the agent evaluates on a low-priority one).
    public func evaluateSerially(profile: ReferenceProfile, current: ColumnarBatch, source: String = "current data") throws -> DriftReport {
        let measured = try pairs(profile: profile, current: current, source: source).map { measure($0, referenceRows: profile.rowCount) }
        return decide(measured, referenceRows: profile.rowCount, currentRows: current.rowCount)
    }

    private func measure(_ item: WorkItem, referenceRows: Int) -> ColumnDrift {
        switch (item.profile, item.column) {
        case (.numeric(let p), .numeric(let c)):
            return ColumnMeasurement.numeric(p, c, spec: item.spec, referenceRows: referenceRows, options: options)
        case (.categorical(let p), .categorical(let c)):
            return ColumnMeasurement.categorical(p, c, spec: item.spec, referenceRows: referenceRows, options: options)
        case (.vector(let p), .vector(let c)):
            return ColumnMeasurement.vector(p, c, spec: item.spec, referenceRows: referenceRows, options: options)
        default:
            preconditionFailure("kinds are checked before evaluation")
        }
    }

    private struct WorkItem: Sendable {
        var spec: ColumnSchema
        var profile: ColumnProfile
        var column: Column
    }

    private func pairs(profile: ReferenceProfile, current: ColumnarBatch, source: String) throws -> [WorkItem] {
        try profile.columns.map { columnProfile in
            guard let spec = profile.schema.column(named: columnProfile.name) else {
                preconditionFailure("a profile column is always in its schema")
            }
            guard let column = current.column(named: spec.name) else {
                throw DataError(file: source, column: spec.name, "the reference has this column but the current data does not")
            }
            guard column.kind == spec.kind else {
                throw DataError(file: source, column: spec.name, "is \(column.kind.rawValue) here but \(spec.kind.rawValue) in the reference")
            }
            if case .vector(let reference) = columnProfile, case .vector(let vectors) = column,
               reference.dimensions > 0, vectors.dimensions > 0, reference.dimensions != vectors.dimensions {
                throw DataError(file: source, column: spec.name, "has vectors of \(vectors.dimensions) numbers here but \(reference.dimensions) in the reference")
            }
            return WorkItem(spec: spec, profile: columnProfile, column: column)
        }
    }

    /// Applies the correction and thresholds to measured columns.
    func decide(_ measured: [ColumnDrift], referenceRows: Int, currentRows: Int) -> DriftReport {
        var columns = measured
        let significance = columns.indices.filter { columns[$0].skippedReason == nil && columns[$0].driftTest.isSignificanceTest }
        let adjusted = options.correction.adjust(significance.map { columns[$0].decidingValue ?? 1 })
        for (index, p) in zip(significance, adjusted) {
            columns[index].adjustedPValue = p
            // Significance, and (when asked for) an effect large enough to matter: PSI, or for a
            // vector column (which has no PSI) its MMD².
            let effect = columns[index].kind == .vector ? (columns[index].mmd?.statistic ?? 0) >= options.minimumMMD
                : (columns[index].psi ?? 0) >= options.minimumPSI
            columns[index].drift = p < options.alpha && effect
        }
        var warnings: [String] = []
        for index in columns.indices where columns[index].skippedReason == nil {
            let column = columns[index]
            switch column.driftTest {
            case .psi: columns[index].drift = (column.psi ?? 0) >= options.psiThreshold
            case .jensenShannon: columns[index].drift = (column.jensenShannon ?? 0) >= options.jensenShannonThreshold
            case .wasserstein: columns[index].drift = (column.wassersteinNormed ?? 0) >= options.wassersteinThreshold
            case .ks, .chiSquare, .mmd: break
            }
            if let chi = column.chiSquare, !chi.unexpectedCategories.isEmpty {
                warnings.append("column '\(column.name)': chi-square goodness of fit is infinite because the current data has categories the reference never had (\(column.unseenCategories.joined(separator: ", ")))")
            } else if let ratio = column.unseenCategoryRatio, ratio > 0 {
                warnings.append("column '\(column.name)': \(formatPercent(ratio)) of current values are in categories the reference never had (\(column.unseenCategories.joined(separator: ", ")))")
            }
        }
        for column in columns where column.skippedReason != nil {
            warnings.append("column '\(column.name)' was not tested: \(column.skippedReason!)")
        }
        let tested = columns.filter { $0.skippedReason == nil }
        let drifted = tested.filter(\.drift).count
        let share = tested.isEmpty ? 0 : Double(drifted) / Double(tested.count)
        let dataset = DatasetDrift(driftedColumns: drifted, testedColumns: tested.count, share: share, drift: !tested.isEmpty && share >= options.driftShare)
        return DriftReport(referenceRows: referenceRows, currentRows: currentRows, options: options, columns: columns, dataset: dataset, warnings: warnings)
    }
}

func formatPercent(_ ratio: Double) -> String {
    let percent = ratio * 100
    if percent > 0 && percent < 0.1 { return "<0.1%" }
    return String(Double((percent * 10).rounded()) / 10) + "%"
}
