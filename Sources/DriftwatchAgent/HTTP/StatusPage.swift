import DriftwatchData
import DriftwatchRegistry
import DriftwatchReport
import Foundation

/// The agent's status page: one self-contained HTML document (inline CSS and SVG, no scripts,
/// nothing fetched) with the latest verdict per column and a sparkline of its recent PSI.
enum StatusPage {
    static func render(model: String, snapshot: Snapshot?, history: [String: [Double]], windowRows: Int, minRows: Int, now: Double,
                       referenceVersion: Int? = nil, loopState: LoopState? = nil, activeAttempt: RetrainAttempt? = nil, restoredAt: Double? = nil,
                       conceptDrift: ConceptDriftMonitor? = nil, refreshSeconds: Int = 30) -> String {
        var rows = ""
        if let snapshot {
            for column in snapshot.report.columns {
                let state = column.skippedReason != nil ? "skipped" : column.drift ? "drift" : "ok"
                // A p-value only where a significance test decided.
                let p = column.driftTest.isSignificanceTest ? column.adjustedPValue ?? column.ks?.pValue ?? column.chiSquare?.pValue ?? column.mmd?.pValue : nil
                let chart = column.psiBins.map { DistributionChart.svg($0, numeric: column.kind == .numeric, drifted: column.drift, width: 200, height: 40) } ?? ""

                rows += """
                <tr class="\(state)"><td class="name">\(escape(column.name))</td><td>\(column.kind.rawValue)</td><td>\(column.driftTest.rawValue)</td>\
                <td class="num">\(column.psi.map { String(format: "%.4f", $0) } ?? "–")</td><td>\(sparkline(history[column.name] ?? []))</td><td>\(chart)</td>\
                <td class="num">\(p.map { $0 < 1e-4 ? String(format: "%.1e", $0) : String(format: "%.4f", $0) } ?? "–")</td>\
                <td class="num">\(String(format: "%.1f%%", column.currentMissingRatio * 100))\(column.role == .target ? " labels pending" : "")</td><td class="verdict">\(state == "drift" ? "DRIFT" : state)</td></tr>

                """
            }
        }
        let summary: String
        if let snapshot {
            let d = snapshot.report.dataset
            summary = "<div class=\"banner \(d.drift ? "drift" : "ok")\">\(d.drift ? "Dataset drift" : "No dataset drift"): \(d.driftedColumns) of \(d.testedColumns) columns drifted</div>"
        } else {
            let before = restoredAt.map { String(format: " The last evaluation before the restart, %.0f s ago, is served on /metrics meanwhile.", max(0, now - $0)) } ?? ""
            summary = "<div class=\"banner waiting\">No evaluation yet: the window holds \(windowRows) of the \(minRows) rows it needs.\(before)</div>"
        }
        let approval = activeAttempt.flatMap { attempt in
            attempt.state == .awaitingApproval ? "<div class=\"banner approval\">Retrain attempt \(attempt.id): challenger version \(attempt.challengerVersion.map(String.init) ?? "?") waits for approval. \(escape(attempt.detail))</div>" : nil
        } ?? ""
        let events = (snapshot?.report.multivariate.map(MultivariateTable.html) ?? "") + healthSection(snapshot) + comparisonSection(snapshot?.comparison) + segmentSection(snapshot?.segments ?? []) + conceptDriftSection(conceptDrift, now: now)
        let age = snapshot.map { String(format: "%.0f s ago", max(0, now - $0.evaluatedAt)) } ?? "never"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="refresh" content="\(max(5, refreshSeconds))">
        <title>Driftwatch agent — \(escape(model))</title>
        <style>
        body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d2433; }
        h1 { font-size: 1.3rem; margin: 0 0 .3rem; } h2 { font-size: 1.05rem; margin: 1.6rem 0 .2rem; }
        .meta { color: #5b6478; }
        .banner { padding: .7rem 1rem; border-radius: 6px; margin: 1rem 0; font-weight: 600; }
        .banner.drift { background: #fde8e8; color: #8a1c1c; } .banner.ok { background: #e6f4ea; color: #1e5631; } .banner.waiting { background: #eef0f4; } .banner.approval { background: #fff4d6; color: #7a4b00; }
        table { border-collapse: collapse; width: 100%; }
        th, td { padding: .4rem .6rem; border-bottom: 1px solid #e3e6ec; text-align: left; white-space: nowrap; }
        th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: #5b6478; }
        td.num { font-variant-numeric: tabular-nums; } td.name { font-family: ui-monospace, monospace; }
        tr.drift td.verdict { color: #b42318; font-weight: 700; } tr.ok td.verdict { color: #1e7b3c; } tr.skipped { color: #8a91a0; }
        svg polyline { fill: none; stroke: #4a7bd0; stroke-width: 1.5; } tr.drift svg polyline { stroke: #d64545; }
        </style>
        </head>
        <body>
        <h1>Driftwatch agent — \(escape(model))</h1>
        <p class="meta">\(referenceVersion.map { "reference: version \($0)'s training data · " } ?? "")\(loopState.map { "retrain loop: \($0.rawValue) · " } ?? "")window \(windowRows) rows · labelled \(snapshot?.accuracy?.labelledRows ?? 0) · last evaluation \(age)\(snapshot.map { String(format: " (%.0f ms)", $0.duration * 1000) } ?? "")</p>
        \(approval)\(summary)
        <table>
        <thead><tr><th>column</th><th>kind</th><th>test</th><th>PSI</th><th>PSI, recent evaluations</th><th>distribution: reference, current</th><th>p-value</th><th>missing</th><th>drift</th></tr></thead>
        <tbody>
        \(rows)</tbody>
        </table>
        \(events)
        </body>
        </html>

        """
    }

    /// Quality estimated before labels next to the realized one, and a classifier's confidence.
    static func healthSection(_ snapshot: Snapshot?) -> String {
        guard let snapshot, snapshot.estimated != nil || snapshot.confidence != nil else { return "" }
        var lines: [String] = []
        for (metric, value) in snapshot.estimated?.byName ?? [] {
            let realized = snapshot.accuracy?.metric(metric).map { String(format: " (realized on %d labelled rows: %.4f)", snapshot.accuracy?.labelledRows ?? 0, $0) } ?? " (no labels yet)"
            lines.append("<li>estimated \(metric): \(String(format: "%.4f", value))\(realized)</li>")
        }
        if let confidence = snapshot.confidence {
            lines.append(String(format: "<li>mean confidence %.3f; %.1f%% of predictions unsure</li>", confidence.meanConfidence, confidence.lowConfidenceRatio * 100))
        }
        return "<h2>Model health</h2>\n<ul>\n" + lines.joined(separator: "\n") + "\n</ul>\n"
    }

    /// The challenger against the champion on labelled rows (shadow, canary, A/B).
    static func comparisonSection(_ comparison: ChallengerComparison?) -> String {
        guard let c = comparison else { return "" }
        func number(_ value: Double?) -> String { value.map { String(format: "%.4g", $0) } ?? "–" }
        let interval = c.lower.map { lower in "[\(number(lower)), \(number(c.upper))]" } ?? "–"
        return """
            <h2>Challenger</h2>
            <p class="meta">version \(c.challengerVersion) against champion version \(c.championVersion), \(c.paired ? "the same rows (shadow)" : "separate rows (canary, A/B)"), \(c.test)</p>
            <ul>
            <li>mean \(c.loss.replacingOccurrences(of: "_", with: " ")): challenger \(number(c.challengerLoss)) on \(c.challengerRows) labelled rows, champion \(number(c.championLoss)) on \(c.championRows)</li>
            <li>difference \(number(c.difference)), interval \(interval), p = \(number(c.pValue))</li>
            <li class="\(c.verdict == .worse ? "drift" : "ok")">verdict: <b>\(c.verdict.rawValue)</b></li>
            </ul>

            """
    }

    /// Each segment's quality next to the whole window's; underperforming ones marked.
    static func segmentSection(_ segments: [SegmentResult]) -> String {
        guard let first = segments.first else { return "" }
        func number(_ value: Double?, _ format: String = "%.4f") -> String { value.map { String(format: format, $0) } ?? "–" }
        var html = "<h2>Segments</h2>\n<table><thead><tr><th>column</th><th>segment</th><th>rows</th><th>labelled</th><th>\(first.metric)</th>"
            + "<th>gap</th><th>p-value</th><th>selection rate ratio</th><th>verdict</th></tr></thead><tbody>\n"
        for segment in segments {
            html += "<tr class=\"\(segment.underperforming ? "drift" : "ok")\"><td class=\"name\">\(escape(segment.column))</td><td class=\"name\">\(escape(segment.segment))</td>"
                + "<td class=\"num\">\(segment.rows)</td><td class=\"num\">\(segment.labelledRows)</td><td class=\"num\">\(number(segment.accuracy?.metric(segment.metric)))</td>"
                + "<td class=\"num\">\(number(segment.gap, "%+.4f"))</td><td class=\"num\">\(number(segment.pValue, "%.2g"))</td>"
                + "<td class=\"num\">\(number(segment.selectionRateRatio, "%.2f"))</td><td class=\"verdict\">\(segment.underperforming ? "UNDERPERFORMING" : "ok")</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// The error stream's detectors and their latest detections, newest first.
    static func conceptDriftSection(_ monitor: ConceptDriftMonitor?, now: Double) -> String {
        guard let monitor else { return "" }
        let names = monitor.detectors.map(\.name).joined(separator: ", ")
        var html = "<h2>Concept drift</h2>\n<p class=\"meta\">\(names) on the errors of \(monitor.errors) labelled rows since the reference was set</p>\n"
        if monitor.recent.isEmpty {
            html += "<p>No change detected in the model's errors.</p>"
        } else {
            html += "<table><thead><tr><th>detected</th><th>detector</th><th>after labelled row</th><th>model version</th></tr></thead><tbody>\n"
            for detection in monitor.recent.reversed() {
                html += "<tr class=\"drift\"><td>\(String(format: "%.0f s ago", max(0, now - detection.at)))</td><td>\(detection.detector)</td>"
                    + "<td class=\"num\">\(detection.errorIndex + 1)</td><td class=\"num\">\(detection.modelVersion.map(String.init) ?? "–")</td></tr>\n"
            }
            html += "</tbody></table>"
        }
        return html
    }

    /// An inline SVG polyline of the values, oldest left, scaled to the largest (at least 0.25).
    static func sparkline(_ values: [Double]) -> String {
        let width = 120.0, height = 24.0
        guard values.count >= 2 else { return "<svg width=\"120\" height=\"24\"></svg>" }
        let top = max(values.max() ?? 0, 0.25)
        let points = values.enumerated().map { index, value in
            String(format: "%.1f,%.1f", Double(index) / Double(values.count - 1) * width, height - 2 - min(value, top) / top * (height - 4))
        }.joined(separator: " ")
        return "<svg width=\"120\" height=\"24\" viewBox=\"0 0 120 24\" role=\"img\" aria-label=\"PSI history\"><polyline points=\"\(points)\"/></svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
