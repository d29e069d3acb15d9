extension SegmentDrift {
    /// One line per segment: rows on each side, drifted columns, the most shifted column by PSI.
    static func tableRows(_ segments: [SegmentDrift]) -> [[String]] {
        segments.map { segment in
            guard let report = segment.report else {
                return [segment.segment, "\(segment.referenceRows)", "\(segment.currentRows)", "–", "–", "skipped (\(segment.skippedReason ?? ""))"]
            }
            let top = report.columns.filter { $0.psi != nil }.max { ($0.psi ?? 0) < ($1.psi ?? 0) }
            return [segment.segment, "\(segment.referenceRows)", "\(segment.currentRows)",
                    "\(report.dataset.driftedColumns)/\(report.dataset.testedColumns)",
                    top.map { "\($0.name) \(NumberFormat.short($0.psi ?? 0))" } ?? "–", report.dataset.drift ? "DRIFT" : "ok"]
        }
    }

    static let header = ["segment", "reference rows", "current rows", "drifted columns", "largest PSI", "verdict"]

    /// The segment table for the terminal, under a title naming the column.
    public static func text(_ segments: [SegmentDrift], column: String) -> String {
        let rows = [header] + tableRows(segments)
        let widths = header.indices.map { index in rows.map { $0[index].count }.max() ?? 0 }
        var lines = ["", "Segments by \(column):"]
        for row in rows {
            lines.append(row.enumerated().map { index, cell in index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) }
                .joined(separator: "  "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ segments: [SegmentDrift], column: String) -> String {
        var lines = ["", "## Segments by `\(column)`", "", "| " + header.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: header.count)]
        lines += tableRows(segments).map { "| " + $0.joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The segment table as an HTML section.
    public static func html(_ segments: [SegmentDrift], column: String) -> String {
        let escape = DriftReport.escape
        var html = "<h2>Segments by \(escape(column))</h2>\n<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in tableRows(segments) { html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return html + "</tbody></table>\n"
    }

    /// The segments as JSON: each with its rows and, when evaluated, its full drift report.
    public static func json(_ segments: [SegmentDrift], column: String) -> JSONValue {
        .object([
            ("column", .string(column)),
            ("segments", .array(segments.map { segment in
                var members: [(String, JSONValue)] = [("segment", .string(segment.segment)), ("reference_rows", .int(segment.referenceRows)),
                                                      ("current_rows", .int(segment.currentRows))]
                if let report = segment.report { members.append(("report", report.json)) }
                if let reason = segment.skippedReason { members.append(("skipped_reason", .string(reason))) }
                return .object(members)
            })),
        ])
    }
}
