import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import Foundation
import NIOCore

/// A JSON value of any shape, for the MLflow scoring formats and feedback; its scalars are read
/// as feature values are everywhere (`FeatureInput`'s decoding: true and false as text, null as missing).
enum AnyJSON: Decodable {
    case scalar(FeatureInput)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let array = try? container.decode([AnyJSON].self) { self = .array(array) }
        else if let object = try? container.decode([String: AnyJSON].self) { self = .object(object) }
        else { self = .scalar(try container.decode(FeatureInput.self)) }
    }

    var input: FeatureInput? {
        if case .scalar(let input) = self { input } else { nil }
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
                guard case .scalar(.text(let name)) = value else { throw APIError.badRequest("dataframe_split columns must be names") }
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
            return RequestRecord(inputs: inputs, json: FeatureInput.jsonObject(inputs))
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
            for (name, column) in zip(table.names, table.columns) {
                switch column {
                case .numeric(let numeric) where !numeric.values[row].isNaN:
                    inputs[name] = .number(numeric.values[row])
                case .categorical(let categorical) where categorical.codes[row] >= 0:
                    inputs[name] = .text(categorical.categories[Int(categorical.codes[row])])
                default:
                    inputs[name] = .missing
                }
            }
            return RequestRecord(inputs: inputs, json: FeatureInput.jsonObject(inputs))
        }
    }
}
