import Foundation

/// A column's reference and current distributions side by side, as one inline SVG: a pair of bars
/// per PSI bin (a numeric column's reference quantile bins, a categorical column's categories),
/// each the bin's share of its side — reference grey, current blue (red when the column drifted).
/// Every bar's tooltip names the bin and both shares. A categorical column with many categories
/// shows the most frequent ones and the rest as one "other" bar. Nothing is fetched, nothing runs.
public enum DistributionChart {
    public static let maximumBars = 12

    /// One bin as drawn: its label and both sides' shares.
    struct Bar: Equatable {
        var label: String
        var reference: Double
        var current: Double
    }

    /// The bars for `bins`: shares of each side's total; beyond ``maximumBars`` bins of categories,
    /// the most frequent (on either side) in their order, then "other".
    static func bars(_ bins: PSIBins, numeric: Bool) -> [Bar] {
        let referenceTotal = Double(max(1, bins.reference.reduce(0, +))), currentTotal = Double(max(1, bins.current.reduce(0, +)))
        let labels = bins.labels ?? bins.reference.indices.map { $0 < bins.referenceBins ? "bin \($0 + 1)" : "unseen \($0 - bins.referenceBins + 1)" }
        var bars = bins.reference.indices.map { index in
            Bar(label: index < labels.count ? labels[index] : "bin \(index + 1)",
                reference: Double(bins.reference[index]) / referenceTotal, current: Double(bins.current[index]) / currentTotal)
        }
        guard !numeric, bars.count > maximumBars else { return bars }
        let kept = Set(bars.indices.sorted { max(bars[$0].reference, bars[$0].current) > max(bars[$1].reference, bars[$1].current) }.prefix(maximumBars - 1))
        let rest = bars.indices.filter { !kept.contains($0) }
        let other = Bar(label: "other (\(rest.count) categories)", reference: rest.reduce(0) { $0 + bars[$1].reference }, current: rest.reduce(0) { $0 + bars[$1].current })
        bars = bars.indices.filter(kept.contains).map { bars[$0] } + [other]
        return bars
    }

    /// The chart for `bins`, `width` × `height` pixels.
    public static func svg(_ bins: PSIBins, numeric: Bool, drifted: Bool, width: Int = 240, height: Int = 64) -> String {
        let bars = bars(bins, numeric: numeric)
        guard !bars.isEmpty else { return "" }
        let top = bars.map { max($0.reference, $0.current) }.max() ?? 0
        let plot = Double(height - 2), slot = Double(width) / Double(bars.count), barWidth = max(1, slot * 0.4)
        let currentColor = drifted ? "#d64545" : "#4a7bd0"
        var shapes = ""
        for (index, bar) in bars.enumerated() {
            let x = Double(index) * slot + slot * 0.1
            let tip = "\(DriftReport.escape(bar.label)): reference \(percent(bar.reference)), current \(percent(bar.current))"
            for (offset, share, color) in [(0.0, bar.reference, "#9aa5b8"), (barWidth, bar.current, currentColor)] {
                let h = top > 0 ? share / top * plot : 0
                shapes += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%@\"><title>%@</title></rect>",
                                 x + offset, plot - h + 1, barWidth, h, color, tip)
            }
        }
        let summary = "reference (grey) and current (\(drifted ? "red" : "blue")) share of rows in each of \(bars.count) bins"
        return "<svg class=\"distribution\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(summary)\">"
            + "<line x1=\"0\" y1=\"\(height - 1)\" x2=\"\(width)\" y2=\"\(height - 1)\" stroke=\"#c5cad6\"/>" + shapes + "</svg>"
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
}
