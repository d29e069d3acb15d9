import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import Foundation
import NIOCore

/// A JSON value of any shape, for the MLflow scoring formats.
enum AnyJSON: Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let array = try? container.decode([AnyJSON].self) { self = .array(array) }
        else { self = .object(try container.decode([String: AnyJSON].self)) }
    }

    var input: FeatureInput? {
        switch self {
        case .null: .missing
        case .bool(let flag): .text(flag ? "true" : "false")
        case .number(let value): .number(value)
        case .string(let text): .text(text)
        case .array, .object: nil
        }
    }

    var text: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let value): JSONText.number(value)
        case .string(let text): JSONText.quote(text)
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members): "{" + members.keys.sorted().map { JSONText.quote($0) + ":" + members[$0]!.text }.joined(separator: ",") + "}"
        }
    }
}

/// MLflow's scoring protocol (`mlflow models serve`): `dataframe_split`, `dataframe_records`,
/// `instances` and `inputs` in JSON, or CSV with a header row.
enum MLflowInput {
    static func records(_ buffer: ByteBuffer, contentType: String) throws -> [RequestRecord] {
        if contentType.hasPrefix("text/csv") { return try csv(buffer) }
        let document: AnyJSON
        do {
            document = try JSONDecoder().decode(AnyJSON.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("invalid JSON")
        }
        guard case .object(let top) = document, top.count == 1, let (key, value) = top.first else {
            throw APIError.badRequest("expected one of dataframe_split, dataframe_records, instances or inputs")
        }
        let records: [[String: AnyJSON]]
        switch (key, value) {
        case ("dataframe_split", .object(let split)):
            guard case .array(let columnValues)? = split["columns"], case .array(let rows)? = split["data"] else {
                throw APIError.badRequest("dataframe_split needs 'columns' and 'data'")
            }
            let columns = try columnValues.map { value -> String in
                guard case .string(let name) = value else { throw APIError.badRequest("dataframe_split columns must be names") }
                return name
            }
            records = try rows.enumerated().map { index, row in
                guard case .array(let values) = row, values.count == columns.count else {
                    throw APIError.badRequest("dataframe_split row \(index) must have \(columns.count) values")
                }
                return Dictionary(uniqueKeysWithValues: zip(columns, values))
            }
        case ("dataframe_records", .array(let rows)), ("instances", .array(let rows)), ("inputs", .array(let rows)):
            records = try rows.enumerated().map { index, row in
                guard case .object(let members) = row else { throw APIError.badRequest("\(key)[\(index)] must be an object keyed by column") }
                return members
            }
        case ("inputs", .object(let columns)):
            // Column-oriented: {"inputs": {"a": [1, 2], "b": ["x", "y"]}}.
            var length: Int?
            var arrays: [String: [AnyJSON]] = [:]
            for (name, value) in columns {
                guard case .array(let values) = value, length == nil || length == values.count else {
                    throw APIError.badRequest("inputs columns must be arrays of equal length")
                }
                length = values.count
                arrays[name] = values
            }
            records = (0..<(length ?? 0)).map { row in arrays.mapValues { $0[row] } }
        default:
            throw APIError.badRequest("unsupported '\(key)' payload: dataframe_split takes an object, the others arrays of records")
        }
        guard !records.isEmpty else { throw APIError.badRequest("no records to score") }
        return try records.enumerated().map { index, record in
            var inputs: [String: FeatureInput] = [:]
            for (name, value) in record {
                guard let input = value.input else { throw APIError.badRequest("record \(index): '\(name)' must be a scalar") }
                inputs[name] = input
            }
            return RequestRecord(inputs: inputs, json: AnyJSON.object(record).text)
        }
    }

    static func csv(_ buffer: ByteBuffer) throws -> [RequestRecord] {
        let table: TypedTable
        do {
            table = try CSVReader.read(Data(buffer.readableBytesView), source: "request body")
        } catch let error as DataError {
            throw APIError.badRequest(error.description)
        }
        // Kinds are inferred per column, as pandas reads a CSV payload.
        return (0..<table.rowCount).map { row in
            var inputs: [String: FeatureInput] = [:]
            var json: [String: AnyJSON] = [:]
            for (name, column) in zip(table.names, table.columns) {
                switch column {
                case .numeric(let numeric) where !numeric.values[row].isNaN:
                    inputs[name] = .number(numeric.values[row])
                    json[name] = .number(numeric.values[row])
                case .categorical(let categorical) where categorical.codes[row] >= 0:
                    let text = categorical.categories[Int(categorical.codes[row])]
                    inputs[name] = .text(text)
                    json[name] = .string(text)
                default:
                    inputs[name] = .missing
                    json[name] = .null
                }
            }
            return RequestRecord(inputs: inputs, json: AnyJSON.object(json).text)
        }
    }
}
