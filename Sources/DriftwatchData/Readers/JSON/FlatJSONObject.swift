/// A flat JSON object (values that are strings, numbers, booleans, null, or arrays of numbers) with its keys in
/// order, as the predictor's and the agent's endpoints receive records. The grammar is
/// ``FlatJSONScanner``'s; this type makes strings of what it finds.
public struct FlatJSONObject: Sendable {
    public enum Value: Equatable, Sendable {
        case null
        case bool(Bool)
        /// The number's text, as written (already checked against the JSON number grammar).
        case number(String)
        case string(String)
        /// An array of numbers as written (checked against the grammar); ``VectorText`` reads it.
        case array(String)

        public var isArray: Bool {
            if case .array = self { return true }
            return false
        }
    }

    public struct ParseError: Error, Equatable {
        public var key: String?
        public var message: String

        public init(key: String? = nil, message: String) {
            self.key = key
            self.message = message
        }
    }

    public var members: [(key: String, value: Value)] = []

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> FlatJSONObject {
        var scanner = FlatJSONScanner(bytes: bytes)
        var result = FlatJSONObject()
        // Keys seen so far, for wide records (a linear search is quicker for narrow ones).
        var seen: Set<String>?
        func validated(_ text: FlatJSONScanner.JSONText) throws -> String {
            guard let string = text.withBytes(in: bytes, { String(validating: $0, as: UTF8.self) }) else {
                throw ParseError(message: "invalid UTF-8")
            }
            return string
        }
        do {
            try scanner.object { rawKey, rawValue in
                let key = try validated(rawKey)
                let value: Value
                switch rawValue {
                case .null: value = .null
                case .bool(let flag): value = .bool(flag)
                case .number(let text): value = .number(text.string(in: bytes))
                case .string(let text): value = .string(try validated(text))
                case .array(let text): value = .array(text.string(in: bytes))
                }
                let repeated: Bool
                if result.members.count < 16 {
                    repeated = result.members.contains { $0.key == key }
                } else {
                    if seen == nil { seen = Set(result.members.map(\.key)) }
                    repeated = !seen!.insert(key).inserted
                }
                if repeated { throw ParseError(key: key, message: "the key appears twice in the object") }
                result.members.append((key, value))
            }
        } catch let failure as FlatJSONScanner.Failure {
            throw ParseError(key: failure.key.map { $0.string(in: bytes) }, message: failure.message)
        }
        return result
    }
}
