import Foundation
import DriftwatchData

/// The per-column table shared by the text and Markdown renderings.
struct ReportTable {
    static let header = ["column", "kind", "test", "statistic", "p-value", "PSI", "missing (cur)", "drift"]

    static func rows(_ report: DriftReport) -> [[String]] {
        report.columns.map { column in
            let statistic: String
            let pValue: String
            if !column.driftTest.isSignificanceTest {
                // A distance decided: show it, not the statistic of a test that was not asked for.
                let name = [DriftTestName.psi: "PSI", .jensenShannon: "JS", .wasserstein: "W"][column.driftTest] ?? column.driftTest.rawValue
                statistic = column.decidingValue.map { "\(name)=" + NumberFormat.short($0) } ?? "–"
                pValue = "–"
            } else if let ks = column.ks {
                statistic = "D=" + NumberFormat.short(ks.statistic)
                pValue = NumberFormat.pValue(column.adjustedPValue ?? ks.pValue)
            } else if let chi = column.chiSquare {
                statistic = "χ²=" + (chi.statistic.isFinite ? NumberFormat.short(chi.statistic) : "∞") + " dof=\(chi.degreesOfFreedom)"
                pValue = NumberFormat.pValue(column.adjustedPValue ?? chi.pValue)
            } else if let mmd = column.mmd {
                statistic = "MMD²=" + NumberFormat.short(mmd.statistic)
                pValue = NumberFormat.pValue(column.adjustedPValue ?? mmd.pValue)
            } else {
                statistic = "–"
                pValue = "–"
            }
            let verdict = column.skippedReason != nil ? "skipped" : column.drift ? "DRIFT" : "ok"
            return [column.name, column.kind.rawValue, column.driftTest.rawValue, statistic, pValue,
                    column.psi.map(NumberFormat.short) ?? "–", formatPercent(column.currentMissingRatio), verdict]
        }
    }

    static func summary(_ report: DriftReport) -> String {
        let d = report.dataset
        return "\(d.drift ? "Dataset drift detected" : "No dataset drift"): \(d.driftedColumns) of \(d.testedColumns) columns drifted (\(formatPercent(d.share)); threshold \(formatPercent(report.options.driftShare)))"
    }

    static func criteria(_ report: DriftReport) -> String {
        let o = report.options
        var text = "Column verdicts: p < \(NumberFormat.short(o.alpha))"
        if o.correction != .none { text += " after \(o.correction.rawValue) correction" }
        if o.minimumPSI > 0 { text += " and PSI ≥ \(NumberFormat.short(o.minimumPSI))" }
        if o.minimumMMD > 0 { text += " (MMD² ≥ \(NumberFormat.short(o.minimumMMD)) for vectors)" }
        text += " for ks/chi_square/mmd, PSI ≥ \(NumberFormat.short(o.psiThreshold)) for psi."
        return text
    }
}

enum NumberFormat {
    /// Four significant digits, no exponent for ordinary magnitudes.
    static func short(_ value: Double) -> String {
        if value == 0 { return "0" }
        if abs(value) >= 1e-3 && abs(value) < 1e6 { return String(format: "%.4g", value) }
        return String(format: "%.3e", value)
    }

    static func pValue(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value < 1e-4 { return String(format: "%.2e", value) }
        return String(format: "%.4f", value)
    }
}
