extension DriftReport {
    /// GitHub-flavoured Markdown, for a pull-request comment or a CI summary.
    public var markdown: String {
        func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
        var lines = [
            "## Driftwatch drift report",
            "",
            "**\(ReportTable.summary(self))** — \(referenceRows) reference rows, \(currentRows) current rows.",
            "",
            "| " + ReportTable.header.joined(separator: " | ") + " |",
            "|" + ReportTable.header.map { _ in " --- " }.joined(separator: "|") + "|",
        ]
        for row in ReportTable.rows(self) {
            var cells = row.map(escape)
            cells[0] = "`\(cells[0])`"
            if cells[cells.count - 1] == "DRIFT" { cells[cells.count - 1] = "**DRIFT**" }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append(ReportTable.criteria(self))
        if let multivariate {
            lines += ["", "### Multivariate drift", "", "| " + MultivariateTable.header.joined(separator: " | ") + " |",
                      "|" + MultivariateTable.header.map { _ in " --- " }.joined(separator: "|") + "|"]
            for row in MultivariateTable.rows(multivariate) {
                var cells = row.map(escape)
                cells[0] = "`\(cells[0])`"
                if cells[cells.count - 1] == "DRIFT" { cells[cells.count - 1] = "**DRIFT**" }
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
            lines += ["", MultivariateTable.explanation]
            lines += multivariate.compactMap { result in result.skippedReason.map { "- `\(result.method.rawValue)` skipped: " + escape($0) } }
        }
        if !warnings.isEmpty {
            lines.append("")
            lines.append("**Warnings**")
            lines.append("")
            lines += warnings.map { "- " + escape($0) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
