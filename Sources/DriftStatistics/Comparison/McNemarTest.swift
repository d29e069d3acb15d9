import Foundation

/// McNemar's test of two classifiers scored on the same rows (Q. McNemar, Psychometrika 12,
/// 1947), exact form: of the n = b + c discordant rows (b: only the first is wrong, c: only the
/// second), c ~ Binomial(n, ½) when both err equally often; the two-sided p-value is
/// min(1, 2 · P(X ≤ min(b, c))), as statsmodels' `mcnemar(exact=True)`. The interval is the Wald
/// interval of the difference in error rates (c − b)/N over all N rows (Agresti, *Categorical Data
/// Analysis*, 3rd ed., §11.1.1).
public struct McNemarTest: Sendable, Equatable {
    /// Rows only the first (`onlyFirst`) or only the second (`onlySecond`) got wrong.
    public var onlyFirst: Int
    public var onlySecond: Int
    public var pValue: Double
    /// Second's error rate minus first's, with its interval.
    public var difference: Double
    public var lower: Double
    public var upper: Double

    public init(onlyFirst b: Int, onlySecond c: Int, rows: Int, level: Double = 0.95) {
        precondition(b >= 0 && c >= 0 && rows >= b + c && rows > 0)
        onlyFirst = b
        onlySecond = c
        let discordant = b + c
        pValue = discordant == 0 ? 1 : min(1, 2 * Self.binomialCDF(min(b, c), trials: discordant))
        let n = Double(rows)
        difference = Double(c - b) / n
        let spread = (Double(discordant) - Double((c - b) * (c - b)) / n).squareRoot() / n
        let z = NormalDistribution.quantile(0.5 + level / 2)
        lower = difference - z * spread
        upper = difference + z * spread
    }

    /// P(X ≤ k) for X ~ Binomial(n, ½): I_{½}(n − k, k + 1).
    static func binomialCDF(_ k: Int, trials n: Int) -> Double {
        if k >= n { return 1 }
        return IncompleteBeta.regularized(a: Double(n - k), b: Double(k + 1), x: 0.5)
    }
}
