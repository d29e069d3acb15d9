extension DriftReport {
    /// One self-contained page (inline CSS, no scripts, no external resources): the verdict, then a
    /// row per column with a bar for its PSI against the threshold.
    public var html: String {
        let rows = ReportTable.rows(self)
        let maxPSI = max(options.psiThreshold * 2, columns.compactMap(\.psi).filter(\.isFinite).max() ?? 0)
        var body = ""
        for (column, cells) in zip(columns, rows) {
            let psi = column.psi ?? 0
            let width = maxPSI > 0 ? min(100, psi / maxPSI * 100) : 0
            let threshold = maxPSI > 0 ? options.psiThreshold / maxPSI * 100 : 0
            let state = column.skippedReason != nil ? "skipped" : column.drift ? "drift" : "ok"
            // The threshold line only where PSI decides the verdict: on a KS or chi-square column it
            // would mark as fine a column whose test found drift.
            let line = column.driftTest == .psi ? "<div class=\"threshold\" style=\"left:\(String(format: "%.1f", threshold))%\"></div>" : ""
            let chart = column.psiBins.map { DistributionChart.svg($0, numeric: column.kind == .numeric, drifted: column.drift) } ?? ""
            body += """
            <tr class="\(state)">
              <td class="name">\(Self.escape(cells[0]))</td><td>\(cells[1])</td><td>\(cells[2])</td>
              <td class="num">\(Self.escape(cells[3]))</td><td class="num">\(cells[4])</td>
              <td class="bar"><div class="track"><div class="fill" style="width:\(String(format: "%.1f", width))%"></div>\(line)</div><span>\(cells[5])</span></td>
              <td>\(chart)</td>
              <td class="num">\(cells[6])</td><td class="verdict">\(cells[7])</td>
            </tr>

            """
        }
        let multivariateSection = multivariate.map(MultivariateTable.html) ?? ""
        let warningList = warnings.isEmpty ? "" : "<h2>Warnings</h2><ul>" + warnings.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>"
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Driftwatch drift report</title>
        <style>
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1d2433; }
        h1 { font-size: 1.4rem; margin-bottom: .2rem; }
        .verdict-banner { padding: .8rem 1rem; border-radius: 6px; margin: 1rem 0; font-weight: 600; }
        .verdict-banner.drift { background: #fde8e8; color: #8a1c1c; }
        .verdict-banner.ok { background: #e6f4ea; color: #1e5631; }
        table { border-collapse: collapse; width: 100%; }
        th, td { padding: .45rem .6rem; border-bottom: 1px solid #e3e6ec; text-align: left; white-space: nowrap; }
        th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: #5b6478; }
        td.num { font-variant-numeric: tabular-nums; }
        td.name { font-family: ui-monospace, monospace; }
        td.bar { width: 22%; }
        svg.distribution { display: block; }
        .track { position: relative; display: inline-block; width: 70%; height: 10px; background: #eef0f4; border-radius: 5px; vertical-align: middle; margin-right: .5rem; }
        .fill { height: 100%; border-radius: 5px; background: #4a7bd0; }
        tr.drift .fill { background: #d64545; }
        .threshold { position: absolute; top: -3px; bottom: -3px; width: 2px; background: #1d2433; }
        tr.drift td.verdict { color: #b42318; font-weight: 700; }
        tr.ok td.verdict { color: #1e7b3c; }
        tr.skipped { color: #8a91a0; }
        .meta { color: #5b6478; }
        </style>
        </head>
        <body>
        <h1>Driftwatch drift report</h1>
        <p class="meta">\(referenceRows) reference rows · \(currentRows) current rows</p>
        <div class="verdict-banner \(dataset.drift ? "drift" : "ok")">\(Self.escape(ReportTable.summary(self)))</div>
        <table>
        <thead><tr>\(Self.htmlHeader.map { "<th>\(Self.escape($0))</th>" }.joined())</tr></thead>
        <tbody>
        \(body)</tbody>
        </table>
        <p class="meta">\(Self.escape(ReportTable.criteria(self))) The bar shows PSI; on columns judged by PSI the dark line marks its threshold. The distribution shows each bin's share of the reference (grey) and of the current data (blue, red when the column drifted); hover a bar for its bin and shares.</p>
        \(multivariateSection)
        \(warningList)
        </body>
        </html>

        """
    }

    /// The table's header: the shared columns with the distribution after PSI.
    static var htmlHeader: [String] {
        var header = ReportTable.header
        header.insert("distribution", at: 6)
        return header
    }

    /// Text made safe inside HTML elements and attributes (the segment table uses it too).
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
