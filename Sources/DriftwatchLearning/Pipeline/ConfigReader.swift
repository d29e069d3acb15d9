import DriftwatchData
import Yams

/// Typed access to a YAML mapping with errors that name the key and its line.
struct ConfigReader {
    let source: String

    func error(_ mapping: Node.Mapping, _ key: String, _ message: String) -> DataError {
        let line = mapping.first { $0.key.string == key }?.key.mark?.line
        return DataError(file: source, line: line, message)
    }

    func rejectUnknown(_ mapping: Node.Mapping, known: [String], context: String) throws {
        for key in mapping.keys where !known.contains(key.string ?? "") {
            throw DataError(file: source, line: key.mark?.line, "unknown key '\(key.string ?? "?")'\(context) (known: \(known.joined(separator: ", ")))")
        }
    }

    private func node(_ mapping: Node.Mapping, _ key: String, required: Bool) throws -> Node? {
        guard let node = mapping[key], node != Node("~") else {
            if required { throw DataError(file: source, "missing key '\(key)'") }
            return nil
        }
        return node
    }

    func string(_ mapping: Node.Mapping, _ key: String, required: Bool = false) throws -> String? {
        guard let node = try node(mapping, key, required: required) else { return nil }
        guard let text = node.scalar?.string else { throw error(mapping, key, "'\(key)' must be a single value") }
        return text
    }

    func double(_ mapping: Node.Mapping, _ key: String) throws -> Double? {
        guard let node = try node(mapping, key, required: false) else { return nil }
        guard let value = node.float else { throw error(mapping, key, "'\(key)' must be a number") }
        return value
    }

    func int(_ mapping: Node.Mapping, _ key: String) throws -> Int? {
        guard let node = try node(mapping, key, required: false) else { return nil }
        guard let value = node.int else { throw error(mapping, key, "'\(key)' must be a whole number") }
        return value
    }

    func bool(_ mapping: Node.Mapping, _ key: String) throws -> Bool? {
        guard let node = try node(mapping, key, required: false) else { return nil }
        guard let value = node.bool else { throw error(mapping, key, "'\(key)' must be true or false") }
        return value
    }

    func mapping(_ mapping: Node.Mapping, _ key: String, required: Bool = false) throws -> Node.Mapping? {
        guard let node = try node(mapping, key, required: required) else { return nil }
        guard let result = node.mapping else { throw error(mapping, key, "'\(key)' must be a mapping") }
        return result
    }

    func strings(_ mapping: Node.Mapping, _ key: String) throws -> [String] {
        guard let node = try node(mapping, key, required: false) else { return [] }
        guard let items = node.sequence?.compactMap({ $0.scalar?.string }), items.count == node.sequence?.count else {
            throw error(mapping, key, "'\(key)' must be a list of column names")
        }
        return items
    }

    func numbers(_ mapping: Node.Mapping, _ key: String) throws -> [String: Double] {
        guard let node = try self.mapping(mapping, key) else { return [:] }
        var result: [String: Double] = [:]
        for (name, value) in node {
            guard let number = value.float ?? value.bool.map({ $0 ? 1 : 0 }) else {
                throw DataError(file: source, line: name.mark?.line, "\(key).\(name.string ?? "?") must be a number")
            }
            result[name.string ?? "?"] = number
        }
        return result
    }

    func crosses(_ mapping: Node.Mapping) throws -> [[String]] {
        guard let node = try node(mapping, "crosses", required: false) else { return [] }
        guard let list = node.sequence else { throw error(mapping, "crosses", "'crosses' must be a list of column lists") }
        return try list.map { item in
            guard let columns = item.sequence?.compactMap({ $0.scalar?.string }), columns.count >= 2, columns.count == item.sequence?.count else {
                throw error(mapping, "crosses", "each cross is a list of two or more column names")
            }
            return columns
        }
    }

    func filters(_ mapping: Node.Mapping) throws -> [RowFilter] {
        guard let node = try node(mapping, "filters", required: false) else { return [] }
        guard let list = node.sequence else { throw error(mapping, "filters", "'filters' must be a list") }
        return try list.map { item in
            guard let filter = item.mapping, let column = filter["column"]?.string else {
                throw DataError(file: source, line: item.mark?.line, "each filter names a column: {column: x, between: [a, b]}")
            }
            try rejectUnknown(filter, known: ["column", "between", "min", "max", "in", "present"], context: " in a filter")
            if let range = filter["between"]?.sequence?.compactMap(\.float), range.count == 2 {
                return RowFilter(column: column, condition: .between(range[0], range[1]))
            }
            if let low = filter["min"]?.float { return RowFilter(column: column, condition: .atLeast(low)) }
            if let high = filter["max"]?.float { return RowFilter(column: column, condition: .atMost(high)) }
            if let values = filter["in"]?.sequence?.compactMap({ $0.scalar?.string }) { return RowFilter(column: column, condition: .oneOf(values)) }
            if filter["present"]?.bool == true { return RowFilter(column: column, condition: .present) }
            throw DataError(file: source, line: item.mark?.line, "filter on '\(column)' needs one of: between: [a, b], min, max, in: [...], present: true")
        }
    }
}
