import ArgumentParser
import DriftwatchData
import Foundation

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Save the reference profile of a data file, for `check --reference` and the agent to use without reading the data again.",
        discussion: "The profile holds the schema, every numeric column's sorted values and PSI bins, every categorical column's counts, 1,000 vectors of every vector column (with --multivariate, also a PCA of the feature columns and a sample of whole rows); it is versioned and checksummed."
    )

    @Option(help: ArgumentHelp("Reference data: CSV, JSON Lines or Parquet.", valueName: "file"))
    var reference: String

    @Option(help: ArgumentHelp("Schema YAML (column kinds and roles). Inferred from the reference when omitted.", valueName: "file"))
    var schema: String?

    @Option(help: ArgumentHelp("Where to write the profile.", valueName: "file"))
    var output: String

    @Option(help: ArgumentHelp("Drift settings YAML (as for `check`); only its bins matter here.", valueName: "file"))
    var config: String?

    @Option(help: "Quantile bins for numeric PSI and Jensen–Shannon (default 10); `check` must use the same.")
    var bins: Int?

    @Flag(help: "Also keep what the multivariate methods need: a PCA of the feature columns and a sample of whole rows.")
    var multivariate = false

    @Option(name: .customLong("multivariate-sample"), help: "With --multivariate: reference rows kept whole for the domain classifier (default 5000).")
    var multivariateSample: Int = MultivariateProfile.defaultSampleRows

    func run() throws {
        guard (10...MultivariateProfile.maximumSampleRows).contains(multivariateSample) else {
            throw OptionValidationFailure(message: "--multivariate-sample must be between 10 and \(MultivariateProfile.maximumSampleRows), got \(multivariateSample)")
        }
        var options = try config.map { try DriftOptions.loadCheckSettings(path: $0).0 } ?? DriftOptions()
        if let bins { options.binCount = bins }
        do {
            options = try options.validate()
        } catch let error as OptionError {
            throw OptionValidationFailure(message: error.message)
        }
        let spec = try schema.map(SchemaSpec.load(path:))
        let (profile, saved) = try ReferenceProfile.load(path: reference, schema: spec, schemaPath: schema, binCount: options.binCount,
                                                         multivariateSampleRows: multivariate ? multivariateSample : nil)
        if saved { throw DataError(file: reference, "is already a profile; give the data file it was made from") }
        let encoded = try profile.encodedFile()
        do {
            try encoded.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw DataError(file: output, "cannot write the profile: \(error.localizedDescription)")
        }
        FileHandle.standardError.write(Data(String(format: "driftwatch: profiled %d rows, %d monitored columns of %@ into %@ (%.1f MB)\n",
                                                    profile.rowCount, profile.columns.count, reference, output, Double(encoded.count) / 1e6).utf8))
    }
}
