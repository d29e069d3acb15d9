import DriftwatchData
import DriftwatchHTTP
import DriftwatchLearning
import Foundation
import NIOCore

/// An Open Inference Protocol (v2) inference request turned into the records `/predict` scores:
/// one input tensor per feature column, each holding the batch's values in row-major order, in JSON
/// (`data`) or in the binary tensor extension (`parameters.binary_data_size`, the bytes after a JSON
/// header of `Inference-Header-Content-Length` bytes, as Triton's clients send them). Every way a
/// tensor can contradict the model or itself is a 400 naming the tensor.
///
/// Protocol: https://github.com/kserve/open-inference-protocol (specification/protocol/inference_rest.md);
/// binary tensors: Triton's `binary_data` extension (docs/protocol/extension_binary_data.md).
struct InferenceRequest {
    var id: String?
    var records: [RequestRecord]
    /// The outputs asked for, in order (nil: every output), and whether each comes back as binary.
    var outputs: [(name: String, binary: Bool)]?
    /// `parameters.binary_data_output`: every output binary unless it says otherwise.
    var binaryByDefault: Bool

    /// `columns`: the model's input columns and their kinds.
    static func parse(_ body: ByteBuffer, headerLength: String?, columns: [(name: String, kind: ColumnKind)]) throws -> InferenceRequest {
        let bytes = Array(body.readableBytesView)
        var jsonEnd = bytes.count
        if let headerLength {
            guard let length = Int(headerLength), length >= 0, length <= bytes.count else {
                throw APIError.badRequest("Inference-Header-Content-Length '\(Message.short(headerLength, limit: 40))' is not a length within the body (\(bytes.count) bytes)")
            }
            jsonEnd = length
        }
        guard let object = InferenceTensor.jsonObject(bytes[0..<jsonEnd]) else {
            throw APIError.badRequest("the inference request is not a JSON object")
        }
        var binary = bytes[jsonEnd...]
        guard let tensors = object["inputs"] as? [Any], !tensors.isEmpty else { throw APIError.badRequest("inputs must be a non-empty list of tensors") }
        let kinds = Dictionary(columns.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var values: [String: [FeatureInput]] = [:]
        var rows: Int?
        for (index, item) in tensors.enumerated() {
            let tensor = try InferenceTensor(item, role: "input", index: index)
            let name = tensor.name
            guard let kind = kinds[name] else {
                throw APIError.badRequest("unknown input '\(Message.short(name, limit: 60))' (the model's inputs: \(columns.map(\.name).joined(separator: ", ")))")
            }
            guard values[name] == nil else { throw APIError.badRequest("input '\(name)' is given twice") }
            let batch = try rowCount(tensor.shape, name: name)
            if let rows, rows != batch { throw APIError.badRequest("input '\(name)' has \(batch) rows, the other inputs \(rows)") }
            rows = batch
            if kind == .numeric, tensor.datatype == "BYTES" { throw APIError.badRequest("input '\(name)' is a number: send it as FP64 (or another number type), not BYTES") }
            var elements = tensor.values
            if let size = tensor.binarySize {
                guard size <= binary.count else {
                    throw APIError.badRequest("input '\(name)': binary_data_size is not a size within the \(binary.count) bytes left of the body")
                }
                elements = try decode(binary.prefix(size), datatype: tensor.datatype, count: batch, name: name)
                binary = binary.dropFirst(size)
            }
            values[name] = kind == .categorical ? elements.map(categoryValue) : elements
        }
        guard binary.isEmpty else { throw APIError.badRequest("\(binary.count) bytes after the tensors belong to no input") }
        if let missing = columns.first(where: { values[$0.name] == nil }) { throw APIError.badRequest("missing input '\(missing.name)'") }
        let count = rows ?? 0
        guard count > 0 else { throw APIError.badRequest("the inputs hold no rows") }
        let records = (0..<count).map { row in
            let inputs = values.mapValues { $0[row] }
            return RequestRecord(inputs: inputs, json: FeatureInput.jsonObject(inputs))
        }
        let parameters = object["parameters"] as? [String: Any]
        var outputs: [(String, Bool)]?
        if let requested = object["outputs"] as? [Any] {
            outputs = try requested.enumerated().map { index, item in
                guard let output = item as? [String: Any], let name = output["name"] as? String else { throw APIError.badRequest("outputs[\(index)] has no name") }
                let binary = (output["parameters"] as? [String: Any])?["binary_data"] as? Bool
                return (name, binary ?? (parameters?["binary_data_output"] as? Bool ?? false))
            }
        }
        return InferenceRequest(id: object["id"] as? String, records: records, outputs: outputs,
                                binaryByDefault: parameters?["binary_data_output"] as? Bool ?? false)
    }

    /// The rows of a shape `[rows]` or `[rows, 1]`: one value per row and input.
    static func rowCount(_ dimensions: [Int], name: String) throws -> Int {
        guard dimensions.count <= 2 else { throw APIError.badRequest("input '\(name)': shape must be [rows] or [rows, 1]") }
        guard dimensions.count == 1 || dimensions[1] == 1 else {
            throw APIError.badRequest("input '\(name)': shape \(InferenceTensor.text(dimensions)) holds \(dimensions[1]) values a row; one column is one input of shape [rows, 1]")
        }
        return dimensions[0]
    }

    /// A tensor's elements from the binary form: little-endian numbers, or BYTES as a 4-byte
    /// little-endian length followed by that many bytes.
    static func decode(_ bytes: ArraySlice<UInt8>, datatype: String, count: Int, name: String) throws -> [FeatureInput] {
        let raw = Array(bytes)
        if datatype == "BYTES" {
            var result: [FeatureInput] = [], offset = 0
            result.reserveCapacity(min(count, raw.count / 4))
            while offset < raw.count {
                guard offset + 4 <= raw.count else { throw APIError.badRequest("input '\(name)': a BYTES element's length is cut off") }
                let length = Int(UInt32(raw[offset]) | UInt32(raw[offset + 1]) << 8 | UInt32(raw[offset + 2]) << 16 | UInt32(raw[offset + 3]) << 24)
                offset += 4
                guard length <= raw.count - offset else { throw APIError.badRequest("input '\(name)': a BYTES element runs past its binary data") }
                result.append(.text(String(decoding: raw[offset..<offset + length], as: UTF8.self)))
                offset += length
            }
            guard result.count == count else { throw APIError.badRequest("input '\(name)' has \(result.count) BYTES elements for \(count) rows") }
            return result
        }
        let size = InferenceTensor.numericTypes[datatype]!
        guard raw.count == size * count else { throw APIError.badRequest("input '\(name)': binary_data_size is \(raw.count) bytes, \(count) \(datatype) values take \(size * count)") }
        return try (0..<count).map { index in
            var bits: UInt64 = 0
            for byte in 0..<size { bits |= UInt64(raw[index * size + byte]) << (8 * byte) }
            let value: Double
            switch datatype {
            case "BOOL", "UINT8", "UINT16", "UINT32", "UINT64": value = Double(bits)
            case "INT8": value = Double(Int8(truncatingIfNeeded: bits))
            case "INT16": value = Double(Int16(truncatingIfNeeded: bits))
            case "INT32": value = Double(Int32(truncatingIfNeeded: bits))
            case "INT64": value = Double(Int64(bitPattern: bits))
            case "FP16": value = Double(Float16(bitPattern: UInt16(truncatingIfNeeded: bits)))
            case "FP32": value = Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
            default: value = Double(bitPattern: bits)
            }
            // A NaN is the binary form's missing value; an infinity is refused as in JSON.
            if value.isNaN { return .missing }
            guard value.isFinite else { throw APIError.badRequest("input '\(name)'[\(index)] is not a finite number") }
            return .number(value)
        }
    }

    /// A categorical column's value: numbers sent for it are its categories' text.
    static func categoryValue(_ input: FeatureInput) -> FeatureInput {
        if case .number(let number) = input { return .text(FeatureInput.categoryText(number)) }
        return input
    }
}
