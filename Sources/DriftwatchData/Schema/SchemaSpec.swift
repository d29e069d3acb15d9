import Foundation
import Yams

/// A schema as a user writes it in YAML. Kinds may be left out and are then inferred from the
/// reference data; `target`, `prediction`, `id` and `timestamp` give columns their roles.
///
/// ```yaml
/// columns:
///   - {name: trip_distance, kind: numeric}
///   - {name: PU_DO, kind: categorical, test: psi}
/// target: duration
/// prediction: predicted_duration
/// id: ride_id
/// ```
public struct SchemaSpec: Sendable, Equatable, Codable {
    public struct ColumnSpec: Sendable, Equatable, Codable {
        public var name: String
        public var kind: ColumnKind?
        public var role: ColumnRole?
        public var test: DriftTestName?

        public init(name: String, kind: ColumnKind? = nil, role: ColumnRole? = nil, test: DriftTestName? = nil) {
            self.name = name
            self.kind = kind
            self.role = role
            self.test = test
        }
    }

    public var columns: [ColumnSpec]
    public var target: String?
    public var prediction: String?
    public var id: String?
    public var timestamp: String?

    public init(columns: [ColumnSpec], target: String? = nil, prediction: String? = nil, id: String? = nil, timestamp: String? = nil) {
        self.columns = columns
        self.target = target
        self.prediction = prediction
        self.id = id
        self.timestamp = timestamp
    }

    /// Reads a schema file.
    public static func load(path: String) throws -> SchemaSpec {
        try parse(yaml: ConfigurationFile.text(at: path), source: path)
    }

    public static func parse(yaml: String, source: String) throws -> SchemaSpec {
        try rejectUnknownKeys(yaml: yaml, source: source)
        let spec: SchemaSpec
        do {
            spec = try YAMLDecoder().decode(SchemaSpec.self, from: yaml)
        } catch let error as DecodingError {
            throw DataError(file: source, ConfigurationMessage.describe(error))
        } catch {
            throw DataError(file: source, "not valid YAML: \(YAMLProblem.describe(error))")
        }
        try spec.validate(source: source)
        return spec
    }

    static let documentKeys = ["columns", "target", "prediction", "id", "timestamp"]
    static let columnKeys = ["name", "kind", "role", "test"]

    /// A misspelt key would otherwise be ignored without a word; name it instead.
    static func rejectUnknownKeys(yaml: String, source: String) throws {
        let node = try ConfigurationFile.compose(yaml: yaml, source: source)
        guard let root = node?.mapping else {
            throw DataError(file: source, "a schema is a mapping with a 'columns' list")
        }
        func check(_ mapping: Node.Mapping, known: [String], context: String) throws {
            for key in mapping.keys {
                guard let name = key.string, known.contains(name) else {
                    let line = key.mark.map { $0.line }
                    throw DataError(file: source, line: line, "unknown key '\(key.string ?? "?")'\(context) (known: \(known.joined(separator: ", ")))")
                }
            }
        }
        try check(root, known: documentKeys, context: "")
        for (index, column) in (root["columns"]?.sequence ?? []).enumerated() {
            if let mapping = column.mapping {
                try check(mapping, known: columnKeys, context: " in columns[\(index)]")
            }
        }
    }

    func validate(source: String) throws {
        var seen = Set<String>()
        for column in columns {
            if !seen.insert(column.name).inserted {
                throw DataError(file: source, column: column.name, "the schema lists this column twice")
            }
            if let test = column.test, let kind = column.kind, !test.applies(to: kind) {
                throw DataError(file: source, column: column.name, "test '\(test.rawValue)' does not apply to a \(kind.rawValue) column")
            }
        }
        let roles: [(String?, ColumnRole)] = [(target, .target), (prediction, .prediction), (id, .id), (timestamp, .timestamp)]
        for case let (name?, role) in roles {
            if let listed = columns.first(where: { $0.name == name }), let listedRole = listed.role, listedRole != role {
                throw DataError(file: source, column: name, "named as \(role.rawValue) but listed with role \(listedRole.rawValue)")
            }
        }
    }

    /// All columns of the spec with their roles, role columns appended when not listed.
    public var resolvedColumns: [ColumnSpec] {
        var result = columns
        let roles: [(String?, ColumnRole)] = [(target, .target), (prediction, .prediction), (id, .id), (timestamp, .timestamp)]
        for case let (name?, role) in roles {
            if let index = result.firstIndex(where: { $0.name == name }) {
                result[index].role = role
            } else {
                result.append(ColumnSpec(name: name, role: role))
            }
        }
        return result
    }
}

extension SchemaSpec {
    /// The full schema for a table read as the spec asked: listed columns keep their declared
    /// kinds, the others take the kind the reader inferred. Without a spec every column of the
    /// table is a feature.
    public static func resolve(_ spec: SchemaSpec?, against table: TypedTable) throws -> Schema {
        let specs = spec?.resolvedColumns ?? table.names.map { ColumnSpec(name: $0) }
        var columns: [ColumnSchema] = []
        for column in specs {
            guard let read = table.column(named: column.name) else {
                throw DataError(file: table.source, line: 1, column: column.name, "the schema names this column but the data has no such column (found: \(table.header.joined(separator: ", ")))")
            }
            let kind = column.kind ?? read.kind
            if let test = column.test, !test.applies(to: kind) {
                throw DataError(file: table.source, column: column.name, "test '\(test.rawValue)' does not apply to this \(kind.rawValue) column (its kind was inferred from the data)")
            }
            columns.append(ColumnSchema(name: column.name, kind: kind, role: column.role ?? .feature, driftTest: column.test))
        }
        return Schema(columns: columns)
    }
}

extension Schema {
    /// The schema as YAML that ``SchemaSpec/parse(yaml:source:)`` reads back.
    public var yaml: String {
        var lines = ["columns:"]
        for column in columns {
            var entry = "  - {name: \(yamlScalar(column.name)), kind: \(column.kind.rawValue)"
            if column.role != .feature { entry += ", role: \(column.role.rawValue)" }
            if let test = column.driftTest { entry += ", test: \(test.rawValue)" }
            lines.append(entry + "}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func yamlScalar(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." } && !text.isEmpty && !(text.first?.isNumber ?? false)
        return plain ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
