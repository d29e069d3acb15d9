import ArgumentParser
import DriftStatistics
import DriftwatchData
import DriftwatchReport
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare a current batch with reference data and report drift per column.",
        discussion: "Exit status: 0 no drift, 1 dataset drift (or multivariate drift, with --multivariate), 2 bad usage or bad input."
    )

    @Option(help: ArgumentHelp("Reference data (what the model was trained on): CSV, JSON Lines or Parquet, or a profile saved by `driftwatch profile`.", valueName: "file"))
    var reference: String

    @Option(help: ArgumentHelp("Current data (a recent production batch): CSV, JSON Lines or Parquet.", valueName: "file"))
    var current: String

    @Option(help: ArgumentHelp("Schema YAML (column kinds and roles). Inferred from the reference when omitted.", valueName: "file"))
    var schema: String?

    @Option(help: ArgumentHelp("Also check drift within each segment of this categorical column (its most frequent reference values, the rest as __other__).", valueName: "column"))
    var segment: String?

    @Option(name: .customLong("segment-top"), help: "How many of the segment column's most frequent reference values become segments (default 20, at most 50).")
    var segmentTop: Int = SegmentDrift.defaultTop

    @Option(help: "Report format: text, json, markdown or html.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Drift settings YAML; its keys are the names of the flags below, which override them.", valueName: "file"))
    var config: String?

    @Option(help: "Significance level for KS and chi-square (default 0.05).")
    var alpha: Double?

    @Option(name: .customLong("psi-threshold"), help: "PSI at or above which a PSI-tested column drifts (default 0.2).")
    var psiThreshold: Double?

    @Option(name: .customLong("jensen-shannon-threshold"), help: "Jensen–Shannon distance at or above which a column tested by it drifts (default 0.1).")
    var jensenShannonThreshold: Double?

    @Option(name: .customLong("wasserstein-threshold"), help: "Normed Wasserstein distance at or above which a column tested by it drifts (default 0.1).")
    var wassersteinThreshold: Double?

    @Option(name: .customLong("drift-share"), help: "Share of drifted columns at or above which the dataset drifts (default 0.5).")
    var driftShare: Double?

    @Option(help: "Multiple-testing correction: none, bonferroni or benjamini-hochberg (default none).")
    var correction: MultipleTestingCorrection?

    @Option(name: .customLong("numeric-test"), help: "Test deciding numeric columns: ks, psi, jensen_shannon or wasserstein (default ks).")
    var numericTest: DriftTestName?

    @Option(name: .customLong("categorical-test"), help: "Test deciding categorical columns: chi_square, psi or jensen_shannon (default chi_square).")
    var categoricalTest: DriftTestName?

    @Option(name: .customLong("mmd-permutations"), help: "Permutations behind a vector column's MMD p-value (default 999; the smallest p-value is 1/(1+permutations)).")
    var mmdPermutations: Int?

    @Option(name: .customLong("min-mmd"), help: "MMD² an mmd-significant vector column must also reach to count as drifted (default 0: off; the agent's is larger).")
    var minMMD: Double?

    @Option(name: .customLong("vector-components"), help: "Compare vector columns on this many principal components of the reference's vectors (default 0: the whole vectors).")
    var vectorComponents: Int?

    @Option(name: .customLong("vector-sample"), help: "Vectors per side the MMD test of a vector column compares (default 500, at most 1000).")
    var vectorSample: Int?

    @Option(name: .customLong("chi-square"), help: "Chi-square variant: homogeneity or goodness_of_fit (default homogeneity).")
    var chiSquareMode: DriftOptions.ChiSquareMode?

    @Option(help: "Quantile bins for numeric PSI and Jensen–Shannon (default 10).")
    var bins: Int?

    @Option(name: .customLong("min-psi"), help: "PSI a ks/chi_square-significant column must also reach to count as drifted (default 0: off).")
    var minPSI: Double?

    @Flag(help: "Also test the columns together: PCA reconstruction error and a domain classifier (see --multivariate-method).")
    var multivariate = false

    @Option(name: .customLong("multivariate-method"), help: "A multivariate method to run (repeatable): pca_reconstruction or domain_classifier (default both); implies --multivariate.")
    var multivariateMethods: [MultivariateMethod] = []

    @Option(name: .customLong("reconstruction-multiplier"), help: "PCA reconstruction: drift outside the reference's mean ± this many standard errors of a window's mean (default 4).")
    var reconstructionMultiplier: Double?

    @Option(name: .customLong("domain-classifier-threshold"), help: "Domain classifier: drift when its out-of-fold AUC is above this (default 0.65).")
    var domainClassifierThreshold: Double?

    /// The multivariate methods asked for by the settings file or the flags (nil: none).
    func multivariateOptions(fromFile: MultivariateOptions?) throws -> MultivariateOptions? {
        guard fromFile != nil || multivariate || !multivariateMethods.isEmpty || reconstructionMultiplier != nil || domainClassifierThreshold != nil else { return nil }
        var options = fromFile ?? MultivariateOptions()
        if !multivariateMethods.isEmpty {
            var seen: Set<MultivariateMethod> = []
            options.methods = multivariateMethods.filter { seen.insert($0).inserted }
        }
        if let reconstructionMultiplier {
            guard reconstructionMultiplier > 0 && reconstructionMultiplier <= 100 else {
                throw OptionValidationFailure(message: "--reconstruction-multiplier must be a positive number of standard deviations (at most 100), got \(reconstructionMultiplier)")
            }
            options.reconstructionMultiplier = reconstructionMultiplier
        }
        if let domainClassifierThreshold {
            guard domainClassifierThreshold >= 0.5 && domainClassifierThreshold < 1 else {
                throw OptionValidationFailure(message: "--domain-classifier-threshold must be an AUC in [0.5, 1), got \(domainClassifierThreshold)")
            }
            options.domainClassifierThreshold = domainClassifierThreshold
        }
        return options
    }

    /// Defaults, then the settings file, then the flags.
    func options() throws -> (DriftOptions, MultivariateOptions?) {
        let settings = try config.map(DriftOptions.loadCheckSettings(path:))
        var options = settings?.0 ?? DriftOptions()
        if let alpha { options.alpha = alpha }
        if let psiThreshold { options.psiThreshold = psiThreshold }
        if let jensenShannonThreshold { options.jensenShannonThreshold = jensenShannonThreshold }
        if let wassersteinThreshold { options.wassersteinThreshold = wassersteinThreshold }
        if let driftShare { options.driftShare = driftShare }
        if let correction { options.correction = correction }
        if let numericTest { options.numericTest = numericTest }
        if let categoricalTest { options.categoricalTest = categoricalTest }
        if let chiSquareMode { options.chiSquareMode = chiSquareMode }
        if let bins { options.binCount = bins }
        if let minPSI { options.minimumPSI = minPSI }
        if let mmdPermutations { options.mmdPermutations = mmdPermutations }
        if let vectorSample { options.vectorSampleRows = vectorSample }
        if let minMMD { options.minimumMMD = minMMD }
        if let vectorComponents { options.vectorComponents = vectorComponents }
        do {
            return (try options.validate(), try multivariateOptions(fromFile: settings?.1))
        } catch let error as OptionError {
            throw OptionValidationFailure(message: error.message)
        }
    }

    func run() async throws {
        let (options, multivariate) = try options()
        let outcome = try await DriftCheck.run(referencePath: reference, currentPath: current, schemaPath: schema, options: options,
                                               segmentation: segment.map { DriftCheck.Segmentation(column: $0, top: segmentTop) },
                                               multivariate: multivariate)
        if !outcome.inferredColumns.isEmpty {
            FileHandle.standardError.write(Data("driftwatch: kinds inferred from \(reference) for \(outcome.inferredColumns.count) column(s): \(outcome.inferredColumns.joined(separator: ", ")) (`driftwatch schema --data \(reference)` prints the full schema as YAML)\n".utf8))
        }
        let rendered = format.render(outcome.report, segments: outcome.segments, column: segment ?? "")
        if let output {
            do {
                try rendered.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw DataError(file: output, "cannot write the report: \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(rendered.utf8))
        }
        if outcome.report.dataset.drift || outcome.report.multivariate?.contains(where: \.drift) == true { throw ExitCode(1) }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, html

    func render(_ report: DriftReport, segments: [SegmentDrift]? = nil, column: String = "") -> String {
        guard let segments else {
            switch self {
            case .text: return report.text
            case .json: return report.json.rendered() + "\n"
            case .markdown: return report.markdown
            case .html: return report.html
            }
        }
        switch self {
        case .text: return report.text + SegmentDrift.text(segments, column: column)
        case .json:
            guard case .object(let members) = report.json else { return report.json.rendered() + "\n" }
            return JSONValue.object(members + [("segmentation", SegmentDrift.json(segments, column: column))]).rendered() + "\n"
        case .markdown: return report.markdown + SegmentDrift.markdown(segments, column: column)
        case .html: return report.html.replacingOccurrences(of: "</body>", with: SegmentDrift.html(segments, column: column) + "</body>")
        }
    }
}

extension MultipleTestingCorrection: ExpressibleByArgument {}
extension DriftTestName: ExpressibleByArgument {}
extension DriftOptions.ChiSquareMode: ExpressibleByArgument {}
extension MultivariateMethod: ExpressibleByArgument {}
