import Testing
@testable import DriftStatistics

struct NumericCase: Decodable {
    struct KS: Decodable { var statistic: Double; var p_value: Double }
    var reference: [Double]
    var current: [Double]
    var bins: Int
    var ks: KS
    var psi_edges: [Double]
    var psi: Double
    var jensen_shannon: Double
    var jensen_shannon_exact: Double
    var wasserstein: Double
    var wasserstein_normed: Double

    var sortedReference: [Double] { reference.sorted() }
    var sortedCurrent: [Double] { current.sorted() }
}

@Suite struct KolmogorovSmirnovTests {
    static let cases: [NumericCase] = (try? Fixture<NumericCase>.load("numeric")) ?? []

    @Test func fixtureCoversTheContract() {
        #expect(Self.cases.count >= 200)
        #expect(Self.cases.contains { $0.reference.count == 1 || $0.current.count == 1 })
        #expect(Self.cases.contains { max($0.reference.count, $0.current.count) > KolmogorovSmirnov.exactLimit })
        #expect(Self.cases.contains { Set($0.reference).count == 1 })
    }

    @Test func matchesScipyKs2samp() {
        var worstStatistic = 0.0, worstP = 0.0
        for (index, c) in Self.cases.enumerated() {
            let result = KolmogorovSmirnov.test(sortedReference: c.sortedReference, sortedCurrent: c.sortedCurrent)
            #expect(Agreement.statistic(result.statistic, c.ks.statistic), "case \(index): D \(result.statistic) vs scipy \(c.ks.statistic)")
            #expect(Agreement.pValue(result.pValue, c.ks.p_value), "case \(index) n=\(c.reference.count),\(c.current.count): p \(result.pValue) vs scipy \(c.ks.p_value)")
            let expectedMethod: KolmogorovSmirnov.Method = max(c.reference.count, c.current.count) <= 10_000 ? .exact : .asymptotic
            #expect(result.method == expectedMethod)
            worstStatistic = max(worstStatistic, relativeError(result.statistic, c.ks.statistic))
            worstP = max(worstP, relativeError(result.pValue, c.ks.p_value))
        }
        print("KS agreement over \(Self.cases.count) cases: worst relative error D \(worstStatistic), p \(worstP)")
    }

    @Test func radixSortAgreesWithComparisonSort() {
        for c in Self.cases {
            #expect(RadixSort.sorted(c.reference) == c.sortedReference)
        }
        // Mixed signs, ties, extremes, a far outlier that stretches the key range, and NaN (dropped).
        var generator = SystemRandomNumberGenerator()
        var mixed: [Double] = (0..<5000).map { (i: Int) -> Double in Double(i % 97) * (i % 2 == 0 ? -1.5 : 2.25) }
        mixed += (0..<70_000).map { (_: Int) -> Double in 1e6 + Double.random(in: 0...1, using: &generator) }
        mixed += [-0.0, 0.0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, 1e300]
        #expect(RadixSort.sorted(mixed) == mixed.sorted())
        #expect(RadixSort.sortedPresentValues(mixed + [.nan, .nan]) == mixed.sorted())
        #expect(RadixSort.sortedPresentValues([.nan]).isEmpty)
    }
}

struct KolmogorovCase: Decodable { var n: Int; var x: Double; var sf: Double }

@Suite struct KolmogorovDistributionTests {
    @Test func survivalMatchesScipyKstwo() throws {
        let cases = try Fixture<KolmogorovCase>.load("kolmogorov")
        #expect(cases.count >= 200)
        var worst = 0.0
        for c in cases {
            let sf = KolmogorovDistribution.survival(n: c.n, x: c.x)
            #expect(Agreement.pValue(sf, c.sf), "kstwo.sf(\(c.x), \(c.n)): \(sf) vs scipy \(c.sf)")
            worst = max(worst, relativeError(sf, c.sf))
        }
        print("kstwo agreement over \(cases.count) points: worst relative error \(worst)")
    }
}

func relativeError(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    if abs(b) < 1e-300 { return abs(a - b) < 1e-300 ? 0 : abs(a - b) }
    return abs(a - b) / abs(b)
}
