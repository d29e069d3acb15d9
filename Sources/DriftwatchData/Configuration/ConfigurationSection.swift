import Yams

/// One mapping of a YAML configuration file (`loop`, `loop.rollout`, `comparison`, …), read key by
/// key, so that every section refuses a value or an unknown key the same way: the key's dotted
/// path, the line of the file, and the rule the value broke.
public struct ConfigurationSection {
    /// The section's dotted path in the file ("" for the file's top level).
    public let path: String
    public let source: String
    public let node: Node
    public let mapping: Node.Mapping

    /// Throws when `node` is not a mapping (`shape` says what it should be; by default a mapping
    /// of the known keys) or holds a key that is not in `known`.
    public init(_ node: Node, path: String, known: [String], source: String, shape: String? = nil) throws {
        self.path = path
        guard let mapping = node.mapping else {
            let shape = shape ?? "a mapping (\(known.joined(separator: ", ")))"
            throw DataError(file: source, line: node.mark?.line, path.isEmpty ? shape : "\(path) is \(shape)")
        }
        for key in mapping.keys where !known.contains(key.string ?? "") {
            throw DataError(file: source, line: key.mark?.line, "unknown key '\(Self.qualified(key.string ?? "?", in: path))' (known: \(known.joined(separator: ", ")))")
        }
        self.source = source
        self.node = node
        self.mapping = mapping
    }

    public subscript(key: String) -> Node? { mapping[key] }

    /// A key's dotted path, as messages name it.
    public func qualified(_ key: String) -> String { Self.qualified(key, in: path) }

    static func qualified(_ key: String, in path: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The line a key stands on.
    public func line(_ key: String) -> Int? { mapping.first { $0.key.string == key }?.key.mark?.line }

    /// An error about a key, at its line (the section's when the key is absent).
    public func error(_ key: String, _ message: String) -> DataError {
        DataError(file: source, line: line(key) ?? node.mark?.line, message)
    }

    /// A finite number the rule accepts; nil when the key is absent. The error reads
    /// "`path.key` `rule`", e.g. "loop.holdout must be a share between 0 and 1".
    public func number(_ key: String, _ rule: String, _ valid: (Double) -> Bool) throws -> Double? {
        guard let node = mapping[key] else { return nil }
        guard let value = node.float, value.isFinite, valid(value) else { throw error(key, "\(qualified(key)) \(rule)") }
        return value
    }

    /// A whole number of at least `minimum` (and at most `maximum`); nil when the key is absent.
    public func whole(_ key: String, minimum: Int, maximum: Int? = nil) throws -> Int? {
        guard let node = mapping[key] else { return nil }
        guard let value = node.int, value >= minimum, value <= maximum ?? .max else {
            throw error(key, "\(qualified(key)) must be a whole number " + (maximum.map { "from \(minimum) to \($0)" } ?? "≥ \(minimum)"))
        }
        return value
    }

    /// true or false; nil when the key is absent.
    public func flag(_ key: String) throws -> Bool? {
        guard let node = mapping[key] else { return nil }
        guard let value = node.bool else { throw error(key, "\(qualified(key)) must be true or false") }
        return value
    }

    /// One of a set of names; nil when the key is absent.
    public func choice<Choice: RawRepresentable>(_ key: String, _ rule: String) throws -> Choice? where Choice.RawValue == String {
        guard let node = mapping[key] else { return nil }
        guard let value = node.string.flatMap(Choice.init(rawValue:)) else {
            throw error(key, "\(qualified(key)) \(rule), not \(node.string.map { "'\(Message.short($0, limit: 60))'" } ?? "a collection")")
        }
        return value
    }

    /// A mapping under `key`, read the same way; nil when the key is absent.
    public func section(_ key: String, known: [String], shape: String? = nil) throws -> ConfigurationSection? {
        guard let node = mapping[key] else { return nil }
        return try ConfigurationSection(node, path: qualified(key), known: known, source: source, shape: shape)
    }
}
