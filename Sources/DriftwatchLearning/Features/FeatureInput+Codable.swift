extension FeatureInput: Codable {
    /// A JSON scalar: a number, a string, true or false (as text, as a flat JSON record reads
    /// them), or null for missing; or an array of finite numbers, a vector.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // The common kinds first: a failed attempt costs a thrown error.
        if container.decodeNil() {
            self = .missing
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let numbers = try? container.decode([Double].self) {
            guard !numbers.isEmpty, numbers.allSatisfy(\.isFinite) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a vector must hold at least one number, every one finite")
            }
            self = .vector(numbers)
        } else {
            self = .text(try container.decode(Bool.self) ? "true" : "false")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let text): try container.encode(text)
        case .vector(let numbers): try container.encode(numbers)
        case .missing: try container.encodeNil()
        }
    }
}
