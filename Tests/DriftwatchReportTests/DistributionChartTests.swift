import DriftwatchData
import Foundation
import Testing
@testable import DriftwatchReport

/// The distribution pictures: bars in proportion to each side's shares, hostile category names
/// escaped, many categories folded into "other", and distance-judged columns shown by their distance.
@Suite struct DistributionChartTests {
    /// The heights of the chart's bars, in drawing order (reference, current, reference, …).
    func heights(_ svg: String) -> [Double] {
        svg.components(separatedBy: "height=\"").dropFirst(2).compactMap { Double($0.prefix { $0 != "\"" }) }
    }

    @Test func barsAreEachSidesSharesOnOneScale() {
        let bins = PSIBins(reference: [10, 30, 60], current: [120, 60, 20], referenceBins: 3, labels: PSIBins.rangeLabels(innerEdges: [1, 2]))
        let svg = DistributionChart.svg(bins, numeric: true, drifted: true, width: 300, height: 62)
        #expect(svg.components(separatedBy: "<rect").count - 1 == 6)
        let drawn = heights(svg)
        #expect(drawn.count == 6)
        // Shares 0.1, 0.6 | 0.3, 0.3 | 0.6, 0.1 on a 60-pixel scale whose top is 0.6.
        let expected = [0.1, 0.6, 0.3, 0.3, 0.6, 0.1].map { $0 / 0.6 * 60 }
        for (height, want) in zip(drawn, expected) { #expect(abs(height - want) <= 0.05, "\(drawn) vs \(expected)") }
        #expect(svg.contains("<title>&lt; 1: reference 10.0%, current 60.0%</title>") && svg.contains("<title>≥ 2: reference 60.0%, current 10.0%</title>"))
        #expect(svg.contains("#d64545") && !svg.contains("#4a7bd0"), "a drifted column's current bars are red")
        #expect(PSIBins.rangeLabels(innerEdges: [1, 2.5, 4]) == ["< 1", "[1, 2.5)", "[2.5, 4)", "≥ 4"])
    }

    @Test func categoryNamesFromProductionAreEscapedAndManyAreFolded() {
        let names = ["<script>alert(1)</script>", "a\"b"] + (0..<20).map { "zone-\($0)" }
        let reference = [50, 40] + (0..<20).map { 20 - $0 }, current = [5, 5] + (0..<20).map { $0 + 1 }
        let bins = PSIBins(reference: reference, current: current, referenceBins: 22, labels: names)
        let svg = DistributionChart.svg(bins, numeric: false, drifted: false)
        #expect(!svg.contains("<script") && svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && svg.contains("a&quot;b"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 2 * DistributionChart.maximumBars)
        let bars = DistributionChart.bars(bins, numeric: false)
        #expect(bars.count == DistributionChart.maximumBars && bars.last?.label == "other (11 categories)")
        #expect(abs(bars.map(\.reference).reduce(0, +) - 1) < 1e-12 && abs(bars.map(\.current).reduce(0, +) - 1) < 1e-12)
        // The kept categories stay in their order; the two largest reference ones are among them.
        #expect(bars.prefix(2).map(\.label) == ["<script>alert(1)</script>", "a\"b"])
    }

    @Test func aColumnJudgedByADistanceShowsTheDistance() async throws {
        var options = DriftOptions()
        options.numericTest = .psi
        let report = try await DriftCheck.run(referencePath: Examples.rides("reference.csv"), currentPath: Examples.rides("current.csv"),
                                              schemaPath: Examples.rides("schema.yaml"), options: options).report
        let rows = ReportTable.rows(report)
        let distance = try #require(report.columns.firstIndex { $0.kind == .numeric && $0.skippedReason == nil })
        #expect(rows[distance][3].hasPrefix("PSI=") && rows[distance][4] == "–", "\(rows[distance])")
        let html = report.html
        // The threshold line is drawn on the PSI-judged columns only, and every tested column has its picture.
        let psiJudged = report.columns.filter { $0.driftTest == .psi }.count
        #expect(psiJudged > 0 && psiJudged < report.columns.count)
        #expect(html.components(separatedBy: "class=\"threshold\"").count - 1 == psiJudged)
        #expect(html.components(separatedBy: "<svg class=\"distribution\"").count - 1 == report.columns.filter { $0.psiBins != nil }.count)
    }
}

/// Without a schema, a column whose every reference value differs is an id: not tested, not
/// counted, and said so.
@Suite struct InferredIDTests {
    @Test func aColumnOfDistinctValuesIsTakenForAnIDWithoutASchema() async throws {
        let outcome = try await DriftCheck.run(referencePath: Examples.rides("reference.csv"), currentPath: Examples.rides("current.csv"),
                                               schemaPath: nil, options: DriftOptions())
        #expect(!outcome.report.columns.contains { $0.name == "ride_id" })
        #expect(outcome.schema.columns.first { $0.name == "ride_id" }?.role == .id)
        #expect(outcome.report.warnings.contains("column 'ride_id' was not tested: each of its 4000 reference values is distinct, so it is taken for an id (name it in a schema, with its kind, to test it)"),
                "\(outcome.report.warnings)")
        #expect(outcome.report.dataset.testedColumns == outcome.report.columns.filter { $0.skippedReason == nil }.count)
        // A column named in a schema is left as the schema says, distinct or not.
        let named = try await DriftCheck.run(referencePath: Examples.rides("reference.csv"), currentPath: Examples.rides("current.csv"),
                                             schemaPath: Examples.rides("schema.yaml"), options: DriftOptions())
        #expect(!named.report.warnings.contains { $0.contains("taken for an id") })
    }
}
