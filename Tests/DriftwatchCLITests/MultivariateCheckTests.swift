import Foundation
import Testing

/// `driftwatch check --multivariate` on the sensor example (scripts/generate_sensor_example.py):
/// a second sensor that stopped agreeing with the first moves no column's own distribution, so the
/// column tests pass it, while both multivariate methods flag it and name the sensors.
@Suite struct MultivariateCheckTests {
    let reference = "examples/sensors/reference.csv"

    func check(_ current: String, _ extra: [String] = []) async throws -> (CommandRunner.Result, [String: Any]) {
        let result = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/sensors/\(current).csv", "--format", "json"] + extra)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        return (result, object)
    }

    @Test func aBrokenCorrelationIsFlaggedOnlyByTheMultivariateMethods() async throws {
        let (moved, report) = try await check("current-decorrelated", ["--multivariate"])
        #expect((report["dataset_drift"] as? [String: Any])?["drifted_columns"] as? Int == 0, "every column's own distribution is unchanged")
        let methods = try #require(report["multivariate"] as? [[String: Any]])
        #expect(methods.map { $0["method"] as? String } == ["pca_reconstruction", "domain_classifier"])
        #expect(methods.allSatisfy { $0["drift"] as? Bool == true }, "\(methods)")
        let pca = methods[0], classifier = methods[1]
        #expect((pca["value"] as? Double ?? 0) > (pca["upper_threshold"] as? Double ?? .infinity))
        #expect((classifier["value"] as? Double ?? 0) > 0.65)
        let named = (classifier["columns"] as? [[String: Any]])?.prefix(2).compactMap { $0["name"] as? String } ?? []
        #expect(Set(named) == ["temperature_a", "temperature_b"], "the two sensors separate the samples: \(named)")
        #expect(moved.status == 1, "multivariate drift fails the check")

        let (stable, quiet) = try await check("current-stable", ["--multivariate"])
        #expect(stable.status == 0, "\(stable.stderr)")
        #expect((quiet["multivariate"] as? [[String: Any]])?.allSatisfy { $0["drift"] as? Bool == false } == true)
        let (_, plain) = try await check("current-decorrelated")
        #expect(plain["multivariate"] == nil, "without --multivariate the report is as before")
    }

    @Test func oneMethodThresholdsAndEveryFormat() async throws {
        let (_, report) = try await check("current-decorrelated", ["--multivariate-method", "domain_classifier", "--domain-classifier-threshold", "0.99"])
        let methods = try #require(report["multivariate"] as? [[String: Any]])
        #expect(methods.count == 1 && methods[0]["method"] as? String == "domain_classifier")
        #expect(methods[0]["drift"] as? Bool == false && methods[0]["upper_threshold"] as? Double == 0.99)
        let args = ["check", "--reference", reference, "--current", "examples/sensors/current-decorrelated.csv", "--multivariate-method", "pca_reconstruction"]
        let text = try await CommandRunner.run(args)
        #expect(text.stdout.contains("Multivariate drift:") && text.stdout.contains("pca_reconstruction"))
        let markdown = try await CommandRunner.run(args + ["--format", "markdown"])
        #expect(markdown.stdout.contains("### Multivariate drift") && markdown.stdout.contains("**DRIFT**"))
        let html = try await CommandRunner.run(args + ["--format", "html"])
        #expect(html.stdout.contains("<h2>Multivariate drift</h2>") && html.stdout.hasSuffix("</html>\n"))
    }

    @Test func theSettingsFileAsksForMethodsAndFlagsOverrideIt() async throws {
        let scratch = try CommandRunner.Scratch()
        let config = try scratch.write("drift.yaml", "alpha: 0.05\nmultivariate-method: [domain_classifier]\ndomain-classifier-threshold: 0.99\n")
        let (_, fromFile) = try await check("current-decorrelated", ["--config", config])
        let methods = try #require(fromFile["multivariate"] as? [[String: Any]])
        #expect(methods.count == 1 && methods[0]["upper_threshold"] as? Double == 0.99 && methods[0]["drift"] as? Bool == false)
        let (overridden, flagged) = try await check("current-decorrelated", ["--config", config, "--domain-classifier-threshold", "0.7"])
        #expect((flagged["multivariate"] as? [[String: Any]])?.first?["drift"] as? Bool == true && overridden.status == 1)
        // The example lists every key with its default, multivariate off.
        let (_, example) = try await check("current-stable", ["--config", "examples/rides/drift.yaml"])
        #expect(example["multivariate"] == nil)
        let bad = try scratch.write("bad.yaml", "bins: 10\ndomain-classifier-threshold: 2\n")
        let refused = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/sensors/current-stable.csv", "--config", bad])
        #expect(refused.status == 2 && refused.stderr.contains("bad.yaml:2: 'domain-classifier-threshold' must be an AUC in [0.5, 1)"), "\(refused.stderr)")
    }

    @Test func savedProfilesCarryTheMultivariatePartOnlyWhenAsked() async throws {
        let scratch = try CommandRunner.Scratch()
        let with = scratch.url.appendingPathComponent("with.profile").path, without = scratch.url.appendingPathComponent("without.profile").path
        #expect(try await CommandRunner.run(["profile", "--reference", reference, "--output", with, "--multivariate"]).status == 0)
        #expect(try await CommandRunner.run(["profile", "--reference", reference, "--output", without]).status == 0)
        let fromData = try await check("current-decorrelated", ["--multivariate-method", "pca_reconstruction"]).1["multivariate"] as? [[String: Any]]
        let saved = try await CommandRunner.run(["check", "--reference", with, "--current", "examples/sensors/current-decorrelated.csv", "--multivariate-method", "pca_reconstruction", "--format", "json"])
        let fromProfile = (try JSONSerialization.jsonObject(with: Data(saved.stdout.utf8)) as? [String: Any])?["multivariate"] as? [[String: Any]]
        // The saved PCA is the one fitted on the data: the same error and thresholds.
        #expect(fromProfile?.first?["value"] as? Double == fromData?.first?["value"] as? Double)
        #expect(fromProfile?.first?["upper_threshold"] as? Double == fromData?.first?["upper_threshold"] as? Double)
        let refused = try await CommandRunner.run(["check", "--reference", without, "--current", "examples/sensors/current-decorrelated.csv", "--multivariate-method", "pca_reconstruction"])
        #expect(refused.status == 2 && refused.stderr.contains("--multivariate needs a profile made with the multivariate part"), "\(refused.stderr)")
        let badThreshold = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/sensors/current-stable.csv", "--domain-classifier-threshold", "0.3"])
        #expect(badThreshold.status == 2 && badThreshold.stderr.contains("--domain-classifier-threshold"), "\(badThreshold.stderr)")
        let badMethod = try await CommandRunner.run(["check", "--reference", reference, "--current", "examples/sensors/current-stable.csv", "--multivariate-method", "mahalanobis"])
        #expect(badMethod.status == 2, "\(badMethod.stderr)")
    }
}
