import Foundation
import Testing
@testable import DriftwatchReport
import DriftwatchData

@Suite struct RenderingTests {
    func report() async throws -> DriftReport {
        try await DriftCheck.run(referencePath: Examples.rides("reference.csv"), currentPath: Examples.rides("current.csv"),
                                 schemaPath: Examples.rides("schema.yaml"), options: DriftOptions()).report
    }

    @Test func jsonFollowsTheContract() async throws {
        let report = try await report()
        let object = try #require(JSONSerialization.jsonObject(with: Data(report.json.rendered().utf8)) as? [String: Any])
        #expect(object["reference_rows"] as? Int == 4000)
        #expect(object["current_rows"] as? Int == 3000)
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.count == report.columns.count)
        for column in columns {
            let kind = try #require(column["kind"] as? String)
            for key in ["name", "missing_ratio", "psi", "jensen_shannon", "drift", "drift_test"] {
                #expect(column[key] != nil, "column lacks \(key)")
            }
            let missing = try #require(column["missing_ratio"] as? [String: Any])
            #expect(missing["reference"] is Double && missing["current"] is Double)
            if kind == "numeric" {
                let ks = try #require(column["ks"] as? [String: Any])
                #expect(ks["statistic"] is Double && ks["p_value"] is Double)
                #expect(column["wasserstein_normed"] is Double)
                #expect(column["chi_square"] == nil)
            } else {
                let chi = try #require(column["chi_square"] as? [String: Any])
                #expect(chi["statistic"] is Double && chi["p_value"] is Double && chi["dof"] is Int)
                #expect(column["ks"] == nil && column["wasserstein_normed"] == nil)
            }
            #expect(["ks", "chi_square", "psi"].contains(column["drift_test"] as? String))
        }
        let dataset = try #require(object["dataset_drift"] as? [String: Any])
        #expect(dataset["drifted_columns"] as? Int == report.dataset.driftedColumns)
        #expect(report.json.rendered().contains("\"share\": \(report.dataset.share)"))
        #expect(dataset["drift"] as? Bool == true)
    }

    @Test func textAndMarkdownListEveryColumnAndTheVerdict() async throws {
        let report = try await report()
        for rendering in [report.text, report.markdown] {
            #expect(rendering.contains("Dataset drift detected: \(report.dataset.driftedColumns) of \(report.dataset.testedColumns) columns drifted"))
            for column in report.columns { #expect(rendering.contains(column.name)) }
        }
        #expect(report.markdown.contains("| column | kind | test |"))
        #expect(report.markdown.contains("**DRIFT**"))
    }

    @Test func htmlIsOneSelfContainedPage() async throws {
        let report = try await report()
        let html = report.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        #expect(html.components(separatedBy: "<tr class=").count - 1 == report.columns.count)
        #expect(html.contains("class=\"fill\""))
    }

    @Test func jsonEscapesText() {
        #expect(JSONValue.string("a\"b\\c\nd\u{1}").rendered() == "\"a\\\"b\\\\c\\nd\\u0001\"")
        #expect(JSONValue.number(.nan).rendered() == "null")
        #expect(JSONValue.number(0.1).rendered() == "0.1")
    }
}
