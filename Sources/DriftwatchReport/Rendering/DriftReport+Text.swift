extension DriftReport {
    /// A table for the terminal.
    public var text: String {
        let rows = [ReportTable.header] + ReportTable.rows(self)
        let widths = ReportTable.header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = [
            "Driftwatch drift report: \(referenceRows) reference rows, \(currentRows) current rows",
            ReportTable.summary(self),
            "",
        ]
        for row in rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            lines.append(cells.joined(separator: "  "))
        }
        lines.append("")
        lines.append(ReportTable.criteria(self))
        if let multivariate {
            lines.append("")
            lines += MultivariateTable.text(multivariate)
            lines.append("  " + MultivariateTable.explanation)
        }
        if !warnings.isEmpty {
            lines.append("")
            lines.append("Warnings:")
            lines += warnings.map { "  - " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
