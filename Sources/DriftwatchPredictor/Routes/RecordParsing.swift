import DriftwatchData
import DriftwatchHTTP
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
            do {
                let (objects, isArray) = try FlatJSONRecords.parse(bytes)
                return (try objects.map { object, range in try record(object, json: String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)) }, isArray)
            } catch let failure as FlatJSONRecords.Failure {
                throw APIError.badRequest(failure.message)
            }
        }
    }

    static func record(_ object: FlatJSONObject, json: String) throws -> RequestRecord {
        do {
            return RequestRecord(inputs: try FeatureInput.values(of: object), json: json)
        } catch {
            throw APIError.badRequest(error.message)
        }
    }
}
