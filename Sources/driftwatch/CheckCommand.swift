import ArgumentParser
import DriftStatistics
import DriftwatchData
import DriftwatchReport
import Foundation

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare a current batch with reference data and report drift per column.",
        discussion: "Exit status: 0 no dataset drift, 1 dataset drift, 2 bad usage or bad input."
    )

    @Option(help: ArgumentHelp("Reference data (what the model was trained on): CSV or JSON Lines.", valueName: "file"))
    var reference: String

    @Option(help: ArgumentHelp("Current data (a recent production batch): CSV or JSON Lines.", valueName: "file"))
    var current: String

    @Option(help: ArgumentHelp("Schema YAML (column kinds and roles). Inferred from the reference when omitted.", valueName: "file"))
    var schema: String?

    @Option(help: "Report format: text, json, markdown or html.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: "Significance level for KS and chi-square.")
    var alpha: Double = DriftOptions().alpha

    @Option(name: .customLong("psi-threshold"), help: "PSI at or above which a PSI-tested column drifts.")
    var psiThreshold: Double = DriftOptions().psiThreshold

    @Option(name: .customLong("jensen-shannon-threshold"), help: "Jensen–Shannon distance at or above which a column tested by it drifts.")
    var jensenShannonThreshold: Double = DriftOptions().jensenShannonThreshold

    @Option(name: .customLong("wasserstein-threshold"), help: "Normed Wasserstein distance at or above which a column tested by it drifts.")
    var wassersteinThreshold: Double = DriftOptions().wassersteinThreshold

    @Option(name: .customLong("drift-share"), help: "Share of drifted columns at or above which the dataset drifts.")
    var driftShare: Double = DriftOptions().driftShare

    @Option(help: "Multiple-testing correction: none, bonferroni or benjamini-hochberg.")
    var correction: MultipleTestingCorrection = .none

    @Option(name: .customLong("numeric-test"), help: "Test deciding numeric columns: ks, psi, jensen_shannon or wasserstein.")
    var numericTest: DriftTestName = .ks

    @Option(name: .customLong("categorical-test"), help: "Test deciding categorical columns: chi_square, psi or jensen_shannon.")
    var categoricalTest: DriftTestName = .chiSquare

    @Option(name: .customLong("chi-square"), help: "Chi-square variant: homogeneity or goodness_of_fit.")
    var chiSquareMode: DriftOptions.ChiSquareMode = .homogeneity

    @Option(help: "Quantile bins for numeric PSI and Jensen–Shannon.")
    var bins: Int = DriftOptions().binCount

    func run() async throws {
        var options = DriftOptions()
        options.alpha = alpha
        options.psiThreshold = psiThreshold
        options.jensenShannonThreshold = jensenShannonThreshold
        options.wassersteinThreshold = wassersteinThreshold
        options.driftShare = driftShare
        options.correction = correction
        options.numericTest = numericTest
        options.categoricalTest = categoricalTest
        options.chiSquareMode = chiSquareMode
        options.binCount = bins
        do {
            options = try options.validate()
        } catch let error as OptionError {
            throw OptionValidationFailure(message: error.message)
        }
        let outcome = try await DriftCheck.run(referencePath: reference, currentPath: current, schemaPath: schema, options: options)
        if !outcome.inferredColumns.isEmpty {
            FileHandle.standardError.write(Data("driftwatch: kinds inferred from \(reference) for \(outcome.inferredColumns.count) column(s): \(outcome.inferredColumns.joined(separator: ", ")) (`driftwatch schema --data \(reference)` prints the full schema as YAML)\n".utf8))
        }
        let rendered = format.render(outcome.report)
        if let output {
            do {
                try rendered.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw DataError(file: output, "cannot write the report: \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(rendered.utf8))
        }
        if outcome.report.dataset.drift { throw ExitCode(1) }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, html

    func render(_ report: DriftReport) -> String {
        switch self {
        case .text: report.text
        case .json: report.json.rendered() + "\n"
        case .markdown: report.markdown
        case .html: report.html
        }
    }
}

extension MultipleTestingCorrection: ExpressibleByArgument {}
extension DriftTestName: ExpressibleByArgument {}
extension DriftOptions.ChiSquareMode: ExpressibleByArgument {}
