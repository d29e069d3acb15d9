import Testing
@testable import DriftStatistics

/// PSI, Jensen–Shannon and Wasserstein on numeric samples, against numpy / scipy.
@Suite struct NumericDistanceTests {
    @Test func psiEdgesMatchNumpyQuantiles() {
        for (index, c) in KolmogorovSmirnovTests.cases.enumerated() {
            let edges = c.sortedReference.withUnsafeBufferPointer { PopulationStabilityIndex.innerEdges(sortedReference: $0, binCount: c.bins) }
            #expect(edges == c.psi_edges, "case \(index): edges \(edges) vs numpy \(c.psi_edges)")
        }
    }

    @Test func psiJensenShannonAndWassersteinMatchReferences() {
        var worst = (psi: 0.0, js: 0.0, w: 0.0)
        for (index, c) in KolmogorovSmirnovTests.cases.enumerated() {
            let reference = c.sortedReference, current = c.sortedCurrent
            reference.withUnsafeBufferPointer { ref in
                current.withUnsafeBufferPointer { cur in
                    let edges = PopulationStabilityIndex.innerEdges(sortedReference: ref, binCount: c.bins)
                    let refCounts = PopulationStabilityIndex.binCounts(sorted: ref, innerEdges: edges)
                    let curCounts = PopulationStabilityIndex.binCounts(sorted: cur, innerEdges: edges)
                    let psi = PopulationStabilityIndex.value(referenceCounts: refCounts, currentCounts: curCounts)
                    let js = JensenShannon.distance(refCounts, curCounts)
                    let w = Wasserstein.distance(sortedU: ref, sortedV: cur)
                    let normed = Wasserstein.normed(sortedReference: ref, sortedCurrent: cur, referenceStandardDeviation: Descriptive.standardDeviation(ref))
                    #expect(Agreement.statistic(psi, c.psi), "case \(index): PSI \(psi) vs \(c.psi)")
                    #expect(Agreement.statistic(js, reference: c.jensen_shannon, exact: c.jensen_shannon_exact), "case \(index): JS \(js) vs \(c.jensen_shannon)")
                    #expect(Agreement.statistic(w, c.wasserstein), "case \(index): W \(w) vs \(c.wasserstein)")
                    #expect(Agreement.statistic(normed, c.wasserstein_normed), "case \(index): normed W \(normed) vs \(c.wasserstein_normed)")
                    worst = (max(worst.psi, relativeError(psi, c.psi)), max(worst.js, relativeError(js, c.jensen_shannon_exact)), max(worst.w, relativeError(normed, c.wasserstein_normed)))
                }
            }
        }
        print("numeric distances over \(KolmogorovSmirnovTests.cases.count) cases: worst relative error PSI \(worst.psi), JS (vs 50-digit) \(worst.js), normed Wasserstein \(worst.w)")
    }

    @Test func binsAreClosedOnTheLeft() {
        let sorted: [Double] = [1, 2, 2, 3, 5]
        let counts = sorted.withUnsafeBufferPointer { PopulationStabilityIndex.binCounts(sorted: $0, innerEdges: [2, 3]) }
        // (−∞, 2) holds 1; [2, 3) holds both 2s; [3, ∞) holds 3 and 5.
        #expect(counts == [1, 2, 2])
    }
}

struct CategoricalCase: Decodable {
    struct Test: Decodable { var statistic: Double; var p_value: Double; var dof: Int }
    var reference: [Int]
    var current: [Int]
    var homogeneity: Test
    var goodness_of_fit: Test?
    var psi: Double
    var jensen_shannon: Double
    var jensen_shannon_exact: Double
}

@Suite struct ChiSquareTests {
    @Test func homogeneityMatchesChi2Contingency() throws {
        let cases = try Fixture<CategoricalCase>.load("categorical")
        #expect(cases.count >= 200)
        #expect(cases.contains { c in zip(c.reference, c.current).contains { $0.0 == 0 && $0.1 > 0 } })
        var worst = (statistic: 0.0, p: 0.0)
        for (index, c) in cases.enumerated() {
            let result = ChiSquare.homogeneity(reference: c.reference, current: c.current)
            #expect(Agreement.statistic(result.statistic, c.homogeneity.statistic), "case \(index): \(result.statistic) vs \(c.homogeneity.statistic)")
            #expect(Agreement.pValue(result.pValue, c.homogeneity.p_value), "case \(index): p \(result.pValue) vs \(c.homogeneity.p_value)")
            #expect(result.degreesOfFreedom == c.homogeneity.dof)
            worst = (max(worst.statistic, relativeError(result.statistic, c.homogeneity.statistic)), max(worst.p, relativeError(result.pValue, c.homogeneity.p_value)))
        }
        print("chi-square homogeneity over \(cases.count) cases: worst relative error statistic \(worst.statistic), p \(worst.p)")
    }

