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
}
