import DriftwatchData
import DriftwatchLearning
import Foundation
import NIOCore

/// One record of a request: its inputs and the JSON text logged with its prediction.
struct RequestRecord {
    var inputs: [String: FeatureInput]
    var json: String
}

/// Turns request bodies into records; every failure is a 400 that says what was wrong.
enum RecordParsing {
    /// `/predict`: one flat JSON object, or an array of them.
    static func predictBody(_ buffer: ByteBuffer) throws -> (records: [RequestRecord], isArray: Bool) {
        try buffer.withUnsafeReadableBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
            guard start < bytes.count else { throw APIError.badRequest("empty body: send a JSON object or an array of objects") }
            if bytes[start] == UInt8(ascii: "[") {
                let slices = try arrayElements(bytes, from: start)
                guard !slices.isEmpty else { throw APIError.badRequest("empty array: send at least one record") }
                return (try slices.enumerated().map { index, slice in try record(UnsafeBufferPointer(rebasing: bytes[slice]), index: index) }, true)
            }
            return ([try record(UnsafeBufferPointer(rebasing: bytes[start...]), index: nil)], false)
        }
    }

    static func record(_ bytes: UnsafeBufferPointer<UInt8>, index: Int?) throws -> RequestRecord {
        let object: FlatJSONObject
        do {
            object = try FlatJSONObject.parse(bytes)
        } catch let error as FlatJSONObject.ParseError {
            let place = index.map { "record \($0): " } ?? ""
            throw APIError.badRequest("\(place)invalid JSON\(error.key.map { " at '\($0)'" } ?? ""): \(error.message)")
        }
        var inputs: [String: FeatureInput] = [:]
        for (key, value) in object.members {
            switch value {
            case .null: inputs[key] = .missing
            case .bool(let flag): inputs[key] = .text(flag ? "true" : "false")
            case .string(let text): inputs[key] = .text(text)
            case .number(let text):
                guard let number = NumberParser.parse(text), number.isFinite else {
                    throw APIError.badRequest("'\(key)' is not a finite number")
                }
                inputs[key] = .number(number)
            }
        }
        return RequestRecord(inputs: inputs, json: String(decoding: bytes, as: UTF8.self))
    }

    /// Byte ranges of the objects in a JSON array of flat objects (strings may contain any character).
    static func arrayElements(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = start + 1
        func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            skipSpace()
            guard i == bytes.count else { throw APIError.badRequest("invalid JSON: text after the array") }
            return []
        }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else {
                throw APIError.badRequest("invalid JSON: array elements must be objects keyed by feature name")
            }
            let objectStart = i
            var inString = false, escaped = false
            i += 1
            while i < bytes.count {
                let byte = bytes[i]
                if inString {
                    if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "}") {
                    break
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    throw APIError.badRequest("record \(ranges.count): nested arrays and objects are not supported")
                }
                i += 1
            }
            guard i < bytes.count else { throw APIError.badRequest("invalid JSON: an object is not closed") }
            i += 1
            ranges.append(objectStart..<i)
            skipSpace()
            guard i < bytes.count else { throw APIError.badRequest("invalid JSON: the array is not closed") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            guard bytes[i] == UInt8(ascii: "]") else { throw APIError.badRequest("invalid JSON: expected ',' or ']' in the array") }
            i += 1
            skipSpace()
            guard i == bytes.count else { throw APIError.badRequest("invalid JSON: text after the array") }
            return ranges
        }
    }
}
