import DriftwatchLearning

/// The multivariate section shared by the text, Markdown and HTML renderings and the agent's
/// status page: a row per method.
public enum MultivariateTable {
    static let header = ["method", "value", "drift when", "rows (reference / current)", "what changed", "drift"]

    static func rows(_ results: [MultivariateDrift]) -> [[String]] {
        results.map { result in
            let value = result.value.map { value in
                NumberFormat.short(value) + (result.samplingError.map { " ± " + NumberFormat.short($0) } ?? "")
            } ?? "–"
            let upper = result.upperThreshold.map(NumberFormat.short) ?? "–"
            let bounds = result.lowerThreshold.map { "< \(NumberFormat.short($0)) or > \(upper)" } ?? "> \(upper)"
            let changed = result.columns.map { "\($0.name) \(formatPercent($0.share))" }.joined(separator: ", ")
            let verdict = result.skippedReason != nil ? "skipped" : result.drift ? "DRIFT" : "ok"
            // Which columns separate the samples says something only when they do separate.
            return [result.method.rawValue, value, bounds, "\(result.referenceRows) / \(result.currentRows)", result.drift && !changed.isEmpty ? changed : "–", verdict]
        }
    }

    static let explanation = "pca_reconstruction: mean error of rebuilding each row from the reference's principal components (± its standard error); "
        + "domain_classifier: out-of-fold ROC AUC of trees telling reference rows from current ones (0.5: indistinguishable), with the columns they split on most."

    /// A heading, the table (rows classed drift, ok or skipped) and the explanation, as HTML.
    public static func html(_ results: [MultivariateDrift]) -> String {
        "<h2>Multivariate drift</h2>\n<table><thead><tr>" + header.map { "<th>\(DriftReport.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            + zip(results, rows(results)).map { result, cells in
                let state = result.skippedReason != nil ? "skipped" : result.drift ? "drift" : "ok"
                return "<tr class=\"\(state)\">" + cells.enumerated().map { index, cell in
                    "<td class=\"\(index == 0 ? "name" : index == cells.count - 1 ? "verdict" : "num")\">\(DriftReport.escape(cell))</td>"
                }.joined() + "</tr>\n"
            }.joined()
            + "</tbody></table>\n<p class=\"meta\">\(DriftReport.escape(explanation))</p>\n"
            + results.compactMap { result in result.skippedReason.map { "<p class=\"meta\">\(result.method.rawValue) skipped: \(DriftReport.escape($0))</p>\n" } }.joined()
    }

    /// Aligned columns for the terminal.
    static func text(_ results: [MultivariateDrift]) -> [String] {
        let rows = [header] + self.rows(results)
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = ["Multivariate drift:"]
        for row in rows {
            lines.append("  " + row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
        lines += results.compactMap { result in result.skippedReason.map { "  \(result.method.rawValue) skipped: \($0)" } }
        return lines
    }
}

extension MultivariateDrift {
    /// The report's `multivariate` entry: `method`, `value`, the thresholds and `drift` are the contract.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("method", .string(method.rawValue)),
            ("value", .optional(value)),
        ]
        if let samplingError { members.append(("sampling_error", .number(samplingError))) }
        if let lowerThreshold { members.append(("lower_threshold", .number(lowerThreshold))) }
        members.append(("upper_threshold", .optional(upperThreshold)))
        members.append(("drift", .bool(drift)))
        if method == .domainClassifier {
            members.append(("columns", .array(columns.map { .object([("name", .string($0.name)), ("share", .number($0.share))]) })))
        }
        members.append(("reference_rows", .int(referenceRows)))
        members.append(("current_rows", .int(currentRows)))
        members.append(("seconds", .number(duration)))
        if let skippedReason { members.append(("skipped", .string(skippedReason))) }
        return .object(members)
    }
}
