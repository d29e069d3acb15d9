/// Corrections of p-values for testing many columns at once.
public enum MultipleTestingCorrection: String, Sendable, Codable, CaseIterable {
    /// Use the p-values as they are.
    case none
    /// Family-wise error control: `min(1, p·m)`.
    case bonferroni
    /// False-discovery-rate control (Benjamini & Hochberg, JRSS B 57(1), 1995):
    /// step-up adjusted p-values, as `scipy.stats.false_discovery_control(p, method="bh")`.
    case benjaminiHochberg = "benjamini-hochberg"

    /// Adjusted p-values, in the order given.
    public func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        switch self {
        case .none:
            return pValues
        case .bonferroni:
            return pValues.map { Swift.min(1, $0 * Double(m)) }
        case .benjaminiHochberg:
            let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
            var adjusted = [Double](repeating: 0, count: m)
            var running = 1.0
            for rank in stride(from: m, through: 1, by: -1) {
                let index = order[rank - 1]
                running = Swift.min(running, pValues[index] * Double(m) / Double(rank))
                adjusted[index] = Swift.min(running, 1)
            }
            return adjusted
        }
    }
}
