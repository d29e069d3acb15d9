import DriftwatchData
import DriftwatchLearning
import Foundation

/// One tensor of the Open Inference Protocol (v2) in its JSON form — `name`, `shape`, `datatype`,
/// and `data` nested or flat in row-major order — read into feature values: numbers, text for
/// `BYTES`, and `null` (or Python's `NaN`) as missing. The predictor reads its inference requests
/// and the agent the requests and responses KServe's logger sends with it.
public struct InferenceTensor: Sendable {
    public var name: String
    public var shape: [Int]
    public var datatype: String
    /// Row-major elements; empty when the tensor's data come in the binary form.
    public var values: [FeatureInput]
    /// `parameters.binary_data_size`, when the data follow the JSON in binary.
    public var binarySize: Int?

    /// Element types of the protocol and their sizes in the binary form (BYTES: length-prefixed).
    public static let numericTypes: [String: Int] = ["BOOL": 1, "UINT8": 1, "UINT16": 2, "UINT32": 4, "UINT64": 8, "INT8": 1, "INT16": 2, "INT32": 4,
                                                     "INT64": 8, "FP16": 2, "FP32": 4, "FP64": 8]
    static let maximumDepth = 8

    /// Reads a tensor object; `role` names it in errors ("input", "output").
    public init(_ item: Any, role: String, index: Int) throws {
        guard let tensor = item as? [String: Any], let name = tensor["name"] as? String else { throw APIError.badRequest("\(role)s[\(index)] is not a tensor with a name") }
        guard let shape = tensor["shape"] as? [Int], !shape.isEmpty, shape.count <= Self.maximumDepth, shape.allSatisfy({ $0 >= 0 && $0 <= 10_000_000 }) else {
            throw APIError.badRequest("\(role) '\(Message.short(name, limit: 60))': shape must be a list of sizes")
        }
        guard let datatype = tensor["datatype"] as? String, datatype == "BYTES" || Self.numericTypes[datatype] != nil else {
            throw APIError.badRequest("\(role) '\(Message.short(name, limit: 60))': datatype '\(Message.short("\(tensor["datatype"] ?? "none")", limit: 20))' is not one of the protocol's (FP64, INT64, BYTES, …)")
        }
        self.name = name
        self.shape = shape
        self.datatype = datatype
        values = []
        if let size = (tensor["parameters"] as? [String: Any])?["binary_data_size"] {
            guard let size = size as? Int, size >= 0 else { throw APIError.badRequest("\(role) '\(name)': binary_data_size is not a size") }
            binarySize = size
            return
        }
        guard let data = tensor["data"] as? [Any] else { throw APIError.badRequest("\(role) '\(name)' has no data (nor parameters.binary_data_size)") }
        var flat: [Any] = []
        try Self.flatten(data, into: &flat, depth: 0, name: name, role: role)
        let count = shape.reduce(1, *)
        guard flat.count == count else { throw APIError.badRequest("\(role) '\(name)' has \(flat.count) values for shape \(Self.text(shape))") }
        values = try flat.enumerated().map { try Self.element($1, datatype: datatype, name: name, index: $0, role: role) }
    }

    public static func text(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    static func flatten(_ data: [Any], into flat: inout [Any], depth: Int, name: String, role: String) throws {
        guard depth < maximumDepth else { throw APIError.badRequest("\(role) '\(name)': data is nested too deeply") }
        for item in data {
            if let nested = item as? [Any] { try flatten(nested, into: &flat, depth: depth + 1, name: name, role: role) } else { flat.append(item) }
        }
    }

    /// A JSON element: a number (or true/false for BOOL), text for BYTES, null for a missing value.
    static func element(_ value: Any, datatype: String, name: String, index: Int, role: String) throws -> FeatureInput {
        if value is NSNull { return .missing }
        if datatype == "BYTES" {
            guard let text = value as? String else { throw APIError.badRequest("\(role) '\(name)'[\(index)]: BYTES data are strings") }
            return .text(text)
        }
        guard !(value is String), let number = value as? NSNumber else { throw APIError.badRequest("\(role) '\(name)'[\(index)]: \(datatype) data are numbers") }
        let double = number.doubleValue
        guard double.isFinite else { throw APIError.badRequest("\(role) '\(name)'[\(index)] is not a finite number") }
        return .number(double)
    }

    /// A JSON document from a Python client: a bare `NaN` (what `json.dumps` writes for a missing
    /// float, and JSON does not have) is read as null outside strings.
    public static func jsonObject(_ bytes: ArraySlice<UInt8>) -> [String: Any]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false, escaped = false
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "N"), bytes[index...].starts(with: "NaN".utf8) {
                out += "null".utf8
                index += 3
                continue
            }
            out.append(byte)
            index += 1
        }
        return try? JSONSerialization.jsonObject(with: Data(out)) as? [String: Any]
    }
}
