import DriftStatistics
import DriftwatchData

/// Measures one column of the current batch against its reference profile. Pure functions; the
/// verdict is left to ``DriftEvaluator`` because a multiple-testing correction spans columns.
enum ColumnMeasurement {
    static func numeric(_ profile: NumericProfile, _ column: NumericColumn, spec: ColumnSchema, referenceRows: Int, options: DriftOptions) -> ColumnDrift {
        var result = emptyResult(spec: spec, options: options, referenceMissing: profile.missingCount, referenceRows: referenceRows, currentMissing: column.missingCount, currentRows: column.values.count)
        guard !profile.sortedValues.isEmpty, column.missingCount < column.values.count else {
            result.skippedReason = profile.sortedValues.isEmpty ? "no values in the reference" : "no values in the current data"
            return result
        }
        let current = RadixSort.sortedPresentValues(column.values)
        profile.sortedValues.withUnsafeBufferPointer { reference in
            current.withUnsafeBufferPointer { current in
                let (ks, wasserstein) = EmpiricalDistanceWalk.compare(sortedReference: reference, sortedCurrent: current)
                result.ks = ks
                result.wassersteinNormed = Wasserstein.normed(wasserstein, referenceStandardDeviation: profile.standardDeviation)
                let counts = PopulationStabilityIndex.binCounts(sorted: current, innerEdges: profile.binEdges)
                result.psi = PopulationStabilityIndex.value(referenceCounts: profile.binCounts, currentCounts: counts)
                result.psiBins = PSIBins(reference: profile.binCounts, current: counts, referenceBins: profile.binCounts.count,
                                         labels: PSIBins.rangeLabels(innerEdges: profile.binEdges))
                result.jensenShannon = JensenShannon.distance(profile.binCounts, counts)
                let below = SortedSearch.lowerBound(current, reference[0])
                let atOrBelowMax = SortedSearch.upperBound(current, reference[reference.count - 1])
                result.outOfRangeRatio = Double(below + current.count - atOrBelowMax) / Double(current.count)
            }
        }
        return result
    }

    static func categorical(_ profile: CategoricalProfile, _ column: CategoricalColumn, spec: ColumnSchema, referenceRows: Int, options: DriftOptions) -> ColumnDrift {
        var result = emptyResult(spec: spec, options: options, referenceMissing: profile.missingCount, referenceRows: referenceRows, currentMissing: column.missingCount, currentRows: column.codes.count)
        let currentByCode = column.counts
        let referenceTotal = profile.counts.reduce(0, +)
        let currentTotal = currentByCode.reduce(0, +)
        guard referenceTotal > 0, currentTotal > 0 else {
            result.skippedReason = referenceTotal == 0 ? "no values in the reference" : "no values in the current data"
            return result
        }
        // Union of categories: the reference's, then the current batch's new ones, most frequent first.
        var position = Dictionary(uniqueKeysWithValues: profile.categories.enumerated().map { ($1, $0) })
        var referenceCounts = profile.counts
        var currentCounts = [Int](repeating: 0, count: referenceCounts.count)
        var unseen: [(String, Int)] = []
        for (code, count) in currentByCode.enumerated() where count > 0 {
            let category = column.categories[code]
            if let index = position[category] {
                currentCounts[index] += count
            } else {
                unseen.append((category, count))
            }
        }
        unseen.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for (category, count) in unseen {
            position[category] = referenceCounts.count
            referenceCounts.append(0)
            currentCounts.append(count)
        }
        let unseenRows = unseen.reduce(0) { $0 + $1.1 }
        result.unseenCategoryRatio = Double(unseenRows) / Double(currentTotal)
        result.unseenCategories = unseen.prefix(ColumnDrift.unseenCategoryLimit).map(\.0)
        switch options.chiSquareMode {
        case .homogeneity: result.chiSquare = ChiSquare.homogeneity(reference: referenceCounts, current: currentCounts)
        case .goodnessOfFit: result.chiSquare = ChiSquare.goodnessOfFit(reference: referenceCounts, current: currentCounts)
        }
        result.psi = PopulationStabilityIndex.value(referenceCounts: referenceCounts, currentCounts: currentCounts)
        result.psiBins = PSIBins(reference: referenceCounts, current: currentCounts, referenceBins: profile.counts.count,
                                 labels: profile.categories + unseen.map(\.0))
        result.jensenShannon = JensenShannon.distance(referenceCounts, currentCounts)
        return result
    }

    /// A vector column: MMD between a uniform sample of the reference profile's vectors and one of
    /// the current data's, each at most `options.vectorSampleRows`; with `vectorComponents`, on
    /// their coordinates along the principal components of the profile's whole sample.
    static func vector(_ profile: VectorProfile, _ column: VectorColumn, spec: ColumnSchema, referenceRows: Int, options: DriftOptions) -> ColumnDrift {
        var result = emptyResult(spec: spec, options: options, referenceMissing: profile.missingCount, referenceRows: referenceRows, currentMissing: column.missingCount, currentRows: column.rowCount)
        let referenceCount = profile.dimensions > 0 ? profile.sample.count / profile.dimensions : 0
        let currentPresent = (0..<column.rowCount).filter(column.isPresent)
        guard referenceCount >= 2, currentPresent.count >= 2 else {
            result.skippedReason = referenceCount < 2 ? "fewer than 2 vectors in the reference" : "fewer than 2 vectors in the current data"
            return result
        }
        let referenceRowsPicked = VectorProfile.uniformSample(of: Array(0..<referenceCount), count: options.vectorSampleRows)
        var reference = VectorColumn(dimensions: profile.dimensions, values: profile.sample).selecting(referenceRowsPicked).values
        var current = column.selecting(VectorProfile.uniformSample(of: currentPresent, count: options.vectorSampleRows)).values
        var dimensions = profile.dimensions
        if options.vectorComponents > 0 && options.vectorComponents < profile.dimensions {
            let projection = PrincipalProjection(sample: profile.sample, dimensions: profile.dimensions, components: options.vectorComponents)
            reference = projection.project(reference)
            current = projection.project(current)
            dimensions = options.vectorComponents
        }
        result.mmd = MaximumMeanDiscrepancy(reference: reference, current: current, dimensions: dimensions)
            .test(permutations: options.mmdPermutations)
        return result
    }

    private static func emptyResult(spec: ColumnSchema, options: DriftOptions, referenceMissing: Int, referenceRows: Int, currentMissing: Int, currentRows: Int) -> ColumnDrift {
        ColumnDrift(name: spec.name, kind: spec.kind, role: spec.role,
                    referenceMissingRatio: ratio(referenceMissing, referenceRows),
                    currentMissingRatio: ratio(currentMissing, currentRows),
                    unseenCategories: [], drift: false, driftTest: options.decidingTest(for: spec))
    }

    private static func ratio(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole)
    }
}
