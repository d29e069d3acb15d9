import Foundation
import Yams

/// Reads a configuration file as text, with the error a user can act on.
public enum ConfigurationFile {
    public static func text(at path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DataError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file")
        }
        return text
    }
}

extension ConfigurationFile {
    /// The top-level mapping of a YAML configuration; anything else is an error that says what the
    /// file should hold (`expected`, e.g. "a mapping (model, reference, …)").
    public static func mapping(yaml: String, source: String, expected: String) throws -> Node.Mapping {
        guard let mapping = try compose(yaml: yaml, source: source)?.mapping else { throw DataError(file: source, expected) }
        return mapping
    }

    /// The file's top level as a section of the `known` keys.
    public static func section(yaml: String, source: String, expected: String, known: [String]) throws -> ConfigurationSection {
        guard let node = try compose(yaml: yaml, source: source) else { throw DataError(file: source, expected) }
        return try ConfigurationSection(node, path: "", known: known, source: source, shape: expected)
    }

    /// The YAML document's root node (nil for an empty document); a syntax error is one line naming
    /// the file, line and column.
    public static func compose(yaml: String, source: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch {
            throw DataError(file: source, "not valid YAML: \(YAMLProblem.describe(error))")
        }
    }
}
