import DriftStatistics

/// How a drift verdict is reached. The defaults follow the common practice of batch drift
/// reports: numeric columns by KS p < 0.05, categorical by chi-square p < 0.05, and the dataset
/// drifts when at least half of the tested columns do.
public struct DriftOptions: Sendable, Equatable, Codable {
    /// Significance level for KS and chi-square (after correction).
    public var alpha: Double = 0.05
    /// PSI at or above which a column drifts when PSI decides its verdict.
    public var psiThreshold: Double = 0.2
    /// Jensen–Shannon distance at or above which a column drifts when it decides the verdict.
    public var jensenShannonThreshold: Double = 0.1
    /// Normed Wasserstein distance at or above which a column drifts when it decides the verdict.
    public var wassersteinThreshold: Double = 0.1
    /// Share of drifted columns at or above which the dataset drifts.
    public var driftShare: Double = 0.5
    /// Correction of the p-values across columns before they are compared with `alpha`.
    public var correction: MultipleTestingCorrection = .none
    /// Test that decides numeric columns (unless the schema names one for the column).
    public var numericTest: DriftTestName = .ks
    /// Test that decides categorical columns (unless the schema names one for the column).
    public var categoricalTest: DriftTestName = .chiSquare
    /// Chi-square variant for categorical columns.
    public var chiSquareMode: ChiSquareMode = .homogeneity
    /// Number of quantile bins for numeric PSI and Jensen–Shannon.
    public var binCount: Int = PopulationStabilityIndex.defaultBinCount
    /// Effect size a significant column must also reach: with large windows KS and chi-square
    /// call shifts significant that nobody would act on, so a p-value verdict can require
    /// `PSI ≥ minimumPSI` as well. 0 (the batch check's default) turns the requirement off.
    public var minimumPSI: Double = 0
    /// Permutations behind an MMD p-value: its smallest value is 1 / (1 + permutations), so 999
    /// lets a vector column pass a corrected alpha across dozens of columns.
    public var mmdPermutations: Int = 999
    /// Vectors per side an MMD test compares (drawn uniformly from the reference profile's sample
    /// and from the current data); its cost grows with the square.
    public var vectorSampleRows: Int = 500
    /// The effect an MMD-significant vector column must also reach: with 500 vectors a side the
    /// permutation test calls changes significant that are not worth an alert, and 5 % of
    /// stationary windows by construction. 0 (the batch check's default) turns it off.
    public var minimumMMD: Double = 0
    /// When positive and below a vector column's length, MMD compares the vectors' coordinates on
    /// this many principal components of the reference's sample instead of the whole vectors.
    public var vectorComponents: Int = 0

    public enum ChiSquareMode: String, Sendable, Codable, CaseIterable {
        /// 2×k test of homogeneity: both samples are random draws (`chi2_contingency`).
        case homogeneity
        /// Goodness of fit of the current counts to the reference proportions (`chisquare`).
        case goodnessOfFit = "goodness_of_fit"
    }

    public init() {}

    /// Checks that every value is in range; the message names the option.
    public func validate() throws -> Self {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw OptionError(message: message) }
        }
        try check(alpha > 0 && alpha < 1, "alpha must be between 0 and 1 (exclusive), got \(alpha)")
        try check(psiThreshold > 0 && psiThreshold.isFinite, "psi-threshold must be a positive number, got \(psiThreshold)")
        try check(jensenShannonThreshold > 0 && jensenShannonThreshold.isFinite, "jensen-shannon-threshold must be a positive number, got \(jensenShannonThreshold)")
        try check(wassersteinThreshold > 0 && wassersteinThreshold.isFinite, "wasserstein-threshold must be a positive number, got \(wassersteinThreshold)")
        try check(driftShare > 0 && driftShare <= 1, "drift-share must be in (0, 1], got \(driftShare)")
        try check(binCount >= 2 && binCount <= 1000, "bins must be between 2 and 1000, got \(binCount)")
        try check(minimumPSI >= 0 && minimumPSI.isFinite, "min-psi must be 0 or more, got \(minimumPSI)")
        try check((0...1_000).contains(vectorComponents), "vector-components must be between 0 (off) and 1000, got \(vectorComponents)")
        try check(minimumMMD >= 0 && minimumMMD.isFinite, "min-mmd must be 0 or more, got \(minimumMMD)")
        try check((1...100_000).contains(mmdPermutations), "mmd-permutations must be between 1 and 100000, got \(mmdPermutations)")
        try check((2...VectorProfile.sampleRows).contains(vectorSampleRows), "vector-sample must be between 2 and \(VectorProfile.sampleRows), got \(vectorSampleRows)")
        try check(numericTest.applies(to: .numeric), "numeric-test '\(numericTest.rawValue)' does not apply to numeric columns")
        try check(categoricalTest.applies(to: .categorical), "categorical-test '\(categoricalTest.rawValue)' does not apply to categorical columns")
        return self
    }

    /// The test that decides a column's verdict.
    public func decidingTest(for column: ColumnSchema) -> DriftTestName {
        if let test = column.driftTest { return test }
        switch column.kind {
        case .numeric: return numericTest
        case .categorical: return categoricalTest
        case .vector: return .mmd
        }
    }
}

public struct OptionError: DriftwatchError, Sendable {
    public var message: String
    public var description: String { message }
}
