import Yams

extension MultivariateOptions {
    static let knownKeys = ["methods", "reconstruction_multiplier", "domain_classifier_threshold", "sample_rows", "max_window_rows"]

    /// Reads the `multivariate:` node: `off` (nil), `on` (the defaults), or a mapping over them.
    public static func parse(_ node: Node, source: String) throws -> MultivariateOptions? {
        if node.string == "off" || node.bool == false { return nil }
        if node.string == "on" || node.bool == true { return MultivariateOptions() }
        let section = try ConfigurationSection(node, path: "multivariate", known: knownKeys, source: source,
                                               shape: "on, off or a mapping (methods, reconstruction_multiplier, domain_classifier_threshold, …)")
        var options = MultivariateOptions()
        if let list = section["methods"] {
            let available = MultivariateMethod.allCases.map(\.rawValue).joined(separator: ", ")
            guard let items = list.sequence, !items.isEmpty else {
                throw DataError(file: source, line: list.mark?.line, "multivariate.methods is a list, e.g. [\(available)]")
            }
            options.methods = try items.map { item in
                guard let method = item.string.flatMap(MultivariateMethod.init(rawValue:)) else {
                    throw DataError(file: source, line: item.mark?.line, "multivariate.methods: '\(item.string ?? "?")' is not a method (available: \(available))")
                }
                return method
            }
            guard Set(options.methods).count == options.methods.count else {
                throw DataError(file: source, line: list.mark?.line, "multivariate.methods lists a method twice")
            }
        }
        if let value = try section.number("reconstruction_multiplier", "must be a positive number of standard deviations", { $0 > 0 && $0 <= 100 }) {
            options.reconstructionMultiplier = value
        }
        if let value = try section.number("domain_classifier_threshold", "must be an AUC between 0.5 and 1", { $0 >= 0.5 && $0 < 1 }) {
            options.domainClassifierThreshold = value
        }
        if let value = try section.whole("sample_rows", minimum: 10, maximum: MultivariateProfile.maximumSampleRows) { options.sampleRows = value }
        if let value = try section.whole("max_window_rows", minimum: 10, maximum: 1_000_000) { options.maxWindowRows = value }
        return options
    }

    /// The `check` settings file's multivariate keys, each the name of the flag that overrides it.
    public static let settingKeys = ["multivariate", "multivariate-method", "reconstruction-multiplier", "domain-classifier-threshold"]

    /// The multivariate keys of a `check` settings file (the rest is ``DriftOptions``'s); nil
    /// when none of them asks for a method.
    ///
    /// ```yaml
    /// multivariate: true
    /// multivariate-method: [pca_reconstruction]   # implies multivariate
    /// reconstruction-multiplier: 4
    /// domain-classifier-threshold: 0.7
    /// ```
    public static func parseSettings(yaml: String, source: String) throws -> MultivariateOptions? {
        guard let mapping = try ConfigurationFile.compose(yaml: yaml, source: source)?.mapping else { return nil }
        var options = MultivariateOptions(), asked = false
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "", line = keyNode.mark?.line
            func fail(_ rule: String) -> DataError { DataError(file: source, line: line, "'\(key)' must be \(rule), got '\(value.string ?? "a collection")'") }
            switch key {
            case "multivariate":
                guard let flag = value.bool else { throw fail("true or false") }
                asked = asked || flag
            case "multivariate-method":
                let available = MultivariateMethod.allCases.map(\.rawValue).joined(separator: ", ")
                let items = value.sequence ?? [value]
                let methods = items.compactMap { $0.string.flatMap(MultivariateMethod.init(rawValue:)) }
                guard !items.isEmpty, methods.count == items.count, Set(methods).count == methods.count else { throw fail("a list of distinct methods (\(available))") }
                options.methods = methods
                asked = true
            case "reconstruction-multiplier":
                guard let number = value.float, number > 0, number <= 100 else { throw fail("a positive number of standard errors (at most 100)") }
                options.reconstructionMultiplier = number
                asked = true
            case "domain-classifier-threshold":
                guard let number = value.float, number >= 0.5, number < 1 else { throw fail("an AUC in [0.5, 1)") }
                options.domainClassifierThreshold = number
                asked = true
            default:
                continue
            }
        }
        return asked ? options : nil
    }
}