    @Test func goodnessOfFitMatchesChisquare() throws {
        let cases = try Fixture<CategoricalCase>.load("categorical").filter { $0.goodness_of_fit != nil }
        #expect(cases.count >= 200)
        for (index, c) in cases.enumerated() {
            let expected = try #require(c.goodness_of_fit)
            let result = ChiSquare.goodnessOfFit(reference: c.reference, current: c.current)
            #expect(Agreement.statistic(result.statistic, expected.statistic), "case \(index): \(result.statistic) vs \(expected.statistic)")
            #expect(Agreement.pValue(result.pValue, expected.p_value), "case \(index): p \(result.pValue) vs \(expected.p_value)")
            #expect(result.degreesOfFreedom == expected.dof)
        }
    }

    @Test func goodnessOfFitNamesCategoriesUnseenInReference() {
        let result = ChiSquare.goodnessOfFit(reference: [10, 0, 5], current: [3, 4, 2])
        #expect(result.unexpectedCategories == [1])
        #expect(result.statistic == .infinity)
        #expect(result.pValue == 0)
    }

    @Test func categoricalPsiAndJensenShannonMatchReferences() throws {
        let cases = try Fixture<CategoricalCase>.load("categorical")
        var worst = (psi: 0.0, js: 0.0)
        for (index, c) in cases.enumerated() {
            let keep = c.reference.indices.filter { c.reference[$0] + c.current[$0] > 0 }
            let r = keep.map { c.reference[$0] }, cur = keep.map { c.current[$0] }
            #expect(Agreement.statistic(PopulationStabilityIndex.value(referenceCounts: r, currentCounts: cur), c.psi), "case \(index)")
            let js = JensenShannon.distance(r, cur)
            #expect(Agreement.statistic(js, reference: c.jensen_shannon, exact: c.jensen_shannon_exact), "case \(index): JS \(js) vs scipy \(c.jensen_shannon), exact \(c.jensen_shannon_exact)")
            worst = (max(worst.psi, relativeError(PopulationStabilityIndex.value(referenceCounts: r, currentCounts: cur), c.psi)), max(worst.js, relativeError(js, c.jensen_shannon_exact)))
        }
        print("categorical distances over \(cases.count) cases: worst relative error PSI \(worst.psi), JS (vs 50-digit) \(worst.js)")
    }

    struct SurvivalCase: Decodable { var dof: Int; var x: Double; var sf: Double }

    @Test func survivalMatchesScipyChi2() throws {
        let cases = try Fixture<SurvivalCase>.load("chi2")
        #expect(cases.count >= 200)
        var worst = 0.0
        for c in cases {
            let sf = ChiSquareDistribution.survival(c.x, degreesOfFreedom: c.dof)
            #expect(Agreement.pValue(sf, c.sf), "chi2.sf(\(c.x), \(c.dof)): \(sf) vs \(c.sf)")
            worst = max(worst, relativeError(sf, c.sf))
        }
        print("chi2.sf agreement over \(cases.count) points: worst relative error \(worst)")
    }
}

@Suite struct MultipleTestingTests {
    struct Case: Decodable { var p: [Double]; var bonferroni: [Double]; var benjamini_hochberg: [Double] }

    @Test func correctionsMatchScipy() throws {
        let cases = try Fixture<Case>.load("corrections")
        #expect(cases.count >= 200)
        for c in cases {
            let bonferroni = MultipleTestingCorrection.bonferroni.adjust(c.p)
            let bh = MultipleTestingCorrection.benjaminiHochberg.adjust(c.p)
            for i in c.p.indices {
                #expect(Agreement.pValue(bonferroni[i], c.bonferroni[i]))
                #expect(Agreement.pValue(bh[i], c.benjamini_hochberg[i]), "BH \(bh) vs \(c.benjamini_hochberg)")
            }
            #expect(MultipleTestingCorrection.none.adjust(c.p) == c.p)
        }
    }
}
