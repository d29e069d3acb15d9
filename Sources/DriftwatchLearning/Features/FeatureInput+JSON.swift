import DriftwatchData

extension FeatureInput {
    /// The input a flat JSON value stands for; nil for a number that is not finite or an array
    /// that is not a vector (empty, or holding a number that is not finite).
    public init?(_ value: FlatJSONObject.Value) {
        switch value {
        case .null: self = .missing
        case .bool(let flag): self = .text(flag ? "true" : "false")
        case .string(let text): self = .text(text)
        case .number(let text):
            guard let number = NumberParser.parse(text), number.isFinite else { return nil }
            self = .number(number)
        case .array(let text):
            guard let numbers = try? VectorText.parse(text) else { return nil }
            self = .vector(numbers)
        }
    }
}

extension FeatureInput {
    /// A flat JSON object's members as inputs; throws naming the first key whose number is not
    /// finite (what JSON text can hold and a model cannot take).
    public static func values(of object: FlatJSONObject) throws(FlatJSONObject.ParseError) -> [String: FeatureInput] {
        var values: [String: FeatureInput] = [:]
        values.reserveCapacity(object.members.count)
        for (key, value) in object.members {
            guard let input = FeatureInput(value) else {
                throw FlatJSONObject.ParseError(key: key, message: "'\(key)' is not a finite number\(value.isArray ? " (or its array is empty)" : "")")
            }
            values[key] = input
        }
        return values
    }
}

extension FeatureInput {
    /// The value as JSON text: a number, a string, or null for missing.
    public var jsonText: String {
        switch self {
        case .number(let number): JSONText.number(number)
        case .text(let text): JSONText.quote(text)
        case .vector(let numbers): VectorText.format(numbers)
        case .missing: "null"
        }
    }

    /// A flat JSON object of named values, keys in order (what the prediction log keeps).
    public static func jsonObject(_ members: [String: FeatureInput]) -> String {
        "{" + members.sorted { $0.key < $1.key }.map { JSONText.quote($0.key) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
    }
}
