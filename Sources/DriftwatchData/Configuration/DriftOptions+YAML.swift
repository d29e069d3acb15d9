import DriftStatistics
import Foundation
import Yams

extension DriftOptions {
    /// The settings file's keys; each is also the name of the command-line flag that overrides it.
    public static let settingKeys = ["alpha", "psi-threshold", "jensen-shannon-threshold", "wasserstein-threshold",
                                     "drift-share", "correction", "numeric-test", "categorical-test", "chi-square", "bins", "min-psi",
                                     "mmd-permutations", "vector-sample", "min-mmd", "vector-components"]

    /// Reads drift settings from YAML, starting from the defaults:
    ///
    /// ```yaml
    /// alpha: 0.01
    /// correction: benjamini-hochberg
    /// numeric-test: psi
    /// psi-threshold: 0.25
    /// ```
    ///
    /// Unknown keys and values of the wrong type are errors that name the key and its line;
    /// `otherKeys` belong to the same file but are read elsewhere (the multivariate ones of `check`).
    public static func parse(yaml: String, source: String, otherKeys: [String] = []) throws -> DriftOptions {
        let root = try ConfigurationFile.compose(yaml: yaml, source: source)
        var options = DriftOptions()
        guard let root else { return options }
        guard let mapping = root.mapping else {
            throw DataError(file: source, "drift settings are a mapping of key: value")
        }
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? "?"
            let line = keyNode.mark?.line
            func fail(_ expectation: String) -> DataError {
                DataError(file: source, line: line, "'\(key)' must be \(expectation), got '\(valueNode.string ?? "a collection")'")
            }
            func number() throws -> Double {
                guard let value = valueNode.float else { throw fail("a number") }
                return value
            }
            func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws -> T where T.RawValue == String {
                guard let text = valueNode.string, let value = T(rawValue: text) else {
                    throw fail("one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            if otherKeys.contains(key) { continue }
            switch key {
            case "alpha": options.alpha = try number()
            case "psi-threshold": options.psiThreshold = try number()
            case "jensen-shannon-threshold": options.jensenShannonThreshold = try number()
            case "wasserstein-threshold": options.wassersteinThreshold = try number()
            case "drift-share": options.driftShare = try number()
            case "correction": options.correction = try choice(MultipleTestingCorrection.self)
            case "numeric-test": options.numericTest = try choice(DriftTestName.self)
            case "categorical-test": options.categoricalTest = try choice(DriftTestName.self)
            case "chi-square": options.chiSquareMode = try choice(ChiSquareMode.self)
            case "min-psi": options.minimumPSI = try number()
            case "min-mmd": options.minimumMMD = try number()
            case "bins":
                guard let bins = valueNode.int else { throw fail("a whole number") }
                options.binCount = bins
            case "mmd-permutations":
                guard let count = valueNode.int else { throw fail("a whole number") }
                options.mmdPermutations = count
            case "vector-components":
                guard let count = valueNode.int else { throw fail("a whole number") }
                options.vectorComponents = count
            case "vector-sample":
                guard let count = valueNode.int else { throw fail("a whole number") }
                options.vectorSampleRows = count
            default:
                throw DataError(file: source, line: line, "unknown key '\(key)' (known: \((settingKeys + otherKeys).joined(separator: ", ")))")
            }
        }
        do {
            return try options.validate()
        } catch let error as OptionError {
            throw DataError(file: source, error.message)
        }
    }

    /// The `check` settings file: these options, and the multivariate ones when it asks for them.
    public static func loadCheckSettings(path: String) throws -> (DriftOptions, MultivariateOptions?) {
        let text = try ConfigurationFile.text(at: path)
        return (try parse(yaml: text, source: path, otherKeys: MultivariateOptions.settingKeys), try MultivariateOptions.parseSettings(yaml: text, source: path))
    }

    public static func load(path: String) throws -> DriftOptions {
        try parse(yaml: ConfigurationFile.text(at: path), source: path)
    }
}
